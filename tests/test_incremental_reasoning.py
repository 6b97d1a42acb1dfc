"""DRed (``multivector.incremental``): after removing or adding a source's triples, the
maintained inferred graph equals the one the rules derive from scratch; rules outside the
fragment it is sound for are refused."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from multivector import paths
from multivector.incremental import IncrementalUnavailable, RuleSet, check_rules, maintain
from multivector.materialize import Rule, load_rules, materialize
from multivector.namespaces import GRAPH_ONTOLOGY
from multivector.querystore import new_store
from tests.conftest import REPO

ONTOLOGY = ox.NamedNode(str(GRAPH_ONTOLOGY))


def closure(quads: list[ox.Quad]) -> set[ox.Triple]:
    rules = load_rules(paths.rules_dir(REPO))
    return {q.triple for q in materialize(None, rules=rules, store=new_store(quads)).quads}  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def ruleset(shipped) -> RuleSet:
    return check_rules(load_rules(paths.rules_dir(REPO)),
                       [q for q in shipped.quads if q.graph_name == ONTOLOGY])


def source_quads(shipped, index: int) -> tuple[ox.NamedNode, list[ox.Quad]]:
    graphs = sorted({q.graph_name.value for q in shipped.quads
                     if "/source/" in q.graph_name.value})
    graph = ox.NamedNode(graphs[index])
    return graph, [q for q in shipped.quads if q.graph_name == graph]


@pytest.mark.slow  # loads and closes the shipped graph several times
def test_removing_and_adding_a_source_gives_the_full_closure(shipped, ruleset) -> None:
    everything = list(shipped.quads)
    before = closure(everything)
    graph, gone = source_quads(shipped, 1)
    rest = [q for q in everything if q.graph_name != graph]
    expected = closure(rest)
    assert before - expected, "the source contributes inferences (the test would be empty)"
    asserted_before = {q.triple for q in everything}
    asserted_after = {q.triple for q in rest}
    removed = {q.triple for q in gone} - asserted_after
    kept = maintain(rest, before, removed, set(), ruleset)
    assert {q.triple for q in kept.quads} == expected
    assert kept.deleted >= len(before - expected)
    # and back: the source added again
    added = {q.triple for q in gone} - asserted_after
    again = maintain(everything, expected, set(), added, ruleset)
    assert {q.triple for q in again.quads} == before
    assert asserted_before - asserted_after == removed


@pytest.mark.slow
def test_an_inferred_triple_that_becomes_asserted_leaves_the_inferred_graph(shipped,
                                                                             ruleset) -> None:
    everything = list(shipped.quads)
    before = closure(everything)
    one = sorted(before, key=str)[0]
    graph, _quads = source_quads(shipped, 0)
    extra = ox.Quad(one.subject, one.predicate, one.object, graph)
    kept = maintain([*everything, extra], before, set(), {one}, ruleset)
    assert {q.triple for q in kept.quads} == before - {one}
    back = maintain(everything, before - {one}, {one}, set(), ruleset)
    assert {q.triple for q in back.quads} == before


def rule(text: str) -> Rule:
    return Rule(name="x", path=REPO / "x.rq", query=text)


@pytest.mark.parametrize("text, why", [
    ("CONSTRUCT { ?a <urn:p> ?c } WHERE { ?a <urn:q> ?b . ?b <urn:r> ?c . ?c <urn:s> ?d }",
     "variable predicate"),  # three plain patterns: taken whole only with constant predicates
    ("CONSTRUCT { ?a <urn:p> ?a } WHERE { ?a <urn:q> ?b . ?c <urn:r> ?d }", "not joined"),
    ("CONSTRUCT { ?a <urn:p> ?c } WHERE { ?a a ?b . ?b <urn:r> ?c }", "rdf:type"),
    ("CONSTRUCT { ?a <urn:p> ?a } WHERE { ?a <urn:q> ?b . ?b <urn:r> ?c }", "shares no variable"),
    ("CONSTRUCT { ?a <urn:p> ?c } WHERE { GRAPH <urn:g> { ?a <urn:q> ?c } }", "other than"),
])
def test_rules_outside_the_fragment_are_refused(text: str, why: str) -> None:
    if why == "variable predicate":
        text = text.replace("<urn:s>", "?v")
    with pytest.raises(IncrementalUnavailable, match=why):
        check_rules([rule(text)], [])


def test_an_axiom_about_rdf_type_is_refused() -> None:
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    axiom = ox.Quad(rdf_type, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subPropertyOf"),
                    ox.NamedNode("urn:p"), ONTOLOGY)
    with pytest.raises(IncrementalUnavailable, match="rdf:type"):
        check_rules([], [axiom])
