"""Loading the graph files into one ``rdflib.Dataset`` (and a ``pyoxigraph.Store``).

Layout → named graph (docs/modeling.md, "Named graphs"):

* ``ontology/**/*.ttl``        → ``id:graph/ontology``
* ``data/reference/**/*.ttl``  → ``id:graph/reference``
* ``data/sources/*.trig``      → exactly one named graph ``id:source/<file stem>`` per file

Every file is parsed once, by pyoxigraph, whose errors carry line and column; its quads are kept
(they feed the pyoxigraph Store) and converted into rdflib terms for the Dataset. rdflib only
*warns* about ill-typed literals (``"2017-02-30"^^xsd:date``), so those are detected here and
turned into errors. Any problem raises :class:`InputError` with a one-line
``path:line:col: message``.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from multivector import paths
from multivector.errors import InputError
from multivector.namespaces import (
    GRAPH_ONTOLOGY,
    GRAPH_REFERENCE,
    bind_prefixes,
    source_graph,
)
from multivector.querystore import new_store
from multivector.terms import FromOx, quads_to_ox, to_ox

Triple = tuple[Node, Node, Node]

_POSITION = re.compile(r"at line (\d+)(?: between columns (\d+) and \d+| column (\d+))?")
_OX_PREFIX = re.compile(
    r"^Parser error at line \d+(?: between columns \d+ and \d+| column \d+)?:\s*"
)
_OX_SUFFIX = re.compile(r"\s*\([^()]*, line \d+\)\s*$")


class LoadedGraph:
    """The loaded project: its quads, which file fed which named graph, and (made on first use)
    the same graph as an ``rdflib.Dataset``.

    The Dataset is built from ``quads`` when first asked for (plus ``dataset_extra``: quads a
    caller adds to the Dataset only, such as the inferred graph of an incremental build):
    building it costs more than parsing, and an incremental build never needs it.
    """

    def __init__(
        self,
        dataset: Dataset | None = None,
        graph_files: dict[URIRef, list[Path]] | None = None,
        home: Path | None = None,
        quads: list[ox.Quad] | None = None,
        file_spans: list[tuple[Path, int, int]] | None = None,
        dataset_extra: list[ox.Quad] | None = None,
    ) -> None:
        self._dataset = dataset
        #: named graph IRI -> files that contributed to it (sorted)
        self.graph_files: dict[URIRef, list[Path]] = graph_files or {}
        self.home = home
        #: the asserted quads as pyoxigraph parsed them, literals in rdflib's normal form (the
        #: same terms as ``dataset``; the inferred graph not included)
        self.quads: list[ox.Quad] = quads if quads is not None else []
        #: (file, start, end): ``quads[start:end]`` came from that file (one span per file)
        self.file_spans: list[tuple[Path, int, int]] = file_spans or []
        self.dataset_extra: list[ox.Quad] = dataset_extra or []

    @property
    def dataset(self) -> Dataset:
        if self._dataset is None:
            self._dataset = dataset_of([*self.quads, *self.dataset_extra])
        return self._dataset

    @property
    def has_dataset(self) -> bool:
        """Whether the Dataset was built (or given)."""
        return self._dataset is not None

    def replace(self, **changes: object) -> LoadedGraph:
        """A copy with some attributes changed (as ``dataclasses.replace``)."""
        fields = {"dataset": self._dataset, "graph_files": self.graph_files, "home": self.home,
                  "quads": self.quads, "file_spans": self.file_spans,
                  "dataset_extra": self.dataset_extra}
        fields.update(changes)
        return LoadedGraph(**fields)  # type: ignore[arg-type]

    def store(self) -> ox.Store:
        """A fresh in-memory pyoxigraph Store holding the same quads."""
        return to_store(self.dataset)

    def file_of(self, graph: URIRef) -> list[Path]:
        return self.graph_files.get(graph, [])


def dataset_of(quads: Iterable[ox.Quad]) -> Dataset:
    """An rdflib Dataset (project prefixes bound) holding the named-graph ``quads``."""
    dataset = new_dataset()
    convert = FromOx()
    graphs: dict[ox.NamedNode, Graph] = {}
    with quiet_rdflib():
        for quad in quads:
            name = quad.graph_name
            if not isinstance(name, ox.NamedNode):
                continue
            target = graphs.get(name)
            if target is None:
                target = graphs[name] = dataset.graph(URIRef(name.value))
            target.add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))
    return dataset


def new_dataset() -> Dataset:
    """An empty Dataset with the project prefixes bound."""
    dataset = Dataset()
    bind_prefixes(dataset)
    return dataset


def to_store(dataset: Dataset) -> ox.Store:
    """Mirror every named graph of ``dataset`` into an in-memory pyoxigraph Store (with their
    union as its default graph: ``multivector.querystore``)."""
    return new_store(quads_to_ox(iter_quads(dataset)))


def iter_quads(dataset: Dataset) -> Iterator[tuple[Node, Node, Node, URIRef]]:
    """(s, p, o, g) for every triple in a named graph of ``dataset`` (default graph skipped)."""
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = g.identifier if isinstance(g, Graph) else g
        if name is None or name == DATASET_DEFAULT_GRAPH_ID:
            continue
        yield s, p, o, URIRef(str(name))


@contextmanager
def quiet_rdflib() -> Iterator[None]:
    """rdflib logs a traceback for every ill-typed literal; we report them ourselves."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def read_graph_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", path) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise InputError(f"not UTF-8 (byte 0x{data[exc.start]:02x})", path, line, col) from None
    if text.startswith("\ufeff"):
        text = text[1:]  # a UTF-8 byte-order mark: accepted and ignored, as RDF 1.1 allows
    if not text.strip():
        raise InputError("file is empty", path)
    return text


