"""One benchmark step, run in its own process: ``python -m benchmarks.steps STEP ENGINE DIR``.

Why this module exists: peak memory is only meaningful per process, and a reference engine that
takes far too long must be killable. So the runner starts each (step, engine) here, with a time
limit, and reads back one JSON object on stdout: the timings (seconds), the answers (row sets,
result sets, digests — compared across engines by the runner) and ``max_rss_mb`` of this
process. Setup that is not the step being measured (loading the graph before a query, say) is
done with the fast path and reported separately, never inside the measured time.

Steps and engines:

* ``load``        oxigraph | rdflib       parse ``graph.nq`` into a store
* ``materialize`` oxigraph | rdflib | owlrl  the rules of ``reasoning/rules/`` to a fixpoint
  (owlrl: the full OWL 2 RL closure, the reference reasoner)
* ``validate``    turbo | pyshacl         SHACL over the union graph with the inferences
* ``query``       oxigraph | rdflib       every competency query, median of ``--repeat`` runs
* ``export``      oxigraph | rdflib       write every quad as N-Quads
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import signal
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from multivector.materialize import Materialization

REPO = Path(__file__).resolve().parents[1]
STEPS: dict[str, tuple[str, ...]] = {
    "load": ("oxigraph", "rdflib"),
    "materialize": ("oxigraph", "rdflib", "owlrl"),
    "validate": ("oxigraph", "turbo", "pyshacl"),
    "query": ("oxigraph", "rdflib"),
    "export": ("oxigraph", "rdflib"),
}


def max_rss_mb() -> float:
    """This process's peak resident set size, in MB.

    ``VmHWM`` rather than ``getrusage().ru_maxrss``: the latter survives ``exec`` and so would
    report the (larger) peak of the runner process this one was forked from.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def digest(lines: Iterable[str]) -> str:
    h = hashlib.sha256()
    for line in sorted(lines):
        h.update(line.encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()[:16]


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def load_store(graph: Path, parts: dict[str, float] | None = None) -> ox.Store:
    """The fast path's store: the quads, plus their set union as the default graph (the
    product's query store, ``multivector.querystore``); ``parts`` receives the two timings."""
    from multivector.querystore import add_union

    store = ox.Store()
    parse_s, _ = timed(lambda: store.bulk_load(path=str(graph), format=ox.RdfFormat.N_QUADS))
    union_s, _ = timed(lambda: add_union(store))
    if parts is not None:
        parts.update(parse_s=parse_s, union_s=union_s)
    return store


def load_rdflib(graph: Path):
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(str(graph), format="nquads")
    return dataset


def rules():
    from multivector.materialize import load_rules

    return load_rules(REPO / "reasoning" / "rules")


def store_with_inferences(graph: Path) -> tuple[ox.Store, Materialization, dict[str, float]]:
    """The fast path's load + materialize (untimed setup for later steps): the store, with the
    inferred quads in it, and the Materialization (``.quads``; ``.inferred`` as an rdflib Graph is
    made only if a reference engine asks for it)."""
    from multivector.materialize import materialize

    setup: dict[str, float] = {}
    setup["load_s"], store = timed(lambda: load_store(graph))
    setup["materialize_s"], result = timed(
        lambda: materialize(None, engine="oxigraph", rules=rules(), store=store)  # type: ignore[arg-type]
    )
    return store, result, setup


def raw_quads(graph: Path):
    """The file's quads as rdflib terms, parsed by pyoxigraph but NOT through a Store.

    A pyoxigraph Store normalizes literals of derived integer types (``"5"^^xsd:nonNegativeInteger``
    is stored as ``"5"^^xsd:integer``), which would make SHACL's ``sh:datatype`` fail; the
    streaming parser keeps the terms as written.
    """
    from multivector.terms import from_ox

    with graph.open("rb") as handle:
        for quad in ox.parse(handle, format=ox.RdfFormat.N_QUADS):
            yield (from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object),
                   from_ox(quad.graph_name))


def rdflib_dataset_from(graph: Path, inferred: Any):
    """An rdflib Dataset holding the file's quads plus ``id:graph/inferred`` (no rdflib parse)."""
    from rdflib import Dataset

    from multivector.namespaces import GRAPH_INFERRED

    dataset = Dataset()
    graphs: dict[Any, Any] = {}
    for s, p, o, g in raw_quads(graph):
        target = graphs.get(g)
        if target is None:
            target = graphs[g] = dataset.graph(g)
        target.add((s, p, o))
    target = dataset.graph(GRAPH_INFERRED)
    for triple in inferred:
        target.add(triple)
    return dataset


