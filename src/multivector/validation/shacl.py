"""The SHACL engines behind one call, and the prepared-query cache the pySHACL path needs.

``pyshacl`` is the reference implementation; ``turbo`` is pyshacl-turbo (Rust), same API, 10-40x
faster here; ``oxigraph`` runs the shapes compiled to SPARQL (:mod:`.shacl_sparql`) on the Store
that already holds the graph (:mod:`.shacl_store`). ``tests/test_bench_parity.py`` checks that all
three give identical results (severity, focus, shape, component, path, value) on every shape
fixture and on the shipped graph.
Both run with ``inference="none"``: the caller decides about reasoning (``ValidationOptions``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.sparql import Query

from multivector.errors import InputError, ToolError
from multivector.namespaces import bind_prefixes

SHACL_ENGINES: tuple[str, ...] = ("pyshacl", "turbo", "oxigraph")
DEFAULT_SHACL_ENGINE = "oxigraph"

_SHACL_OPTIONS: dict[str, object] = {
    "inference": "none",
    "abort_on_first": False,
    "allow_warnings": True,
    "advanced": False,
}


def check_shacl_engine(engine: str | None) -> str:
    """The engine name to use; an unknown or unavailable one is a one-line InputError."""
    engine = engine or DEFAULT_SHACL_ENGINE
    if engine not in SHACL_ENGINES:
        raise InputError(
            f"--shacl-engine: unknown engine {engine!r} (choose from {', '.join(SHACL_ENGINES)})"
        )
    if engine == "turbo":
        try:
            import pyshacl_turbo  # noqa: F401
        except ImportError:
            raise InputError(
                "--shacl-engine turbo: pyshacl-turbo is not installed "
                "(pip install pyshacl-turbo, or use --shacl-engine pyshacl)"
            ) from None
    return engine


class PreparedQueryGraph(Graph):
    """An rdflib Graph that parses each SPARQL text once, for the lifetime of the graph.

    pySHACL runs a SPARQL constraint once per focus node, passing the query *text* to the data
    graph's ``query``; rdflib would re-parse it every time (about 0.1 s each — minutes over the
    whole graph). rdflib's prepared queries are meant to be reused with different
    ``initBindings``, so this graph keeps the parsed and translated query by its text. pySHACL
    (with ``inference="none"``, no ontology graph, not advanced) validates the graph it is given
    in place and calls this ``query`` — nothing global is patched.
    """

    def __init__(self) -> None:
        super().__init__()
        bind_prefixes(self)
        self._prepared: dict[tuple[str, str | None, tuple[tuple[str, str], ...]], Query] = {}

    def query(  # type: ignore[override]
        self, query_object: Any, processor: Any = "sparql", result: Any = "sparql",
        initNs: Any = None, initBindings: Any = None, use_store_provided: bool = True,  # noqa: N803
        **kwargs: Any,
    ) -> Any:
        if isinstance(query_object, str):
            base = kwargs.get("base")
            key = (query_object, base,
                   tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            prepared = self._prepared.get(key)
            if prepared is None:
                prepared = translateQuery(parseQuery(query_object), base, initNs)
                self._prepared[key] = prepared
            query_object = prepared
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


def _fail(engine: str, exc: Exception) -> Exception:
    text = str(exc)
    if "MetaSHACL" in text:  # the shapes themselves failed SHACL-SHACL: bad input, not a crash
        details = [line.strip() for line in text.splitlines()
                   if line.strip().startswith(("Focus Node:", "Message:"))]
        return InputError("the shapes are not valid SHACL (SHACL-SHACL): "
                          + "; ".join(details[:2] or [text.splitlines()[0]]))
    return ToolError(f"SHACL validation ({engine}) failed to run: {' '.join(text.split())}")


def _report(engine: str, report: object) -> Graph:
    if not isinstance(report, Graph):
        raise ToolError(f"SHACL validation ({engine}) returned no report graph")
    return report


#: Keys (:func:`shapes_key`) of the shapes this process has already checked against
#: SHACL-SHACL. The check depends on the shapes alone, so a caller that validates many graphs
#: with the same shapes files (the API in a loop, the shape-case runner) pays it once; a changed
#: file has another key and is checked again.
_META_CHECKED: set[str] = set()


def shapes_key(files: Iterable[Path]) -> str:
    """SHA-256 over the shapes files' names and bytes, in the given order."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path).encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def shapes_checked(key: str) -> None:
    """Record that the shapes of ``key`` passed SHACL-SHACL (an earlier build checked them:
    an incremental build's shapes are in its state's key)."""
    _META_CHECKED.add(key)


