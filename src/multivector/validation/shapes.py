"""The shapes graphs: the data contract (``shapes/contract/``) and the developer checks
(``shapes/dev/``), and the SHACL-SHACL check of the shapes themselves.

``multivector validate`` runs the contract — what user data must satisfy. ``build`` and the tests
run both: the dev shapes lint the ontology (labels, definitions, headers), and the shapes
themselves are checked against the W3C SHACL-SHACL meta-shapes in the same run
(:func:`check_shapes_wellformed` alone), so a malformed shape is caught before it silently checks
nothing. The dev shapes use the SPARQL prefix declarations of ``contract/common.ttl``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

from multivector import paths
from multivector.errors import InputError
from multivector.loading import parse_turtle
from multivector.namespaces import bind_prefixes


def shape_files(location: Path) -> list[Path]:
    """Every ``*.ttl`` of a folder (recursively), or the one file given."""
    if location.is_dir():
        files = sorted(p for p in location.rglob("*.ttl") if p.is_file())
        if not files:
            raise InputError("no shapes (*.ttl) found", location)
        return files
    if location.exists():
        return [location]
    raise InputError("no such shapes file or folder", location)


def load_shapes(shapes: Path | Sequence[Path] | None = None) -> Graph:
    """One shapes graph from a file, a folder, or several (default: the contract shapes)."""
    if shapes is None:
        locations: Iterable[Path] = [paths.contract_shapes_dir()]
    elif isinstance(shapes, Path):
        locations = [shapes]
    else:
        locations = shapes
    graph = Graph()
    bind_prefixes(graph)
    for location in locations:
        for path in shape_files(location):
            graph.addN((s, p, o, graph) for s, p, o in _parsed(path))
    return graph


#: Parsed shapes files by (path, SHA-256 of their bytes): a process that validates many graphs
#: (the API in a loop, the shape-case runner) parses each shapes file once; an edited file has
#: another hash and is parsed again. Read-only tuples, so no caller can change the cache.
_PARSED: dict[tuple[str, str], tuple[tuple[Node, Node, Node], ...]] = {}


def _parsed(path: Path) -> tuple[tuple[Node, Node, Node], ...]:
    key = (str(path.resolve()), hashlib.sha256(path.read_bytes()).hexdigest())
    if key not in _PARSED:
        _PARSED[key] = tuple(parse_turtle(path))
    return _PARSED[key]


def check_shapes_wellformed(shapes: Path | Sequence[Path]) -> None:
    """SHACL-SHACL: raise InputError naming the first problem if the shapes are malformed.

    The engine validates the shapes graph against the W3C SHACL-SHACL meta-shapes (pySHACL's
    ``meta_shacl``); the gate does the same, in the same run, whenever the developer checks run.
    """
    from multivector.validation.shacl import PreparedQueryGraph, run_pyshacl

    run_pyshacl(PreparedQueryGraph(), load_shapes(shapes), meta=True)