#: Deepest chain of blank nodes (``[ … [ … ] ]``, nested collections, a long ``rdf:rest``
#: chain) a data file may hold. RDF canonicalization (RDFC-1.0, run by ``build`` and ``export``)
#: costs grow steeply with it and overflow the stack in the thousands; the shipped data needs 14.
MAX_BLANK_NODE_DEPTH = 100


def check_blank_nodes(path: Path, quads: list[ox.Quad]) -> None:
    """Refuse blank nodes nested deeper than :data:`MAX_BLANK_NODE_DEPTH` or forming a cycle.

    Iterative (a topological sort of the blank-node links), so it cannot itself overflow.
    """
    children: dict[ox.BlankNode, list[ox.BlankNode]] = {}
    indegree: dict[ox.BlankNode, int] = {}
    for quad in quads:
        s, o = quad.subject, quad.object
        if isinstance(s, ox.BlankNode) and isinstance(o, ox.BlankNode):
            children.setdefault(s, []).append(o)
            indegree[o] = indegree.get(o, 0) + 1
            indegree.setdefault(s, 0)
    if not children:
        return
    depth = {node: 1 for node, count in indegree.items() if count == 0}
    ready = list(depth)
    done = 0
    while ready:
        node = ready.pop()
        done += 1
        level = depth[node]
        if level > MAX_BLANK_NODE_DEPTH:
            raise InputError(
                f"blank nodes nested more than {MAX_BLANK_NODE_DEPTH} deep "
                "(nested [ … ] or collections); give the inner nodes IRIs", path,
            )
        for child in children.get(node, ()):
            depth[child] = max(depth.get(child, 0), level + 1)
            indegree[child] -= 1
            if indegree[child] == 0:
                ready.append(child)
    if done < len(indegree):
        cyclic = len(indegree) - done
        raise InputError(
            f"blank nodes form a cycle ({cyclic} nodes on or below it); "
            "give at least one of them an IRI", path,
        )


def syntax_check(path: Path, text: str, fmt: ox.RdfFormat) -> list[ox.Quad]:
    """Parse with pyoxigraph for its precise error positions."""
    try:
        # No base IRI: a relative IRI is an error, not a file:/// path leaked into the graph.
        # Fresh blank nodes per file, as rdflib gave: `_:addr` in two files is two nodes.
        quads = list(ox.parse(input=text.encode("utf-8"), format=fmt, rename_blank_nodes=True))
    except SyntaxError as exc:
        message = str(exc.msg if exc.msg else exc)
        line, col = exc.lineno, exc.offset
        match = _POSITION.search(message)
        if match:
            line = int(match.group(1))
            col = int(match.group(2) or match.group(3) or 0) or None
        message = _OX_SUFFIX.sub("", message)
        message = _OX_PREFIX.sub("", message)
        if "No scheme found" in message:
            message = _relative_iri(text, line, col)
        raise InputError(message or "syntax error", path, line, col) from None
    except (ValueError, OSError) as exc:
        raise InputError(f"cannot parse: {exc}", path) from None
    check_blank_nodes(path, quads)
    return quads


def _relative_iri(text: str, line: int | None, col: int | None) -> str:
    """The message for a relative IRI (pyoxigraph: "No scheme found in an absolute IRI")."""
    iri = ""
    if line and col:
        lines = text.splitlines()
        if line <= len(lines):
            rest = lines[line - 1][col - 1:]
            iri = rest[: rest.find(">") + 1] if rest.startswith("<") and ">" in rest else ""
    shown = f" {iri}" if iri else ""
    return f"relative IRI{shown} not allowed in a data file (write the full IRI)"