def check_meta(shapes_graph: Graph, key: str) -> None:
    """SHACL-SHACL on the shapes alone (malformed shapes: InputError), unless shapes of the same
    ``key`` passed it already in this process — for the engines that run no pySHACL-style call
    of their own on the data (``oxigraph``)."""
    if key not in _META_CHECKED:
        run_turbo(b"", shapes_graph, meta=True, shapes_id=key)


def _with_meta(run: Any, meta: bool, key: str | None) -> Any:
    """Run ``run(options)`` with SHACL-SHACL on when asked for, unless shapes of the same
    ``key`` already passed it in this process; remember the key once the check passed."""
    if not meta or (key is not None and key in _META_CHECKED):
        return run(_options(False))
    result = run(_options(True))
    if key is not None:
        _META_CHECKED.add(key)
    return result


def _options(meta: bool) -> dict[str, object]:
    return {**_SHACL_OPTIONS, "meta_shacl": meta}


def run_pyshacl(data: PreparedQueryGraph, shapes_graph: Graph, meta: bool = False,
                shapes_id: str | None = None) -> Graph:
    """pySHACL on the union graph; returns the report graph. ``meta``: check the shapes against
    SHACL-SHACL first (malformed shapes: InputError), once per ``shapes_id``
    (:func:`shapes_key`) in a process."""
    from pyshacl import validate as shacl_validate

    def run(options: dict[str, object]) -> object:
        try:
            return shacl_validate(data, shacl_graph=shapes_graph, **options)[1]
        except Exception as exc:  # pySHACL raises ReportableRuntimeError and others
            raise _fail("pyshacl", exc) from None

    return _report("pyshacl", _with_meta(run, meta, shapes_id))


def run_turbo(data: Graph | bytes, shapes_graph: Graph, meta: bool = False,
              shapes_id: str | None = None) -> Graph:
    """pyshacl-turbo on an rdflib Graph or on N-Triples text; returns the report graph.

    N-Triples text goes straight to its Rust parser: handing it an rdflib Graph makes it walk
    every triple in Python (a third of its time at 100 k triples, and the union Graph must be
    built first). ``pyshacl_turbo.rdf.Input`` with the ``oxigraph-nquads`` format is the form
    its own Store path uses (N-Triples is a subset of N-Quads); it is not in the package's
    ``__all__``, hence the version pin in pyproject.toml and the parity test. Both inputs must
    be rdflib-compatible with the shapes graph: given a pyoxigraph Store for the data and an
    rdflib Graph for the shapes it reads ``sh:in`` lists differently. ``meta``: as in
    :func:`run_pyshacl`.
    """
    from pyshacl_turbo import validate as turbo_validate
    from pyshacl_turbo.rdf import Input

    source: object = data
    if isinstance(data, bytes):
        source = Input(data.decode("utf-8"), "oxigraph-nquads", None, {}, {}, preserve_ids=True)
    def run(options: dict[str, object]) -> object:
        try:
            return turbo_validate(source, shacl_graph=shapes_graph, **options)[1]
        except Exception as exc:
            raise _fail("turbo", exc) from None

    return _report("turbo", _with_meta(run, meta, shapes_id))


_DATA = ox.NamedNode("urn:multivector:shacl-data")


def run_shacl(data: Graph, shapes_graph: Graph, *, engine: str | None = None) -> Graph:
    """Validate an rdflib Graph with one engine (fixtures, parity tests); the report graph."""
    engine = check_shacl_engine(engine)
    if engine == "turbo":
        return run_turbo(data, shapes_graph)
    if engine == "oxigraph":
        from multivector.querystore import new_store
        from multivector.terms import to_ox
        from multivector.validation.shacl_store import run_oxigraph

        quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), _DATA)  # type: ignore[arg-type]
                 for s, p, o in data]
        return run_oxigraph(new_store(quads), quads, shapes_graph)
    prepared = data if isinstance(data, PreparedQueryGraph) else _prepared_copy(data)
    return run_pyshacl(prepared, shapes_graph)


def _prepared_copy(data: Graph) -> PreparedQueryGraph:
    copy = PreparedQueryGraph()
    copy.addN((s, p, o, copy) for s, p, o in data)
    return copy
