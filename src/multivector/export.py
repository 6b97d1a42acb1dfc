"""Exports of the built graph in six RDF syntaxes — nothing lost, same bytes every time.

Quad formats (TriG, N-Quads, JSON-LD) keep one named graph per source, so "who said what" is the
graph name; triple formats (Turtle, N-Triples, RDF/XML) carry the union of all graphs, where
"who said what" survives because every statement is ``prov:wasDerivedFrom`` its document.
JSON-LD uses a context made of the ontology's prefixes; the same context is written beside it as
``multivector.context.jsonld`` for people who compact their own documents.

Deterministic output: blank nodes are relabelled canonically (RDFC-1.0, once for all formats,
``multivector.dumps``), graphs and triples are written in sorted order, JSON keys and arrays are
sorted (except ``@list``s).
Every file is written atomically (temp file + ``os.replace``); all formats at once are published
together as one release of the folder (:func:`multivector.atomic.publish`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from multivector.atomic import is_published, is_special, publish, write_bytes_atomic
from multivector.dumps import CanonicalDump
from multivector.errors import InputError
from multivector.loading import iter_quads
from multivector.namespaces import PREFIXES
from multivector.terms import from_ox, quads_to_ox


@dataclass(frozen=True)
class ExportFormat:
    name: str
    filename: str
    quads: bool
    rdflib_format: str
    media_type: str


EXPORT_FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("ttl", "multivector.ttl", False, "turtle", "text/turtle"),
        ExportFormat("nt", "multivector.nt", False, "nt", "application/n-triples"),
        ExportFormat("nq", "multivector.nq", True, "nquads", "application/n-quads"),
        ExportFormat("trig", "multivector.trig", True, "trig", "application/trig"),
        ExportFormat("jsonld", "multivector.jsonld", True, "json-ld", "application/ld+json"),
        ExportFormat("xml", "multivector.rdf", False, "xml", "application/rdf+xml"),
    )
}
CONTEXT_FILE = "multivector.context.jsonld"
_SUFFIXES = {".ttl": "ttl", ".nt": "nt", ".nq": "nq", ".trig": "trig", ".jsonld": "jsonld",
             ".json": "jsonld", ".rdf": "xml", ".xml": "xml", ".owl": "xml"}


def jsonld_context() -> dict[str, str]:
    """The JSON-LD context: one term per project prefix."""
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def format_of(path: Path, fmt: str | None) -> ExportFormat:
    """The export format named by ``fmt``, else by the file suffix; InputError otherwise."""
    name = fmt or _SUFFIXES.get(path.suffix.lower())
    if name not in EXPORT_FORMATS:
        known = ", ".join(EXPORT_FORMATS)
        shown = fmt if fmt else f"suffix {path.suffix or '(none)'!r}"
        raise InputError(f"--format: unknown export format {shown} (choose from {known})")
    return EXPORT_FORMATS[name]


class Exporter:
    """The serializations of one dataset, each computed at most once.

    ``quads`` (pyoxigraph quads of the same dataset) saves the conversion when the caller has
    them already, as ``multivector build`` does.
    """

    def __init__(
        self, dataset: Dataset | None, quads: Iterable[ox.Quad] | None = None
    ) -> None:
        self.dataset = dataset
        self._quads = quads

    @cached_property
    def dump(self) -> CanonicalDump:
        quads = self._quads if self._quads is not None else quads_to_ox(iter_quads(self.dataset))
        return CanonicalDump(quads)

    def data(self, fmt: str) -> bytes:
        writers = {
            "ttl": self.dump.turtle,
            "trig": self.dump.trig,
            "nq": self.dump.nquads,
            "nt": self.dump.ntriples,
            "xml": self.dump.rdfxml,
            "jsonld": self._jsonld,
        }
        if fmt not in writers:
            raise InputError(f"unknown export format {fmt!r}")
        return writers[fmt]()

    def _jsonld(self) -> bytes:
        """rdflib's JSON-LD writer (compaction with the project context), one graph at a time."""
        context = jsonld_context()
        by_graph: dict[str, Graph] = {}
        for quad in self.dump.quads:
            graph = by_graph.setdefault(quad.graph_name.value, Graph(bind_namespaces="none"))
            graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
        graphs = []
        for name in sorted(by_graph):
            flat = by_graph[name]
            document = json.loads(
                flat.serialize(format="json-ld", context=context, auto_compact=True)
            )
            nodes = document.get("@graph", [document] if len(flat) else [])
            for node in nodes:
                node.pop("@context", None)
            graphs.append({"@id": name, "@graph": _sorted_json(nodes)})
        document = {"@context": context, "@graph": graphs}
        text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True)
        return (text + "\n").encode("utf-8")


