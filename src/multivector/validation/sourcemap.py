"""Which file a focus node comes from: the files whose triples have it as subject.

One map for every caller. It holds the validated quads grouped by origin — per file when the
loader says which quads came from which file (``LoadedGraph.file_spans``), else per named graph
(its one file when known, else its IRI) — and answers for all the focus nodes of a report in one
pass over the quads: a report has a handful of focus nodes, so indexing every subject up front
would cost more than the SHACL run itself on the shipped graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from multivector.loading import LoadedGraph
from multivector.namespaces import GRAPH_INFERRED
from multivector.terms import to_ox


def display_path(path: Path) -> str:
    """A path relative to the working directory when it is under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class SourceMap:
    """focus node -> the files (or graph IRIs) whose triples have it as subject; for a node that
    is nowhere a subject (an undescribed IRI), the files that mention it as object."""

    def __init__(self, groups: Iterable[tuple[str, Sequence[ox.Quad]]]) -> None:
        self._groups = list(groups)

    @classmethod
    def of_loaded(cls, loaded: LoadedGraph) -> SourceMap:
        """Per file, from the loader's spans."""
        return cls(
            (display_path(path), loaded.quads[start:end])
            for path, start, end in loaded.file_spans
        )

    @classmethod
    def of_quads(
        cls, quads: Iterable[ox.Quad], graph_files: Mapping[URIRef, Sequence[Path]] | None = None
    ) -> SourceMap:
        """Per named graph: the graph's file when it came from exactly one, else its IRI.

        The inferred graph is nobody's source and is left out."""
        by_graph: dict[ox.NamedNode, list[ox.Quad]] = {}
        inferred = ox.NamedNode(str(GRAPH_INFERRED))
        for quad in quads:
            if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name != inferred:
                by_graph.setdefault(quad.graph_name, []).append(quad)
        graph_files = graph_files or {}
        groups = []
        for graph, members in by_graph.items():
            files = graph_files.get(URIRef(graph.value))
            origin = display_path(files[0]) if files and len(files) == 1 else f"<{graph.value}>"
            groups.append((origin, members))
        return cls(groups)

    def files_of(self, nodes: Iterable[Node]) -> dict[Node, tuple[str, ...]]:
        """For each node, its sorted origins (one pass over the quads for all of them)."""
        wanted: dict[object, Node] = {}
        for node in nodes:
            try:
                term = to_ox(node)
            except TypeError:
                continue
            wanted[term] = node
        subjects: dict[Node, set[str]] = {}
        mentions: dict[Node, set[str]] = {}
        for origin, quads in self._groups:
            for quad in quads:
                if quad.subject in wanted:
                    subjects.setdefault(wanted[quad.subject], set()).add(origin)
                if quad.object in wanted:
                    mentions.setdefault(wanted[quad.object], set()).add(origin)
        return {
            node: tuple(sorted(subjects.get(node) or mentions.get(node) or ()))
            for node in wanted.values()
        }
