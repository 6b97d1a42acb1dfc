"""The HTML ``serve`` writes itself: the query page, and a resource's page when no site is built.

Why this module exists: the query page must open with the project's prefixes and its named
queries as ready-made examples, make no request to any other host, and lead result IRIs to this
server's pages. It is the YASGUI the Oxigraph server ships (its ``yasgui.min.js``, served from the
engine through the front — nothing from a CDN), configured here: the prefix autocompleter reads
``/sparql/prefixes.json`` instead of ``prefix.cc``, the autocompleters that ask
``lov.linkeddata.es`` are off, and links to ``https://w3id.org/multivector/…`` are rewritten to
this origin.

When the static site was built into the served folder (``multivector site``), an entity's HTML
is its page there; otherwise :func:`resource_page` draws a plain table of the description, with
links to the same server's pages and the RDF downloads.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from rdflib import URIRef

from multivector.endpoint.describe import Description
from multivector.endpoint.negotiation import REPRESENTATIONS
from multivector.namespaces import PREFIXES, curie

#: the base every project IRI starts with; its path is served by this origin
BASE = "https://w3id.org/multivector/"
PREFIXES_URL = "/sparql/prefixes.json"
SPARQL_PATH = "/sparql"


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("multivector.endpoint", "templates"),
                       autoescape=select_autoescape(["html"]), keep_trailing_newline=True)


def prefixes() -> dict[str, str]:
    """The project's prefixes (``multivector.namespaces``), prefix -> namespace."""
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def examples(queries: Path | None) -> list[dict[str, str]]:
    """The named queries under ``queries`` with their default parameters bound, as a client
    sends them (``name``, ``question``, ``text``)."""
    from multivector.errors import InputError
    from multivector.queries import bindings, catalogue, with_values

    found = []
    for query in catalogue(queries).values() if queries is not None else []:
        try:
            text = with_values(query.text, bindings(query, {}), query.path)
        except InputError:  # a parameter without a default: the example shows it unbound
            text = query.text
        found.append({"name": query.name, "question": query.question, "text": text})
    return found


def query_page(queries: Path | None) -> str:
    """The query page: YASGUI with the project's prefixes and named queries."""
    found = examples(queries)
    config = {
        "endpoint": SPARQL_PATH, "prefixesUrl": PREFIXES_URL, "prefixes": prefixes(),
        "examples": found, "base": BASE,
    }
    # inside <script>: "</" must not end the element early
    config_json = Markup(json.dumps(config, ensure_ascii=False).replace("</", "<\\/"))
    prefix_block = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in prefixes().items())
    return _environment().get_template("query.html").render(
        examples=found, config_json=config_json, prefix_block=prefix_block,
    )


def local_path(iri: str) -> str | None:
    """This origin's path for a project IRI (``/id/Kazakhstan``), None for other IRIs."""
    return "/" + iri[len(BASE):] if iri.startswith(BASE) else None


def _cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph) -> Markup:
    if isinstance(term, ox.Literal):
        suffix = f"@{term.language}" if term.language else ""
        return Markup(f"{escape(term.value)}<small>{escape(suffix)}</small>")
    if isinstance(term, ox.NamedNode):
        shown = curie(URIRef(term.value))
        target = local_path(term.value)
        if target is None and term.value.startswith(("http://", "https://")):
            target = term.value  # only web links: a javascript: or data: IRI stays text
        if target is None:
            return Markup(f"<code>{escape(shown)}</code>")
        return Markup(f'<a href="{escape(target)}">{escape(shown)}</a>')
    return Markup(f"<code>{escape(str(term))}</code>")


def resource_page(description: Description, document: str, title: str) -> str:
    """A plain page for ``description``; ``document`` is its document path without extension
    (``/id/Kazakhstan``), to which the download links add theirs."""
    alternates = [{"name": r.media_type, "media_type": r.media_type,
                   "href": f"{document}.{r.extension}"}
                  for r in REPRESENTATIONS if r.rdflib_format]
    rows = [(_cell(q.subject), _cell(q.predicate), _cell(q.object), _cell(q.graph_name))
            for q in description.statements()]
    return _environment().get_template("resource.html").render(
        title=title, iri=description.iri, alternates=alternates, rows=rows, count=len(rows),
    )


__all__ = ["BASE", "PREFIXES_URL", "SPARQL_PATH", "examples", "local_path", "prefixes",
           "query_page", "resource_page"]
