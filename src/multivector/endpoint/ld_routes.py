"""The linked-data routes of the front: the project's IRIs resolve under this server's origin.

``https://w3id.org/multivector/id/Kazakhstan`` is served at ``/id/Kazakhstan``, a vocabulary
concept at ``/vocab/…``, the ontology at ``/ontology``, following the W3C notes "Cool URIs for the
Semantic Web" and "Best Practice Recipes for Publishing RDF Vocabularies":

* ``/id/…`` and ``/vocab/…`` are slash IRIs naming things, not documents: ``GET`` answers
  ``303 See Other`` to the document in the representation the ``Accept`` header prefers
  (``multivector.endpoint.negotiation``) — ``/id/Kazakhstan.html`` (the site's page), ``.ttl``,
  ``.jsonld``, ``.nt``, ``.rdf``, ``.trig``, ``.nq``; ``Vary: Accept``;
* ``/ontology`` is the document of a hash namespace (``…/ontology#Membership``): it answers
  ``303`` to ``/ontology/index.html`` (the site's pyLODE page) or ``/ontology.ttl`` etc.;
* a document URL answers ``200`` with the description (``multivector.endpoint.describe``), or
  for ``.html`` the static site's page when the site is built into the served folder, else a
  page drawn by the server (``multivector.endpoint.pages``);
* an IRI the graph does not mention is ``404``, an ``Accept`` header that takes none of the
  representations ``406`` — one line each;
* ``/`` is the static site (``multivector site``) when built, else the query page.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import RDFS, SKOS
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from multivector.endpoint import describe as describing
from multivector.endpoint import pages
from multivector.endpoint.negotiation import BY_EXTENSION, HTML, Representation, choose, offered
from multivector.endpoint.proxy import Proxy, refusal
from multivector.endpoint.settings import EndpointSettings
from multivector.endpoint.sparql_routes import guarded
from multivector.errors import InputError
from multivector.namespaces import curie

ONTOLOGY_IRI = pages.BASE + "ontology"


def _context(request: Request) -> tuple[EndpointSettings, Proxy]:
    state = request.app.state
    return state.settings, state.proxy


def _split(path: str) -> tuple[str, Representation | None]:
    """``/id/Kazakhstan.ttl`` -> (``/id/Kazakhstan``, Turtle); a path without a known extension
    names the thing itself: (path, None)."""
    head, slash, last = path.rpartition("/")
    stem, dot, extension = last.rpartition(".")
    if dot and stem and extension in BY_EXTENSION:
        return f"{head}{slash}{stem}", BY_EXTENSION[extension]
    return path, None


def _site_page(settings: EndpointSettings, iri: str) -> str | None:
    """The static site's path for ``iri`` (``id/Kazakhstan.html``, ``vocab/index.html#Member``,
    ``ontology/index.html``) when the site is built and has it, else None."""
    site = site_folder(settings)
    if site is None:
        return None
    from multivector.site.pages import anchor_name, node_path

    if iri == ONTOLOGY_IRI:
        path, fragment = "ontology/index.html", ""
    elif iri.startswith(pages.BASE + "vocab/"):
        path, fragment = "vocab/index.html", anchor_name(URIRef(iri))
    else:
        path, fragment = node_path(URIRef(iri)), ""
    if not (site / path).is_file():
        return None
    return f"{path}#{fragment}" if fragment else path


def _site_file(settings: EndpointSettings, path: str) -> Path | None:
    """The built site's HTML file at the request ``path``, if there is one."""
    site = site_folder(settings)
    if site is None or not path.endswith((".html", "/")):
        return None
    relative = path.lstrip("/") + ("index.html" if path.endswith("/") else "")
    candidate = (site / relative).resolve()
    if site.resolve() not in candidate.parents or not candidate.is_file():
        return None  # never outside the site folder
    return candidate


def _questions(iri: str) -> tuple[str, ...]:
    if iri == ONTOLOGY_IRI:
        return describing.ONTOLOGY
    if iri.startswith(pages.BASE + "vocab/"):
        return describing.TERM
    return describing.ENTITY