def _position_of(text: str, needle: str) -> tuple[int | None, int | None]:
    index = text.find(needle)
    if index < 0:
        return None, None
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def _check_literals(path: Path, text: str, triples: Iterable[Triple]) -> None:
    for _s, _p, o in triples:
        if isinstance(o, Literal) and _is_ill_typed(o):
            lexical = str(o)
            line, col = _position_of(text, f'"{lexical}"')
            if line is None:
                line, col = _position_of(text, lexical)
            datatype = o.datatype
            raise InputError(
                f'ill-typed literal "{lexical}" for datatype <{datatype}>', path, line, col
            )


def _is_ill_typed(literal: Literal) -> bool:
    flag = getattr(literal, "ill_typed", None)
    if flag is not None:
        return bool(flag)
    # rdflib < 7.1: a known datatype whose value could not be computed
    from rdflib.term import _toPythonMapping  # type: ignore[attr-defined]

    return (
        literal.datatype in _toPythonMapping
        and _toPythonMapping[literal.datatype] is not None
        and literal.value is None
    )


def read_quads(
    path: Path, fmt: str, graph_name: URIRef | None
) -> tuple[str, list[ox.Quad]]:
    """Parse one project file with pyoxigraph into quads of ``graph_name``; raises InputError.

    A Turtle file's triples are put into ``graph_name`` (None: the default graph); a TriG file
    must hold exactly that one named graph (nothing in the default graph, no other graph).
    """
    text = read_graph_text(path)
    target = ox.DefaultGraph() if graph_name is None else ox.NamedNode(str(graph_name))
    if fmt == "trig":
        quads = syntax_check(path, text, ox.RdfFormat.TRIG)
        for quad in quads:
            if quad.graph_name != target:
                _wrong_graph(path, text, quad, graph_name)
        if not quads:
            raise InputError(f"file holds no triples in <{graph_name}>", path)
    else:
        quads = [
            ox.Quad(q.subject, q.predicate, q.object, target)
            for q in syntax_check(path, text, ox.RdfFormat.TURTLE)
        ]
        if not quads:
            raise InputError("file holds no triples", path)
    return text, quads


def _wrong_graph(path: Path, text: str, quad: ox.Quad, expected: URIRef) -> None:
    if isinstance(quad.graph_name, ox.DefaultGraph):
        raise InputError(
            f"triple <{quad.subject}> <{quad.predicate}> … is outside any named graph; "
            f"expected GRAPH <{expected}>",
            path,
        )
    line, col = _position_of(text, str(quad.graph_name).strip("<>"))
    raise InputError(
        f"unexpected named graph {quad.graph_name}; this file may only hold <{expected}>",
        path,
        line,
        col,
    )


def rdflib_triples(path: Path, text: str, quads: list[ox.Quad]) -> list[Triple]:
    """The quads' triples as rdflib terms; an ill-typed literal is an InputError.

    One parse (pyoxigraph's) feeds both stacks: converting its terms is several times faster
    than letting rdflib parse the text again. rdflib computes each literal's value as the term
    is made, and flags (only logs) an ill-typed one such as ``"2017-02-30"^^xsd:date``.
    """
    convert = FromOx()
    with quiet_rdflib():
        triples = [
            (convert(q.subject), convert(q.predicate), convert(q.object)) for q in quads
        ]
    _check_literals(path, text, triples)
    return triples


def _as_in_rdflib(quads: list[ox.Quad], triples: list[Triple]) -> Iterator[ox.Quad]:
    """The quads, with any literal rdflib normalized (``"01"^^xsd:integer`` → ``"1"``) replaced
    by rdflib's form, so that the Store, the Dataset and the dumps hold the same terms."""
    for quad, (_s, _p, o) in zip(quads, triples, strict=True):
        if isinstance(o, Literal) and str(o) != quad.object.value:
            yield ox.Quad(quad.subject, quad.predicate, to_ox(o), quad.graph_name)
        else:
            yield quad


def parse_turtle(path: Path) -> Graph:
    """Parse one Turtle file strictly; raises InputError."""
    text, quads = read_quads(path, "turtle", None)
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in rdflib_triples(path, text, quads))
    return graph


def parse_trig(path: Path, expected_graph: URIRef) -> Graph:
    """Parse one TriG file that must hold exactly the named graph ``expected_graph``."""
    text, quads = read_quads(path, "trig", expected_graph)
    graph = Graph(identifier=expected_graph)
    graph.addN((s, p, o, graph) for s, p, o in rdflib_triples(path, text, quads))
    return graph


