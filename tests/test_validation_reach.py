"""The shapes' walks (``multivector.validation.reach``): which focus nodes a changed triple can
affect, which triples their validation reads, and what the analysis refuses to bound."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph

from multivector.validation.reach import Reach, Unbounded, UnionIndex

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <urn:ex:> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

SHAPES = PREFIXES + """
ex:prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "urn:ex:"^^xsd:anyURI ] .
ex:MembershipShape a sh:NodeShape ;
    sh:targetClass ex:Membership ;
    sh:property [ sh:path ex:member ; sh:class ex:State ] ;
    sh:sparql [ sh:prefixes ex:prefixes ; sh:select \"\"\"
        SELECT $this ?value WHERE {
            $this ex:org ?org . ?org ex:founded ?value .
            ?other ex:org ?org . FILTER NOT EXISTS { ?other ex:ended ?end }
        }\"\"\" ] .
ex:PersonShape a sh:NodeShape ;
    sh:targetClass ex:Person ;
    sh:property [ sh:path [ sh:inversePath ex:holder ] ; sh:minCount 1 ] .
"""


def node(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"urn:ex:{name}")


def triple(s: str, p: str, o: str | ox.Literal) -> ox.Triple:
    obj = o if isinstance(o, ox.Literal) else node(o)
    return ox.Triple(node(s), node(p), obj)


TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
GRAPH = [
    ox.Triple(node("m1"), TYPE, node("Membership")),
    triple("m1", "member", "kz"), triple("m1", "org", "csto"),
    ox.Triple(node("m2"), TYPE, node("Membership")),
    triple("m2", "member", "am"), triple("m2", "org", "csto"),
    triple("csto", "founded", ox.Literal("2002")),
    ox.Triple(node("kz"), TYPE, node("State")),
    ox.Triple(node("p"), TYPE, node("Person")), triple("post", "holder", "p"),
    triple("unrelated", "member", "nowhere"),
]


def reach_of(text: str) -> Reach:
    return Reach.of(Graph().parse(data=text, format="turtle"))


def index() -> UnionIndex:
    return UnionIndex(ox.Quad(t.subject, t.predicate, t.object, node("g")) for t in GRAPH)


def test_a_changed_triple_reaches_back_along_paths_and_sparql_joins() -> None:
    reach = reach_of(SHAPES)
    # an organization's founding date: every membership of it (through the SPARQL join)
    affected = reach.affected(index(), [triple("csto", "founded", ox.Literal("2002"))])
    assert {node("m1"), node("m2"), node("csto")} <= affected
    assert node("unrelated") not in affected and node("kz") not in affected
    # a state's type: the memberships whose sh:class checks it
    affected = reach.affected(index(), [ox.Triple(node("kz"), TYPE, node("State"))])
    assert node("m1") in affected and node("m2") not in affected
    # an inverse path: the person a post holder triple points at
    affected = reach.affected(index(), [triple("post", "holder", "p")])
    assert {node("post"), node("p")} <= affected


def test_the_context_holds_what_the_walks_read() -> None:
    reach = reach_of(SHAPES)
    context = reach.context(index(), {node("m1")})
    assert triple("csto", "founded", ox.Literal("2002")) in context  # m1 → org → founded
    assert triple("m2", "org", "csto") in context  # the other memberships of the org
    assert ox.Triple(node("kz"), TYPE, node("State")) in context  # sh:class on the member
    assert triple("unrelated", "member", "nowhere") not in context
    assert triple("post", "holder", "p") not in context


@pytest.mark.parametrize("shape, why", [
    ("ex:S sh:targetClass ex:A ; sh:property [ sh:path [ sh:zeroOrMorePath ex:p ] ] .",
     "zeroOrMorePath"),
    ("ex:S sh:targetClass ex:A ; sh:sparql [ sh:select "
     "\"SELECT $this WHERE { ?a <urn:ex:p> ?b }\" ] .", "not joined to \\$this"),
    ("ex:S sh:targetClass ex:A ; sh:sparql [ sh:select "
     "\"SELECT $this WHERE { $this <urn:ex:p>+ ?b }\" ] .", "property path"),
    ("ex:S sh:target [ a sh:SPARQLTarget ] .", "SPARQL-based target"),
    ("ex:S sh:targetClass ex:A ; sh:node ex:S .", "nested more than"),
])
def test_what_cannot_be_bounded_is_refused(shape: str, why: str) -> None:
    with pytest.raises(Unbounded, match=why):
        reach_of(PREFIXES + shape)