def _unknown(iri: str) -> Response:
    return refusal(404, f"not found: the graph says nothing about <{iri}>")


def _not_acceptable() -> Response:
    return refusal(406, f"not acceptable: this resource is available as {offered()}")


async def thing(request: Request) -> Response:
    """``/id/…``, ``/vocab/…``, ``/ontology``: 303 to the negotiated document."""
    settings, proxy = _context(request)
    static = _site_file(settings, request.url.path)
    if static is not None:  # a page of the built site (``/id/Kazakhstan.html``, ``/vocab/``)
        return FileResponse(static, media_type="text/html")
    path, representation = _split(request.url.path)
    if representation is not None:
        return await document(request, path, representation)
    iri = pages.BASE + path.lstrip("/")
    if not await describing.exists(proxy, iri):
        return _unknown(iri)
    chosen = choose(request.headers.get("accept"))
    if chosen is None:
        return _not_acceptable()
    site_page = _site_page(settings, iri) if chosen is HTML else None
    target = f"/{site_page}" if site_page else f"{path}.{chosen.extension}"
    return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})


async def document(request: Request, path: str, representation: Representation) -> Response:
    """A document: the description in one representation (200), or the resource's page."""
    settings, proxy = _context(request)
    iri = pages.BASE + path.lstrip("/")
    if representation is HTML:
        site_page = _site_page(settings, iri)
        if site_page is not None:  # the site's page, under its own path (relative links work)
            return RedirectResponse(f"/{site_page}", status_code=303)
    description = await describing.describe(proxy, iri, _questions(iri))
    if not len(description):
        return _unknown(iri)
    if representation is HTML:
        return HTMLResponse(pages.resource_page(description, path, _title(description)))
    return Response(description.serialize(representation),
                    media_type=representation.media_type)


def _title(description: describing.Description) -> str:
    """The resource's English label (rdfs:label, skos:prefLabel), else any, else its CURIE."""
    names = {str(RDFS.label), str(SKOS.prefLabel)}
    labels: dict[str, str] = {}
    for q in description.quads:
        if (q.subject.value == description.iri and q.predicate.value in names
                and isinstance(q.object, ox.Literal)):
            labels.setdefault(q.object.language or "", q.object.value)
    fallback = curie(URIRef(description.iri))
    return labels.get("en") or labels.get("") or next(iter(labels.values()), fallback)


def _resolving(handler):
    """The description's engine errors become their one-line answer (as the SPARQL routes'),
    a path that makes no IRI a 404."""

    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request)
        except describing.EngineAnswer as exc:
            return refusal(exc.status, exc.message)
        except (InputError, ValueError):  # the path makes no IRI (a space, a quote…): none such
            return refusal(404, f"not found: {request.url.path} names no IRI of the graph")

    endpoint.__name__ = handler.__name__
    endpoint.__doc__ = handler.__doc__
    return guarded(endpoint)


async def home(request: Request) -> Response:
    """``/`` without a site: the query page."""
    settings, _ = _context(request)
    return HTMLResponse(pages.query_page(settings.queries))


def routes(settings: EndpointSettings) -> list[BaseRoute]:
    """The routes this module serves; the site (when built) is mounted last, at ``/``."""
    resolve = _resolving(thing)
    found: list[BaseRoute] = [
        Route("/id/{rest:path}", resolve, methods=["GET", "HEAD"]),
        Route("/vocab/{rest:path}", resolve, methods=["GET", "HEAD"]),
        Route("/ontology", resolve, methods=["GET", "HEAD"]),
        *(Route(f"/ontology.{r.extension}", resolve, methods=["GET", "HEAD"])
          for r in BY_EXTENSION.values()),
    ]
    if site_folder(settings) is None:
        found.append(Route("/", guarded(home), methods=["GET", "HEAD"]))
    else:
        found.append(Mount("/", app=StaticFiles(directory=settings.site, html=True)))
    return found


def site_folder(settings: EndpointSettings) -> Path | None:
    site = settings.site
    return site if site is not None and (site / "index.html").is_file() else None


__all__ = ["ONTOLOGY_IRI", "routes", "site_folder"]
