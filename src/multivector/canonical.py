"""Canonical, byte-for-byte reproducible Turtle and TriG, and the ``fmt`` operation.

rdflib's Turtle serializer sorts IRIs, but not blank nodes: a blank node's label (and so the order
of inlined ``[ … ]`` objects) is random per parse, and a run under another ``PYTHONHASHSEED``
writes a different file. Its TriG serializer also writes named graphs in an unstable order. So:

1. blank nodes are relabelled with ``rdflib.compare.to_canonical_graph`` (labels derived from a
   hash of each node's surroundings, independent of the hash seed), salted per named graph so that
   two graphs never share a blank node by accident;
2. the triples are copied into a fresh graph that has exactly the project prefixes bound, plus the
   extra prefixes the file itself declares, and serialized with rdflib's Turtle serializer, except
   that subject blocks come in a fixed kind order (ontology header, classes, properties, shapes,
   concept schemes, concepts, other subjects by type; by IRI within a kind —
   :mod:`multivector.subject_order`), so adding a triple changes lines inside one block only;
3. TriG is written by us: each named graph's canonical Turtle body inside ``<g> { … }``, graphs in
   IRI order, one prefix block on top. Bodies are indented by four spaces (as rdflib's own TriG
   writer does), except continuation lines of multi-line literals, whose text must not change.

``fmt`` refuses (exit 2, naming the line) a file holding a ``#`` comment: rdflib drops comments,
and a note worth keeping belongs in the graph as ``rdfs:comment`` (for users) or
``skos:editorialNote`` (for editors), where it survives every tool.

The test-suite checks stability across hash seeds and that blank nodes round-trip.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import NamespaceManager, split_uri
from rdflib.term import _is_valid_uri  # type: ignore[attr-defined]

from multivector.atomic import write_text_atomic
from multivector.errors import InputError
from multivector.loading import quiet_rdflib, read_graph_text, syntax_check
from multivector.namespaces import PREFIXES
from multivector.subject_order import KindOrderedTurtleSerializer, ordered_turtle

_PROJECT_NAMESPACES = {str(ns) for ns in PREFIXES.values()}
_PREFIX_DECL = re.compile(r"(?im)^\s*@?prefix\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>")

Prefixes = Iterable[tuple[str, str]]


def declared_prefixes(text: str) -> list[tuple[str, str]]:
    """The ``@prefix``/``PREFIX`` declarations of a Turtle/TriG text."""
    return [(m.group(1) or "", m.group(2)) for m in _PREFIX_DECL.finditer(text)]


class LinearNamespaceManager(NamespaceManager):
    """rdflib's NamespaceManager with a ``compute_qname`` in constant time per IRI.

    Why hand-written: rdflib keeps every namespace it has seen in a prefix tree and, for each new
    IRI, scans all the children of its namespace. A source graph holds one namespace per
    mention (``id:mention/<ID>/<start>-<end>/``, all children of ``id:mention/<ID>/``), so
    writing it was quadratic: 50 KB of text took 40 s in the serializer alone. This gives the
    same answer as rdflib's trie walk — the longest namespace seen or bound that extends the
    namespace ``split_uri`` finds and prefixes the IRI — by looking the IRI's prefixes up in a
    set, so the Turtle written is byte-for-byte what rdflib writes (a test compares them).
    """

    def __init__(self, graph: Graph) -> None:
        self._known: set[str] = set()
        self._qnames: dict[str, tuple[str, URIRef, str]] = {}
        super().__init__(graph, bind_namespaces="none")

    def bind(self, prefix: str | None, namespace: object, override: bool = True,
             replace: bool = False) -> None:
        super().bind(prefix, namespace, override=override, replace=replace)
        self._known.add(str(namespace))

    def compute_qname(self, uri: str, generate: bool = True) -> tuple[str, URIRef, str]:
        found = self._qnames.get(uri)
        if found is not None:
            return found
        if not _is_valid_uri(uri):
            raise ValueError(f'"{uri}" does not look like a valid URI, cannot serialize this.')
        try:
            namespace, name = split_uri(uri)
        except ValueError:
            namespace, name = uri, ""
            if not self.store.prefix(URIRef(uri)):
                raise
        self._known.add(namespace)
        for end in range(len(uri), len(namespace), -1):
            if uri[:end] in self._known:
                namespace, name = uri[:end], uri[end:]
                break
        prefix = self.store.prefix(URIRef(namespace))
        if prefix is None:
            if not generate:
                raise KeyError(f"No known prefix for {namespace} and generate=False")
            num = 1
            while self.store.namespace(f"ns{num}"):
                num += 1
            prefix = f"ns{num}"
            self.bind(prefix, namespace)
        found = (prefix, URIRef(namespace), name)
        self._qnames[uri] = found
        return found


def _fresh_graph(extra_prefixes: Prefixes = ()) -> Graph:
    graph = Graph(bind_namespaces="none")
    manager = LinearNamespaceManager(graph)
    for prefix, namespace in PREFIXES.items():
        manager.bind(prefix, namespace, override=True, replace=True)
    graph.namespace_manager = manager
    for prefix, namespace in sorted(set(extra_prefixes)):
        if prefix and prefix not in PREFIXES and namespace not in _PROJECT_NAMESPACES:
            graph.bind(prefix, namespace, override=False)
    return graph


def _canonical_triples(graph: Graph, salt: str = ""):
    for s, p, o in to_canonical_graph(graph):
        if salt:
            s = BNode(f"{salt}{s}") if isinstance(s, BNode) else s
            o = BNode(f"{salt}{o}") if isinstance(o, BNode) else o
        yield s, p, o


def canonical_turtle(graph: Graph, extra_prefixes: Prefixes = (), *, salt: str = "") -> str:
    """Deterministic Turtle for ``graph``."""
    out = _fresh_graph(extra_prefixes)
    for triple in _canonical_triples(graph, salt):
        out.add(triple)
    return ordered_turtle(out)


def _salt(index: int, count: int) -> str:
    return f"g{index}" if count > 1 else ""


def canonical_trig(graphs: dict[URIRef, Graph], extra_prefixes: Prefixes = ()) -> str:
    """Deterministic TriG: the named graphs in IRI order, each canonicalized on its own."""
    extra = list(extra_prefixes)
    prefix_lines: set[str] = set()
    chunks: list[str] = []
    for index, name in enumerate(sorted(graphs)):
        body = canonical_turtle(graphs[name], extra, salt=_salt(index, len(graphs)))
        # Split at "\n" only (the one line break rdflib writes): str.splitlines would also break
        # a literal at U+2028, U+0085, form feed … and the indentation would then change it.
        lines = body.split("\n")
        top = 0  # the prefix block is the top of the text, never a line inside a literal
        while top < len(lines) and lines[top].startswith("@prefix"):
            top += 1
        prefix_lines.update(lines[:top])
        triples = _indent(lines[top:])
        chunks.append(f"<{name}> {{\n{triples}\n}}\n")
    return trig_header(prefix_lines) + "\n".join(chunks)


def trig_header(prefix_lines: Iterable[str]) -> str:
    """The prefix block of a canonical TriG file and the blank line after it."""
    return "".join(f"{line}\n" for line in sorted(set(prefix_lines), key=str.lower)) + "\n"


def indent_lines(lines: Iterable[str], inside: bool = False) -> tuple[list[str], bool]:
    """Indent graph-body lines by four spaces, except lines inside a multi-line literal;
    ``inside`` says whether the first line continues such a literal, and the state after the last
    line is returned, so a body can be indented piece by piece (:mod:`multivector.trig_stream`).

    rdflib writes a literal holding a newline between triple quotes and escapes any triple quote
    inside it, so an odd count of triple quotes on a line opens or closes such a literal.
    """
    out: list[str] = []
    for line in lines:
        out.append(line if inside or not line else "    " + line)
        if line.count('"""') % 2:
            inside = not inside
    return out, inside


