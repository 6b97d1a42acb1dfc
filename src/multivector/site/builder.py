"""``multivector site``: write the static site, atomically.

The site is built into a fresh temporary folder beside the target and swapped into place only when
every page, picture and the ontology documentation were written; a failure leaves the previous
site untouched. Nothing is fetched: the stylesheet is the package's own, pictures are made locally
by :mod:`multivector.draw` (:mod:`.pictures`), and pyLODE runs on the ontology files with its
imports merged in (:mod:`.ontology`). One function per kind of page below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV

from multivector import paths
from multivector.atomic import replace_dir
from multivector.errors import InputError
from multivector.internal_queries import select
from multivector.namespaces import GRAPH_REFERENCE, curie, local_name
from multivector.site import pictures
from multivector.site.collect import Node_, SiteData, collect
from multivector.site.downloads import download_path, write_downloads
from multivector.site.ontology import ontology_html, term_anchors
from multivector.site.pages import Linker, anchor_name, node_path, type_path
from multivector.site.provenance import byline
from multivector.site.search import write_search_index
from multivector.site.views import (
    class_counts,
    entity_toc,
    entity_view,
    is_statement_kind,
    kind_of,
    quoted,
    source_blocks,
    statement_date,
)


@dataclass
class SiteReport:
    out: Path
    pages: int = 0
    pictures: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------------- rendering


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("multivector.site", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


class Writer:
    def __init__(self, root: Path, data: SiteData, ontology_anchors: dict[URIRef, str]) -> None:
        self.root = root
        self.data = data
        self.env = _environment()
        self.linker = Linker(data, ontology_anchors)
        self.pages = 0

    def common(self) -> dict[str, object]:
        data = self.data
        return {
            "L": self.linker,
            "label": data.label,
            "curie": curie,
            "anchor": anchor_name,
            "page_of": node_path,
            "type_page": type_path,
            "cite": self.linker.cite,
            "download": download_path,
            "sources_info": data.sources,
            "quoted": quoted,
        }

    def page(self, path: str, template: str, **context: object) -> None:
        self.linker.current = path
        html = self.env.get_template(template).render(**self.common(), **context)
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        self.pages += 1


def render_site(store: ox.Store, home: Path, root: Path) -> SiteReport:
    """Write every page of the site under ``root`` (an empty folder)."""
    report = SiteReport(out=root)
    data = collect(store)
    html = _write_ontology_and_style(home, root, store)
    timelines = pictures.timelines(store, data, root, report.pictures)
    networks = pictures.networks(store, data, root, report.pictures)
    writer = Writer(root, data, term_anchors(html))
    counts = class_counts(data)
    definitions = _definitions(store)
    _index_page(writer, data, counts, networks)
    _type_pages(writer, data, counts, definitions)
    _vocab_page(writer, store, data, definitions)
    for iri in sorted(data.nodes, key=str):
        node = data.nodes[iri]
        if node.is_document:
            _source_page(writer, data, node, networks)
        else:
            _entity_page(writer, data, node, timelines)
    writer.page("search.html", "search.html", title="Search")
    write_search_index(root, data)
    write_downloads(root, data)
    report.pages = writer.pages + 1  # + the ontology page
    return report


def _write_ontology_and_style(home: Path, root: Path, store: ox.Store | None = None) -> str:
    """``ontology/index.html`` (pyLODE), ``style.css`` and ``search.js``; returns the
    ontology page."""
    html = ontology_html(home, store)
    (root / "ontology").mkdir(parents=True, exist_ok=True)
    (root / "ontology" / "index.html").write_text(html, encoding="utf-8")
    for name in ("style.css", "search.js"):
        asset = resources.files("multivector.site").joinpath(f"static/{name}").read_bytes()
        (root / name).write_bytes(asset)
    return html


def _index_page(
    writer: Writer, data: SiteData, counts: list[tuple[URIRef, int]], networks: dict[str, str]
) -> None:
    """Counts by class, the sources, the date range, the network on the latest source date."""
    sources = []
    for doc in pictures.documents(data):
        node = data.nodes[doc]
        info = data.sources.get(doc)
        sources.append(
            {
                "node": node,
                "title": info.title if info else local_name(doc),
                "issued": info.date if info else "",
                "author": info.author if info else None,
                "publisher": node.first(DCTERMS.publisher),
                "quotes": len(data.quotes_by_document.get(doc, [])),
            }
        )
    latest = max(networks) if networks else None
    writer.page(
        "index.html",
        "index.html",
        title="multivector",
        entity_counts=[(c, n) for c, n in counts if not is_statement_kind(data, c)],
        statement_counts=[(c, n) for c, n in counts if is_statement_kind(data, c)],
        sources=sources,
        total_nodes=len(data.nodes),
        total_statements=sum(1 for n in data.nodes.values() if n.is_statement),
        total_quotes=sum(len(q) for q in data.quotes_by_document.values()),
        date_range=data.date_range,
        network={"date": latest, "path": networks[latest]} if latest else None,
    )


def _type_pages(
    writer: Writer,
    data: SiteData,
    counts: list[tuple[URIRef, int]],
    definitions: dict[URIRef, str],
) -> None:
    """One page per (most specific asserted) class listing its nodes."""
    for cls, _n in counts:
        members = [n for n in data.nodes.values() if kind_of(data, n) == cls]
        members.sort(key=lambda n: (data.label(n.iri).casefold(), str(n.iri)))
        writer.page(
            type_path(cls),
            "type.html",
            title=data.label(cls),
            cls=cls,
            nodes=members,
            definition=definitions.get(cls, ""),
            show_dates=is_statement_kind(data, cls),
            date_of=statement_date,
        )


def _vocab_page(
    writer: Writer, store: ox.Store, data: SiteData, definitions: dict[URIRef, str]
) -> None:
    """The concept schemes, one anchor per concept with its definition and broader concepts."""
    schemes = sorted(data.schemes.items(), key=lambda kv: data.label(kv[0]).casefold())
    broader = _broader(store)
    writer.page(
        "vocab/index.html",
        "vocab.html",
        title="Vocabularies",
        schemes=[(s, sorted(cs, key=lambda c: data.label(c).casefold())) for s, cs in schemes],
        definition=lambda c: definitions.get(c, ""),
        broader=lambda c: broader.get(c, []),
    )


def _source_page(writer: Writer, data: SiteData, node: Node_, networks: dict[str, str]) -> None:
    """A source document: metadata, its quotes in text order with their statements, the
    network on its date."""
    blocks, rest = source_blocks(data, node.iri)
    predicates = sorted({p for p, _o in node.props}, key=str)
    meta = [(p, [o for q, o in node.props if q == p]) for p in predicates]
    day = str(node.first(DCTERMS.issued) or "")
    info = data.sources.get(node.iri)
    author = data.label(info.author) if info and info.author is not None else ""
    writer.page(
        node_path(node.iri),
        "source.html",
        title=info.title if info else data.label(node.iri),
        byline=byline(info, author) if info else "",
        node=node,
        meta=meta,
        blocks=blocks,
        rest=rest,
        statement_count=len({r.iri for b in blocks for r in b.statements}),
        network={"date": day, "path": networks[day]} if day in networks else None,
    )


def _entity_page(writer: Writer, data: SiteData, node: Node_, timelines: dict[URIRef, str]) -> None:
    """An entity or a statement: header, properties, statements, graphs, its timeline."""
    iri = node.iri
    view = entity_view(data, node)
    writer.linker.current = node_path(iri)  # graph links are made before the page renders
    graphs = [_graph_link(writer, data, g) for g in sorted(node.graphs, key=str)]
    writer.page(
        node_path(iri),
        "entity.html",
        title=data.label(iri),
        v=view,
        statement=node.is_statement,
        graphs=graphs,
        derived_from=PROV.wasDerivedFrom,
        timeline=timelines.get(iri),
        member_side=any(r.member == iri for r in view.memberships),
        toc=entity_toc(data, view, node.is_statement),
    )


def _graph_link(writer: Writer, data: SiteData, graph: URIRef) -> Markup:
    """A named graph: the source document's page for a source graph, else its name."""
    text = str(graph)
    if text.startswith(str(GRAPH_REFERENCE)):
        return Markup("reference data")
    tail = local_name(graph)
    for doc in data.nodes:
        if str(doc).endswith("/document/" + tail):
            return writer.linker.cite(doc)
    return Markup(escape(curie(graph)))