def union_ntriples_from(graph: Path, inferred: list[ox.Quad]) -> bytes:
    """The union as N-Triples, from the streaming parser (terms as written; see
    :func:`raw_quads`) and the inferred quads — what the product hands pyshacl-turbo."""
    parsed = list(ox.parse(path=str(graph), format=ox.RdfFormat.N_QUADS))
    triples = [q.triple for q in parsed + list(inferred)]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def union_graph_from(graph: Path, inferred: Any):
    """The union of every graph and the inferences, as one rdflib Graph (what SHACL sees)."""
    from rdflib import Graph

    from multivector.namespaces import bind_prefixes

    union = Graph()
    bind_prefixes(union)
    add = union.add
    for s, p, o, _g in raw_quads(graph):
        add((s, p, o))
    for triple in inferred:
        add(triple)
    return union


# ---------------------------------------------------------------------------------------------


def step_load(engine: str, graph: Path, args: argparse.Namespace) -> dict[str, Any]:
    parts: dict[str, float] = {}
    if engine == "oxigraph":
        from multivector.querystore import named_quads

        store = load_store(graph, parts)  # times the parse and the union copy apart
        seconds = parts["parse_s"]
        count = sum(1 for _ in named_quads(store))
    else:
        seconds, dataset = timed(lambda: load_rdflib(graph))
        count = sum(1 for _ in dataset.quads((None, None, None, None)))
    return {"seconds": seconds, "quads": count, "answer": str(count), **parts}


def _triple_line(s: Any, p: Any, o: Any) -> str:
    return f"{s} {p} {o}"


def step_materialize(engine: str, graph: Path, args: argparse.Namespace) -> dict[str, Any]:
    from multivector.materialize import materialize
    from multivector.terms import to_ox

    if engine == "oxigraph":
        store = load_store(graph)
        seconds, result = timed(
            lambda: materialize(None, engine="oxigraph", rules=rules(), store=store)  # type: ignore[arg-type]
        )
        lines = [_triple_line(q.subject, q.predicate, q.object) for q in result.quads]
        return {"seconds": seconds, "inferred": len(lines), "rounds": result.rounds,
                "answer": digest(lines)}
    dataset = load_rdflib(graph)
    if engine == "rdflib":
        seconds, result = timed(lambda: materialize(dataset, engine="rdflib", rules=rules()))
        lines = [_triple_line(*map(to_ox, t)) for t in result.inferred]
        return {"seconds": seconds, "inferred": len(lines), "rounds": result.rounds,
                "answer": digest(lines)}
    # owlrl: the full OWL 2 RL closure of the union graph (the reference reasoner)
    import owlrl
    from rdflib import Graph

    union = Graph()
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    before = len(union)
    seconds, _ = timed(lambda: owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(union))
    # the rules' conclusions must all be in the OWL 2 RL closure
    store = load_store(graph)
    ours = materialize(None, engine="oxigraph", rules=rules(), store=store).inferred  # type: ignore[arg-type]
    missing = sum(1 for t in ours if t not in union)
    return {"seconds": seconds, "inferred": len(union) - before, "rules_not_in_owlrl": missing,
            "answer": None}


def step_validate(engine: str, graph: Path, args: argparse.Namespace) -> dict[str, Any]:
    from multivector.namespaces import SH, curie
    from multivector.validation import load_shapes, render_path, render_term, run_shacl
    from multivector.validation.reading import shape_name, top_level_results
    from multivector.validation.shacl import run_turbo

    store, materialized, setup = store_with_inferences(graph)
    shapes = load_shapes(REPO / "shapes")
    if engine == "oxigraph":  # the product's path: the compiled shapes on the query store
        from multivector.validation.shacl_store import run_oxigraph

        # the parsed quads (terms as written), which the build holds: the integer-family
        # datatypes are decided on them (multivector.validation.shacl_sparql)
        setup["parsed_quads_s"], quads = timed(
            lambda: list(ox.parse(path=str(graph), format=ox.RdfFormat.N_QUADS))
            + list(materialized.quads))
        seconds, report = timed(lambda: run_oxigraph(store, quads, shapes))
    elif engine == "turbo":  # the product's path: N-Triples text, no rdflib union Graph
        del store
        setup["union_ntriples_s"], text = timed(
            lambda: union_ntriples_from(graph, materialized.quads)
        )
        seconds, report = timed(lambda: run_turbo(text, shapes))
    else:
        del store
        setup["union_graph_s"], data = timed(lambda: union_graph_from(graph, materialized.inferred))
        seconds, report = timed(lambda: run_shacl(data, shapes, engine=engine))
    results = []
    for node in top_level_results(report):
        severity = report.value(node, SH.resultSeverity)
        focus = report.value(node, SH.focusNode)
        path = report.value(node, SH.resultPath)
        value = report.value(node, SH.value)
        component = report.value(node, SH.sourceConstraintComponent)
        results.append([
            str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            render_term(focus) if focus is not None else "",
            shape_name(shapes, report.value(node, SH.sourceShape)),
            curie(component) if component is not None else "",
            render_path(report, path) if path is not None else "",
            render_term(value) if value is not None else "",
        ])
    results.sort()
    counts: dict[str, int] = {}
    for row in results:
        counts[row[0]] = counts.get(row[0], 0) + 1
    return {"seconds": seconds, "setup": setup, "counts": counts, "results": results,
            "answer": digest("\t".join(r) for r in results)}