def _sorted_json(value: Any, key: str = "") -> Any:
    """Sort every JSON array by its items' canonical text, except the order of an ``@list``."""
    if isinstance(value, dict):
        return {k: _sorted_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        if key == "@list":
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def export_bytes(dataset: Dataset, fmt: str) -> bytes:
    """One serialization of ``dataset`` (``fmt`` in :data:`EXPORT_FORMATS`)."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(
            f"--format: unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})"
        )
    return Exporter(dataset).data(fmt)


def export_file(
    dataset: Dataset | None, path: Path, fmt: str | None = None,
    quads: Iterable[ox.Quad] | None = None,
) -> Path:
    """Write one export atomically; the JSON-LD context file goes beside a JSON-LD export.

    ``quads``: the same graph as pyoxigraph quads (then ``dataset`` may be None)."""
    chosen = format_of(path, fmt)
    data = Exporter(dataset, quads).data(chosen.name)
    if chosen.name == "jsonld" and not is_special(path):
        if is_published(path.parent):  # both files in one new release
            publish(path.parent, {path.name: data, CONTEXT_FILE: _context_bytes()},
                    keep_others=True)
            return path
        write_context(path.parent)  # constant text: first, so the export never lacks it
    write_bytes_atomic(path, data)
    return path


def write_context(folder: Path) -> Path:
    path = folder / CONTEXT_FILE
    write_bytes_atomic(path, _context_bytes())
    return path


def _context_bytes() -> bytes:
    return (json.dumps({"@context": jsonld_context()}, indent=1, sort_keys=True) + "\n").encode()


def export_all(
    dataset: Dataset | None, folder: Path, formats: list[str] | None = None, *,
    include_drafts: bool = False, quads: Iterable[ox.Quad] | None = None,
) -> list[Path]:
    """Write every (or the given) export into ``folder``; returns the files written.

    ``include_drafts``: the dataset holds drafts, so the files get the distinct names of
    :func:`multivector.drafts.output_name` (``multivector-with-drafts.ttl``, …).
    ``quads``: the same graph as pyoxigraph quads (then ``dataset`` may be None).
    """
    from multivector.drafts import output_name

    exporter = Exporter(dataset, quads)
    files: dict[str, bytes] = {}
    for name in formats or list(EXPORT_FORMATS):
        files[output_name(EXPORT_FORMATS[name].filename, include_drafts)] = exporter.data(name)
        if name == "jsonld":
            files[CONTEXT_FILE] = _context_bytes()
    # one set, published at once; entries of an earlier release (the build's) are kept
    publish(folder, files, keep_others=True)
    return [folder / name for name in files]


def parse_export(path: Path, fmt: str | None = None) -> Dataset:
    """Read an export back: quads into their named graphs, triples into ``id:graph/union``."""
    chosen = format_of(path, fmt)
    dataset = Dataset()
    if chosen.quads:
        dataset.parse(path, format=chosen.rdflib_format)
    else:
        dataset.graph(URIRef("https://w3id.org/multivector/id/graph/union")).parse(
            path, format=chosen.rdflib_format
        )
    return dataset


__all__ = [
    "CONTEXT_FILE",
    "EXPORT_FORMATS",
    "ExportFormat",
    "Exporter",
    "export_all",
    "export_bytes",
    "export_file",
    "format_of",
    "jsonld_context",
    "parse_export",
    "write_context",
]