def _definitions(store: ox.Store) -> dict[URIRef, str]:
    """Term -> its first English or untagged ``skos:definition``."""
    found: dict[URIRef, str] = {}
    for row in select(store, "site/definitions"):
        found.setdefault(row["t"], str(row["d"]))  # type: ignore[arg-type]
    return found


def _broader(store: ox.Store) -> dict[URIRef, list[URIRef]]:
    """Concept -> its broader concepts, sorted."""
    found: dict[URIRef, list[URIRef]] = {}
    for row in select(store, "site/broader"):
        found.setdefault(row["c"], []).append(row["b"])  # type: ignore[arg-type]
    return {k: sorted(set(v), key=str) for k, v in found.items()}


# ---------------------------------------------------------------------------------- atomic swap


def build_site(
    home: Path | None = None, out: Path | None = None, store: ox.Store | None = None
) -> SiteReport:
    """Build the graph (unless ``store`` is given) and write the site to ``out`` atomically."""
    from multivector.build import reason

    home = home or paths.home()
    out = (out or paths.dist_dir(home) / "site").resolve()
    if out.exists() and not out.is_dir():
        raise InputError("--out: exists and is not a directory", out)
    if out.is_dir() and (out / "releases").is_dir() and (out / "current").is_symlink():
        raise InputError("--out: a folder of build releases, not a site folder", out)
    if store is None:
        store = reason(home).store
    report = replace_dir(out, lambda folder: render_site(store, home, folder))
    report.out = out
    report.pictures = [str(out / p) for p in report.pictures]
    return report