class QueryTimeout(BaseException):
    """Raised by SIGALRM; a BaseException so that no ``except Exception`` swallows it."""


def _alarm(_signum: int, _frame: object) -> None:
    raise QueryTimeout()


def step_query(engine: str, graph: Path, args: argparse.Namespace) -> dict[str, Any]:
    from multivector.queries import catalogue, cell, run_query

    store, materialized, setup = store_with_inferences(graph)
    target: dict[str, Any] = {"store": store}
    if engine == "rdflib":
        setup["rdflib_dataset_s"], dataset = timed(
            lambda: rdflib_dataset_from(graph, materialized.inferred)
        )
        del store
        target = {"dataset": dataset}
    queries = catalogue(REPO / "queries")
    signal.signal(signal.SIGALRM, _alarm)
    out: dict[str, Any] = {}
    chosen = getattr(args, "queries", None)
    binding = getattr(args, "binding", "auto")
    for name in sorted(queries, key=lambda n: (len(n), n)):
        if chosen and name not in chosen:
            continue
        query = queries[name]
        times: list[float] = []
        try:
            signal.setitimer(signal.ITIMER_REAL, args.query_timeout)
            first, table = timed(lambda q=query: run_query(q, values={}, binding=binding,
                                                           **target))
            for _ in range(args.repeat):
                signal.setitimer(signal.ITIMER_REAL, args.query_timeout)
                seconds, table = timed(lambda q=query: run_query(q, values={}, binding=binding,
                                                                 **target))
                times.append(seconds)
            signal.setitimer(signal.ITIMER_REAL, 0)
        except QueryTimeout:
            out[name] = {"status": "timeout", "limit_s": args.query_timeout}
            continue
        except Exception as exc:  # an engine that cannot run the query: reported, not fatal
            signal.setitimer(signal.ITIMER_REAL, 0)
            out[name] = {"status": "error", "error": " ".join(str(exc).split())[:300]}
            continue
        rows = ["\t".join(cell(v) for v in row) for row in table.rows]
        out[name] = {
            "status": "ok",
            "median_s": statistics.median(times) if times else first,
            "first_s": first,
            "rows": len(rows),
            "answer": digest(rows),
        }
    return {"setup": setup, "queries": out,
            "seconds": sum(q.get("median_s", 0) for q in out.values())}


def step_export(engine: str, graph: Path, args: argparse.Namespace) -> dict[str, Any]:
    out = Path(args.scratch) / f"export-{engine}.nq"
    store, materialized, setup = store_with_inferences(graph)
    if engine == "oxigraph":
        store.clear_graph(ox.DefaultGraph())  # the union copy: the export holds the named graphs
        seconds, _ = timed(lambda: store.dump(str(out), format=ox.RdfFormat.N_QUADS))
    else:
        setup["rdflib_dataset_s"], dataset = timed(
            lambda: rdflib_dataset_from(graph, materialized.inferred)
        )
        del store
        seconds, _ = timed(lambda: dataset.serialize(destination=str(out), format="nquads"))
    with out.open("rb") as handle:
        lines = sum(1 for line in handle if line.strip())
    size = out.stat().st_size
    out.unlink()
    return {"seconds": seconds, "setup": setup, "quads": lines, "bytes": size,
            "answer": str(lines)}


STEP_FUNCTIONS = {
    "load": step_load,
    "materialize": step_materialize,
    "validate": step_validate,
    "query": step_query,
    "export": step_export,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.steps")
    parser.add_argument("step", choices=sorted(STEPS))
    parser.add_argument("engine")
    parser.add_argument("dir", type=Path, help="a generated graph folder (graph.nq)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--query-timeout", type=float, default=60.0)
    parser.add_argument("--scratch", default="/tmp")
    parser.add_argument("--queries", type=lambda t: [q for q in t.split(",") if q],
                        default=None, help="only these competency queries (e.g. CQ1,CQ2)")
    parser.add_argument("--binding", default="auto",
                        help="how the query step binds parameters (auto, values, native, "
                        "inline: as remote endpoints and Jena get them)")
    args = parser.parse_args(argv)
    if args.engine not in STEPS[args.step]:
        print(f"error: step {args.step}: unknown engine {args.engine!r} "
              f"(choose from {', '.join(STEPS[args.step])})", file=sys.stderr)
        return 2
    graph = args.dir / "graph.nq"
    if not graph.is_file():
        print(f"error: {graph}: not found (generate it first)", file=sys.stderr)
        return 2
    result = STEP_FUNCTIONS[args.step](args.engine, graph, args)
    result["max_rss_mb"] = max_rss_mb()
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
