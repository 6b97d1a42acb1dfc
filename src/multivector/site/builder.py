"""``multivector site``: write the static site, atomically.

The site is built into a fresh temporary folder beside the target and swapped into place only when
every page, picture and the ontology documentation were written; a failure leaves the previous
site untouched. Nothing is fetched: the stylesheet is the package's own, pictures are made locally
by :mod:`multivector.draw`, and pyLODE runs on the ontology files with its imports merged in.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF

from multivector import draw, paths
from multivector.errors import InputError, ToolError
from multivector.namespaces import GRAPH_REFERENCE, MV, curie
from multivector.site.collect import DEFINITION, SiteData, collect, local_name
from multivector.site.pages import Linker, anchor_name, node_path, type_path
from multivector.site.views import (
    class_counts,
    entity_view,
    is_statement_kind,
    source_blocks,
    statement_date,
)

SKOS_BROADER = URIRef("http://www.w3.org/2004/02/skos/core#broader")


@dataclass
class SiteReport:
    out: Path
    pages: int = 0
    pictures: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------ ontology (pyLODE)


def ontology_graph(home: Path) -> Graph:
    """``ontology/multivector.ttl`` with ``ontology/imports/*.ttl`` merged in (their own
    ``owl:Ontology`` headers dropped, so pyLODE documents the multivector ontology)."""
    from multivector.loading import parse_turtle

    main = paths.ontology_dir(home) / "multivector.ttl"
    graph = Graph()
    for triple in parse_turtle(main):
        graph.add(triple)
    ours = set(graph.subjects(RDF.type, OWL.Ontology))
    for path in sorted((paths.ontology_dir(home) / "imports").glob("*.ttl")):
        imported = parse_turtle(path)
        headers = set(imported.subjects(RDF.type, OWL.Ontology)) - ours
        for s, p, o in imported:
            if s not in headers:
                graph.add((s, p, o))
    return graph


def ontology_html(home: Path) -> str:
    try:
        from pylode import OntPub
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise ToolError(f"pyLODE is not installed: {exc}") from None
    import logging

    logging.getLogger().setLevel(max(logging.getLogger().level, logging.WARNING))
    try:
        html = OntPub(ontology=ontology_graph(home)).make_html()
    except Exception as exc:  # pyLODE raises many kinds on odd ontologies
        raise ToolError(f"pyLODE could not document the ontology: {exc}") from None
    back = '<p style="margin:0 0 1em"><a href="../index.html">← multivector site</a></p>'
    return re.sub(r"(<body[^>]*>)", r"\1" + back.replace("\\", "\\\\"), html, count=1)


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)


def html_ids(html: str) -> set[str]:
    parser = _Ids()
    parser.feed(html)
    return parser.ids


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
    def __init__(self, root: Path, data: SiteData, ontology_anchors: set[str]) -> None:
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
            "short_source": lambda doc: _short_source(data, doc),
        }

    def page(self, path: str, template: str, **context: object) -> None:
        self.linker.current = path
        html = self.env.get_template(template).render(**self.common(), **context)
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        self.pages += 1


def _short_source(data: SiteData, document: URIRef) -> str:
    node = data.nodes.get(document)
    issued = node.first(DCTERMS.issued) if node else None
    publisher = node.first(DCTERMS.publisher) if node else None
    parts = [data.label(publisher)] if publisher is not None else []
    if issued is not None:
        parts.append(str(issued)[:7])
    return ", ".join(parts) or local_name(document)


def _documents(data: SiteData) -> list[URIRef]:
    docs = [n.iri for n in data.nodes.values() if MV.SourceDocument in n.all_types]
    return sorted(docs, key=lambda d: (str(data.nodes[d].first(DCTERMS.issued) or ""), str(d)))


def _pictures(
    store: ox.Store, data: SiteData, root: Path, report: SiteReport
) -> tuple[dict[URIRef, str], dict[str, str]]:
    """Timeline per state with memberships; network on each source's date. Returns
    (state -> picture path, date -> picture path)."""
    timelines: dict[URIRef, str] = {}
    bars = draw.membership_bars(store)
    for state in sorted({b.state for b in bars}, key=str):
        if state not in data.nodes:
            continue
        path = f"img/timeline/{anchor_name(state)}.svg"
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(draw.draw_timeline(store, [state], fmt="svg"))
        timelines[state] = path
        report.pictures.append(path)
    networks: dict[str, str] = {}
    for document in _documents(data):
        issued = data.nodes[document].first(DCTERMS.issued)
        if issued is None:
            continue
        day = str(issued)
        if day in networks:
            continue
        path = f"img/network-{day}.svg"
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        svg = draw.draw_network(store, dt.date.fromisoformat(day), fmt="svg", engine="neato")
        (root / path).write_bytes(svg)
        networks[day] = path
        report.pictures.append(path)
    return timelines, networks


def render_site(store: ox.Store, home: Path, root: Path) -> SiteReport:
    """Write every page of the site under ``root`` (an empty folder)."""
    report = SiteReport(out=root)
    data = collect(store)
    html = ontology_html(home)
    (root / "ontology").mkdir(parents=True, exist_ok=True)
    (root / "ontology" / "index.html").write_text(html, encoding="utf-8")
    css = resources.files("multivector.site").joinpath("static/style.css").read_bytes()
    (root / "style.css").write_bytes(css)
    timelines, networks = _pictures(store, data, root, report)

    writer = Writer(root, data, html_ids(html))
    documents = _documents(data)

    # index
    counts = class_counts(data)
    sources = []
    for doc in documents:
        node = data.nodes[doc]
        sources.append(
            {
                "node": node,
                "title": str(node.first(DCTERMS.title) or local_name(doc)),
                "issued": str(node.first(DCTERMS.issued) or ""),
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

    # one page per type
    from multivector.site.views import kind_of

    for cls, _n in counts:
        members = [n for n in data.nodes.values() if kind_of(data, n) == cls]
        members.sort(key=lambda n: (data.label(n.iri).casefold(), str(n.iri)))
        statement_kind = is_statement_kind(data, cls)
        definition = data.nodes.get(cls)
        writer.page(
            type_path(cls),
            "type.html",
            title=data.label(cls),
            cls=cls,
            nodes=members,
            definition=_definition(store, cls),
            show_dates=statement_kind,
            date_of=statement_date,
        )
        del definition

    # vocabularies
    schemes = sorted(data.schemes.items(), key=lambda kv: data.label(kv[0]).casefold())
    definitions = _definitions(store)
    broader = _broader(store)
    writer.page(
        "vocab/index.html",
        "vocab.html",
        title="Vocabularies",
        schemes=[(s, sorted(cs, key=lambda c: data.label(c).casefold())) for s, cs in schemes],
        definition=lambda c: definitions.get(c, ""),
        broader=lambda c: broader.get(c, []),
    )

    # one page per node
    for iri in sorted(data.nodes, key=str):
        node = data.nodes[iri]
        if node.is_document:
            blocks, rest = source_blocks(data, iri)
            meta = [
                (p, [o for q, o in node.props if q == p])
                for p in sorted({p for p, _o in node.props}, key=str)
            ]
            day = str(node.first(DCTERMS.issued) or "")
            writer.page(
                node_path(iri),
                "source.html",
                title=str(node.first(DCTERMS.title) or data.label(iri)),
                node=node,
                meta=meta,
                blocks=blocks,
                rest=rest,
                statement_count=len({r.iri for b in blocks for r in b.statements}),
                network={"date": day, "path": networks[day]} if day in networks else None,
            )
            continue
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
        )
    report.pages = writer.pages + 1  # + the ontology page
    return report


def _graph_link(writer: Writer, data: SiteData, graph: URIRef) -> Markup:
    """A named graph: the source document's page for a source graph, else its name."""
    text = str(graph)
    if text.startswith(str(GRAPH_REFERENCE)):
        return Markup("reference data")
    tail = local_name(graph)
    for doc in data.nodes:
        if str(doc).endswith("/document/" + tail):
            return writer.linker.link(doc)
    return Markup(escape(curie(graph)))


def _definition(store: ox.Store, term: URIRef) -> str:
    return _definitions(store).get(term, "")


_DEFINITION_CACHE: dict[int, dict[URIRef, str]] = {}


def _definitions(store: ox.Store) -> dict[URIRef, str]:
    key = id(store)
    if key not in _DEFINITION_CACHE:
        from multivector.site.collect import sparql

        found: dict[URIRef, str] = {}
        for row in sparql(
            store,
            f"""SELECT ?t ?d WHERE {{ ?t <{DEFINITION}> ?d
                 FILTER(LANG(?d) = "en" || LANG(?d) = "") }} ORDER BY ?t ?d""",
        ):
            found.setdefault(row["t"], str(row["d"]))  # type: ignore[arg-type]
        _DEFINITION_CACHE.clear()
        _DEFINITION_CACHE[key] = found
    return _DEFINITION_CACHE[key]


def _broader(store: ox.Store) -> dict[URIRef, list[URIRef]]:
    from multivector.site.collect import sparql

    found: dict[URIRef, list[URIRef]] = {}
    for row in sparql(store, f"SELECT ?c ?b WHERE {{ GRAPH ?g {{ ?c <{SKOS_BROADER}> ?b }} }}"):
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
    if store is None:
        store = reason(home).store
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        os.chmod(tmp, 0o755)
        report = render_site(store, home, tmp)
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
            os.rmdir(old)
            os.replace(out, old)
        os.replace(tmp, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    report.out = out
    report.pictures = [str(out / p) for p in report.pictures]
    return report