def _indent(lines: list[str]) -> str:
    return "\n".join(indent_lines(lines)[0]).strip("\n")


def term_serializer() -> KindOrderedTurtleSerializer:
    """rdflib's Turtle serializer over an empty graph with exactly the project prefixes bound
    (as :func:`canonical_turtle` has them): its ``label``/``get_pname`` write terms as the
    canonical writer does, and ``namespaces`` collects the prefixes they used."""
    serializer = KindOrderedTurtleSerializer(_fresh_graph())
    serializer.reset()
    return serializer


def canonical_nquads(graphs: dict[URIRef, Graph]) -> str:
    """Deterministic, sorted N-Quads; blank-node labels agree with :func:`canonical_trig`."""
    lines: list[str] = []
    for index, name in enumerate(sorted(graphs)):
        flat = Graph(bind_namespaces="none")
        for triple in _canonical_triples(graphs[name], _salt(index, len(graphs))):
            flat.add(triple)
        suffix = f" <{name}> .\n"
        for line in flat.serialize(format="nt").splitlines():
            if line.endswith(" ."):
                lines.append(line[:-2] + suffix)
    return "".join(sorted(lines))


def dataset_graphs(dataset: Dataset) -> dict[URIRef, Graph]:
    """The non-empty named graphs of a Dataset, by IRI (the default graph excluded)."""
    graphs: dict[URIRef, Graph] = {}
    for graph in dataset.graphs():
        name = str(graph.identifier)
        if graph.identifier == DATASET_DEFAULT_GRAPH_ID or len(graph) == 0:
            continue
        graphs[URIRef(name)] = graph
    return graphs


