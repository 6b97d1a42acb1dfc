"""Canonical serialization: byte-stable across runs and hash seeds, blank nodes round-trip."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from multivector.canonical import canonical_trig, canonical_turtle, fmt, format_file
from multivector.errors import InputError
from multivector.namespaces import ID, MV, source_graph

from .conftest import FIXTURES, REPO

MESSY = """@prefix mv: <https://w3id.org/multivector/ontology#> .
@prefix id: <https://w3id.org/multivector/id/> .
@prefix ex: <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
id:Z mv:p [ mv:q 2 ] , [ mv:q 1 ; mv:r [ mv:s "x" ] ] ; ex:note "two\\nlines" .
id:A a owl:Class ; owl:propertyChainAxiom ( mv:a mv:b ) .
id:M mv:n _:shared . id:O mv:n _:shared . _:shared mv:v 3 .
[] a owl:AllDisjointClasses ; owl:members ( id:A id:Z ) .
"""

SCRIPT = """
import sys
from rdflib import Graph
from multivector.canonical import canonical_turtle
g = Graph().parse(data=sys.stdin.read(), format="turtle")
sys.stdout.write(canonical_turtle(g, [("ex", "http://example.org/")]))
"""


def _run_with_seed(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], input=MESSY, capture_output=True, text=True, env=env,
        check=True,
    )
    return done.stdout


@pytest.mark.slow
def test_turtle_is_byte_stable_across_hash_seeds() -> None:
    outputs = {_run_with_seed(seed) for seed in ("0", "1", "42", "4242")}
    assert len(outputs) == 1
    text = outputs.pop()
    assert "@prefix ex: <http://example.org/> ." in text
    assert "@prefix mv: <https://w3id.org/multivector/ontology#> ." in text


def test_blank_nodes_and_lists_round_trip() -> None:
    graph = Graph().parse(data=MESSY, format="turtle")
    text = canonical_turtle(graph)
    again = Graph().parse(data=text, format="turtle")
    assert isomorphic(graph, again)
    assert "( mv:a mv:b )" in text  # lists stay lists
    assert canonical_turtle(again) == text  # idempotent


def test_trig_orders_graphs_and_keeps_blank_nodes_apart() -> None:
    first = Graph().parse(data="<http://e/x> <http://e/p> [ <http://e/q> 1 ] .", format="turtle")
    second = Graph().parse(data="<http://e/x> <http://e/p> [ <http://e/q> 1 ] .", format="turtle")
    graphs = {source_graph("b"): first, source_graph("a"): second}
    text = canonical_trig(graphs)
    assert text.index("/source/a>") < text.index("/source/b>")
    dataset = Dataset()
    dataset.parse(data=text, format="trig")
    a, b = dataset.graph(source_graph("a")), dataset.graph(source_graph("b"))
    assert isomorphic(a, second) and isomorphic(b, first)
    bnodes_a = {o for o in a.objects() if isinstance(o, BNode)}
    bnodes_b = {o for o in b.objects() if isinstance(o, BNode)}
    assert bnodes_a and not (bnodes_a & bnodes_b)


labels = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(
        st.tuples(st.sampled_from(["p", "q", "r"]), labels, st.booleans()), min_size=1, max_size=6
    )
)
def test_any_small_graph_with_blank_nodes_round_trips(
    values: list[tuple[str, str, bool]],
) -> None:
    graph = Graph()
    for index, (prop, label, nested) in enumerate(values):
        node = BNode()
        graph.add((ID[f"n{index % 2}"], MV[prop], node))
        graph.add((node, MV.label, Literal(label)))
        if nested:
            graph.add((node, MV.next, URIRef(f"https://w3id.org/multivector/id/x{index}")))
    text = canonical_turtle(graph)
    assert isomorphic(Graph().parse(data=text, format="turtle"), graph)
    assert canonical_turtle(Graph().parse(data=text, format="turtle")) == text


def test_fmt_rewrites_then_check_passes(tmp_path: Path) -> None:
    path = tmp_path / "messy.ttl"
    path.write_text(MESSY, encoding="utf-8")
    assert [r.changed for r in fmt([tmp_path], check=True)] == [True]
    assert path.read_text(encoding="utf-8") == MESSY  # --check does not write
    fmt([tmp_path])
    assert [r.changed for r in fmt([tmp_path], check=True)] == [False]
    assert "@prefix ex: <http://example.org/> ." in path.read_text(encoding="utf-8")


def test_fmt_trig_of_the_fixture_source_is_idempotent(tmp_path: Path) -> None:
    source = FIXTURES / "home" / "data" / "sources" / "000_test.trig"
    path = tmp_path / source.name
    path.write_bytes(source.read_bytes())
    fmt([path])
    once = path.read_bytes()
    assert format_file(path).changed is False
    dataset = Dataset()
    dataset.parse(data=once.decode(), format="trig")
    assert len(dataset.graph(source_graph("000_test"))) == len(
        Dataset().parse(source, format="trig").graph(source_graph("000_test"))
    )


def test_fmt_reports_bad_files_as_input_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text("@prefix x: <http://x/> .\nx:a x:b .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.ttl:2:\d+: "):
        fmt([path], check=True)


@pytest.mark.slow
def test_shipped_files_canonicalize_idempotently(tmp_path: Path) -> None:
    files = sorted(
        p
        for folder in ("ontology", "data", "shapes")
        for p in (REPO / folder).rglob("*")
        if p.suffix in {".ttl", ".trig"}
    )
    assert files
    for original in files:
        copy = tmp_path / original.relative_to(REPO)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(original.read_bytes())
        fmt([copy])
        assert format_file(copy).changed is False, original


def test_trig_indents_bodies_but_not_multiline_literals() -> None:
    graph = Graph()
    text_value = 'first line\n  second "quoted" line\nthird'
    graph.add((ID.A, MV.content, Literal(text_value)))
    graph.add((ID.A, MV.label, Literal("short")))
    out = canonical_trig({source_graph("x"): graph})
    assert "\n    id:A mv:content" in out
    dataset = Dataset()
    dataset.parse(data=out, format="trig")
    assert dataset.graph(source_graph("x")).value(ID.A, MV.content) == Literal(text_value)


@pytest.mark.slow
def test_shipped_files_are_committed_in_canonical_form() -> None:
    # The repository's Turtle/TriG is reviewed as diffs: every file must already be canonical,
    # as `multivector fmt --check` demands.
    folders = [REPO / "ontology", REPO / "data", REPO / "shapes"]
    not_canonical = [r.path.name for r in fmt(folders, check=True) if r.changed]
    assert not_canonical == []
