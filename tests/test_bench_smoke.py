"""Smoke test of the benchmark suite at 10 k triples: every step on both sides, same answers.

Why this test exists: the benchmark's figures are only worth something if the fast path and the
reference engines agree. This runs the whole suite once at the smallest size — generator, load,
materialization, SHACL validation, competency queries, export — in-process (no timing
assertions) and asserts that the answers are equal across engines and that both validators find
exactly the violations the generator injected.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import pytest
from benchmarks import steps
from benchmarks.generate import generate, parse_size
from benchmarks.runner import check_injected, compare

pytestmark = pytest.mark.slow  # the whole benchmark suite at 10 k

REPO = Path(__file__).resolve().parents[1]
#: the competency queries rdflib answers at 10 k in about a second (the others are written as
#: one flat pattern and run for minutes on rdflib: see docs/benchmarks.md)
RDFLIB_QUERIES = ["CQ1", "CQ2", "CQ3", "CQ4", "CQ8", "CQ10", "CQ11"]


@pytest.fixture(scope="module")
def graph10k(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bench10k")
    manifest = generate(parse_size("10k"), folder, REPO)
    assert 9_000 <= manifest["triples"] <= 12_000
    return folder


def _args(folder: Path, **extra) -> argparse.Namespace:
    base = {"repeat": 1, "query_timeout": 60.0, "scratch": str(folder), "queries": None}
    base.update(extra)
    return argparse.Namespace(**base)


def test_generator_is_deterministic_and_self_consistent(graph10k: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate(parse_size("10k"), again, REPO)
    assert (again / "graph.nq").read_bytes() == (graph10k / "graph.nq").read_bytes()
    manifest = json.loads((graph10k / "manifest.json").read_text())
    assert manifest["injected_counts"] == {
        "mvsh:EvidenceSpanShape": 1,
        "mvsh:MembershipDateOrderShape": 1,
        "mvsh:StanceShape [mv:position]": 1,
    }


def test_synthetic_documents_hold_their_quotes(tmp_path: Path) -> None:
    """In replicas, quotes point into generated texts: offsets and SHA-256 are real. (The shipped
    graph alone is about 17 k triples, so a 30 k graph holds a replica's sources.)"""
    import pyoxigraph as ox

    folder = tmp_path / "g"
    generate(parse_size("30k"), folder, REPO)
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (folder / "corpus").glob("*.txt")}
    assert texts, "a 30 k graph has at least one replica with synthetic documents"
    quads = list(ox.parse(path=str(folder / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    exact = {q.subject.value.removesuffix("/quote"): q.object.value
             for q in quads if q.predicate.value == "http://www.w3.org/ns/oa#exact"}
    checked = 0
    for q in quads:
        if q.predicate.value != "http://www.w3.org/ns/oa#start":
            continue
        evidence = q.subject.value.removesuffix("/position")
        source = evidence.split("/evidence/", 1)[1].split("/", 1)[0]
        if source not in texts:
            continue
        start, end = (int(x) for x in evidence.rsplit("/", 1)[1].split("-"))
        if texts[source][start:end] == exact[evidence]:
            checked += 1
    assert checked > 50
    shas = {q.subject.value.rsplit("/", 1)[1]: q.object.value for q in quads
            if q.predicate.value == "https://w3id.org/multivector/ontology#sha256"}
    for source, text in texts.items():
        assert shas[source] == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_load_same_quads(graph10k: Path) -> None:
    fast = steps.step_load("oxigraph", graph10k / "graph.nq", _args(graph10k))
    ref = steps.step_load("rdflib", graph10k / "graph.nq", _args(graph10k))
    assert fast["quads"] == ref["quads"] > 9_000


def test_materialize_same_inferences(graph10k: Path) -> None:
    fast = steps.step_materialize("oxigraph", graph10k / "graph.nq", _args(graph10k))
    ref = steps.step_materialize("rdflib", graph10k / "graph.nq", _args(graph10k))
    assert fast["inferred"] > 1_000
    assert fast["answer"] == ref["answer"] and fast["inferred"] == ref["inferred"]


def test_validate_same_results_and_exactly_the_injected_violations(graph10k: Path) -> None:
    manifest = json.loads((graph10k / "manifest.json").read_text())
    fast = steps.step_validate("oxigraph", graph10k / "graph.nq", _args(graph10k))
    turbo = steps.step_validate("turbo", graph10k / "graph.nq", _args(graph10k))
    ref = steps.step_validate("pyshacl", graph10k / "graph.nq", _args(graph10k))
    assert fast["results"] == ref["results"] == turbo["results"]
    for outcome in (fast, turbo, ref):
        check = check_injected(outcome, manifest)
        assert check["exact"], check
        assert outcome["counts"]["Violation"] == 3


def test_queries_same_rows(graph10k: Path) -> None:
    fast = steps.step_query("oxigraph", graph10k / "graph.nq", _args(graph10k))
    ref = steps.step_query("rdflib", graph10k / "graph.nq",
                           _args(graph10k, queries=RDFLIB_QUERIES))
    assert all(q["status"] == "ok" for q in fast["queries"].values())
    assert len(fast["queries"]) >= 12
    assert sum(q["rows"] for q in fast["queries"].values()) > 50
    for name in RDFLIB_QUERIES:
        assert ref["queries"][name]["status"] == "ok", name
    fast["status"] = ref["status"] = "ok"
    assert compare("query", fast, ref) is True
    assert all(ref["queries"][n]["same_answer"] for n in RDFLIB_QUERIES)


def test_export_same_quads(graph10k: Path) -> None:
    fast = steps.step_export("oxigraph", graph10k / "graph.nq", _args(graph10k))
    ref = steps.step_export("rdflib", graph10k / "graph.nq", _args(graph10k))
    assert fast["quads"] == ref["quads"] > 10_000


def test_cli_builds_report_full_incremental_and_query_figures(tmp_path: Path) -> None:
    """The CLI build step at the smallest size: a full build, an incremental build after one
    source edit (really incremental), a query through the store — each with a median and the
    child's peak memory, and the incremental/full ratio."""
    from benchmarks import cli

    folder = tmp_path / "clean"
    manifest = generate(parse_size("10k"), folder, REPO, violations=False)
    assert manifest["injected"] == []
    figures = cli.builds(folder, repeat=1)
    for step in ("full_build", "incremental_build", "query"):
        entry = figures[step]
        assert entry["status"] == "ok", entry
        assert entry["median_s"] > 0 and entry["cpu_s"] > 0
        assert 20 < entry["peak_mb"] < 4096
        assert len(entry["runs"]) == 1
    assert figures["incremental_build"]["line"].startswith("build: incremental (1 source file")
    assert figures["ratio"] == pytest.approx(
        figures["incremental_build"]["median_s"] / figures["full_build"]["median_s"])