@dataclass
class FmtResult:
    path: Path
    changed: bool
    text: str


def comment_lines(text: str) -> list[int]:
    """The 1-based line numbers of the ``#`` comments in a Turtle/TriG text.

    Hand-written because no RDF parser at hand reports comments (pyoxigraph and rdflib skip them);
    it only has to tell a comment from a ``#`` inside an IRI, a string or an escaped local name.
    """
    lines: list[int] = []
    line, i, n = 1, 0, len(text)
    while i < n:
        char = text[i]
        if char == "\n":
            line += 1
        elif char == "\\":
            i += 1  # an escaped character of a local name, e.g. ``ex:a\#b``
        elif char == "<":
            end = text.find(">", i)
            i = n if end < 0 else end
        elif char in "\"'":
            quote = char * 3 if text.startswith(char * 3, i) else char
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                if text[i] == "\\":
                    i += 1
                elif text[i] == "\n":
                    line += 1
                i += 1
            i += len(quote) - 1
        elif char == "#":
            lines.append(line)
            end = text.find("\n", i)
            i = n if end < 0 else end - 1
        i += 1
    return lines


def format_file(path: Path) -> FmtResult:
    """Compute the canonical form of one ``.ttl`` or ``.trig`` file (does not write)."""
    text = read_graph_text(path)
    extra = declared_prefixes(text)
    if path.suffix == ".trig":
        syntax_check(path, text, ox.RdfFormat.TRIG)
        dataset = Dataset()
        try:
            with quiet_rdflib():
                dataset.parse(data=text, format="trig", publicID=path.resolve().as_uri())
        except Exception as exc:
            raise InputError(f"cannot parse: {exc}", path) from None
        if len(dataset.graph(DATASET_DEFAULT_GRAPH_ID)):
            raise InputError("triples outside any named graph", path)
        new = canonical_trig(dataset_graphs(dataset), extra)
    else:
        syntax_check(path, text, ox.RdfFormat.TURTLE)
        graph = Graph()
        try:
            with quiet_rdflib():
                graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
        except Exception as exc:
            raise InputError(f"cannot parse: {exc}", path) from None
        new = canonical_turtle(graph, extra)
    comments = comment_lines(text)
    if comments:
        raise InputError(
            "a comment would be lost by fmt: state it as rdfs:comment or skos:editorialNote"
            " (docs/style-guide.md)",
            path,
            comments[0],
        )
    return FmtResult(path=path, changed=new != text, text=new)


def graph_files_under(folders: Iterable[Path]) -> list[Path]:
    """Every ``.ttl``/``.trig`` file below the given folders (or the files themselves), sorted."""
    found: set[Path] = set()
    for folder in folders:
        if folder.is_file():
            found.add(folder)
        elif folder.is_dir():
            found.update(p for p in folder.rglob("*") if p.suffix in {".ttl", ".trig"})
        else:
            raise InputError("no such file or directory", folder)
    return sorted(found)


def fmt(paths: Iterable[Path], *, check: bool = False) -> list[FmtResult]:
    """Canonicalize files in place (or, with ``check``, only report which would change)."""
    results = []
    for path in graph_files_under(paths):
        result = format_file(path)
        if result.changed and not check:
            write_text_atomic(path, result.text)
        results.append(result)
    return results