def _sorted_files(folder: Path, pattern: str) -> list[Path]:
    """The data files matching ``pattern``; anything by that name that is not a readable regular
    file (a dangling or looping symbolic link, a folder) is an error, never silently skipped."""
    if not folder.is_dir():
        return []
    found = sorted(folder.glob(pattern))
    for path in found:
        check_data_file(path)
    return found


def check_data_file(path: Path) -> None:
    """An InputError naming ``path`` unless it is (a link to) a regular file."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if path.is_symlink():
            if exc.errno == errno.ELOOP:
                raise InputError("symbolic link loop", path) from None
            raise InputError(f"dangling symbolic link (to {os.readlink(path)})", path) from None
        raise InputError(f"cannot read file: {exc.strerror}", path) from None
    if stat.S_ISDIR(mode):
        raise InputError("a folder where a data file should be", path)
    if not stat.S_ISREG(mode):
        raise InputError("not a regular file", path)


def layout(project_home: Path) -> list[tuple[Path, URIRef, str]]:
    """(file, named graph, format) for every graph file of the project, in load order."""
    files: list[tuple[Path, URIRef, str]] = []
    for path in _sorted_files(paths.ontology_dir(project_home), "**/*.ttl"):
        files.append((path, GRAPH_ONTOLOGY, "turtle"))
    for path in _sorted_files(paths.data_dir(project_home) / "reference", "**/*.ttl"):
        files.append((path, GRAPH_REFERENCE, "turtle"))
    for path in _sorted_files(paths.data_dir(project_home) / "sources", "*.trig"):
        files.append((path, source_graph(path.stem), "trig"))
    return files


#: Reads one project file (path, named graph, format) into its quads, in the loader's form
#: (:func:`parse_file`), or from a cache of that form (``multivector.parsecache``).
FileReader = Callable[[Path, URIRef, str], list[ox.Quad]]


def parse_file(path: Path, graph_name: URIRef, fmt: str) -> list[ox.Quad]:
    """One project file's quads as :func:`load_files` keeps them (literals in rdflib's normal
    form, an ill-typed literal an InputError)."""
    text, quads = read_quads(path, fmt, graph_name)
    return list(_as_in_rdflib(quads, rdflib_triples(path, text, quads)))


def load_files(
    files: list[tuple[Path, URIRef, str]], project_home: Path | None = None,
    reader: FileReader | None = None,
) -> LoadedGraph:
    """Load the given (file, graph, format) triples into one Dataset (and keep the quads).

    ``reader``: where each file's quads come from (a cache); the Dataset is then made only when
    asked for (:class:`LoadedGraph`).
    """
    dataset = new_dataset() if reader is None else None
    graph_files: dict[URIRef, list[Path]] = {}
    all_quads: list[ox.Quad] = []
    spans: list[tuple[Path, int, int]] = []
    for path, graph_name, fmt in files:
        start = len(all_quads)
        if dataset is None:
            assert reader is not None
            all_quads.extend(reader(path, graph_name, fmt))
        else:
            text, quads = read_quads(path, fmt, graph_name)
            triples = rdflib_triples(path, text, quads)
            target = dataset.graph(graph_name)
            target.addN((s, p, o, target) for s, p, o in triples)
            all_quads.extend(_as_in_rdflib(quads, triples))
        spans.append((path, start, len(all_quads)))
        graph_files.setdefault(graph_name, []).append(path)
    stamped = _stamp(all_quads, project_home)
    if stamped:
        if dataset is not None:
            target = dataset.graph(GRAPH_ONTOLOGY)
            conversion = FromOx()
            target.addN(
                (conversion(q.subject), conversion(q.predicate), conversion(q.object), target)
                for q in stamped
            )
        all_quads.extend(stamped)
    return LoadedGraph(
        dataset=dataset, graph_files=graph_files, home=project_home, quads=all_quads,
        file_spans=spans,
    )


def _stamp(quads: list[ox.Quad], project_home: Path | None) -> list[ox.Quad]:
    """Version and date of the project's own ontologies (``multivector.stamp``), for each
    property the ontology graph does not state itself."""
    from multivector import stamp

    graph = to_ox(GRAPH_ONTOLOGY)
    ontology = [q for q in quads if q.graph_name == graph]
    if not stamp.own_ontologies(ontology):
        return []
    present = {(q.subject.value, q.predicate.value) for q in stamp.hand_typed(ontology)}
    return [
        q for q in stamp.stamp_quads(ontology, graph, stamp.stamp_for(project_home))
        if (q.subject.value, q.predicate.value) not in present
    ]


def load(project_home: Path | None = None) -> LoadedGraph:
    """Load the whole project (ontology, reference data, sources)."""
    project_home = project_home or paths.home()
    files = layout(project_home)
    if not files:
        raise InputError("no graph files found (expected ontology/ and data/)", project_home)
    return load_files(files, project_home)
