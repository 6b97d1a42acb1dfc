"""The fast paths of the build: one parse, the union default graph, the pyoxigraph dumps."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from multivector import querystore
from multivector.dumps import CanonicalDump
from multivector.errors import InputError
from multivector.loading import iter_quads, load_files
from multivector.materialize import Rule, _insert_form, materialize
from multivector.queries import catalogue, check_parameters, parse_query_text, run_query
from multivector.terms import quads_to_ox

from .conftest import REPO

EX = "http://example.org/"
P = ox.NamedNode(EX + "p")


def _quad(s: str, o: object, g: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(EX + s), P, o, ox.NamedNode(EX + g))  # type: ignore[arg-type]


# --- the query store -------------------------------------------------------------------------


def test_the_default_graph_is_the_set_union_of_the_named_graphs() -> None:
    shared = [_quad("a", ox.Literal("x"), g) for g in ("g1", "g2", "g3")]
    store = querystore.new_store([*shared, _quad("b", ox.Literal("y"), "g1")])
    rows = list(querystore.query(store, "SELECT ?s ?o WHERE { ?s ?p ?o }"))
    assert sorted((r["s"].value, r["o"].value) for r in rows) == [(EX + "a", "x"), (EX + "b", "y")]
    # Oxigraph's own union flag counts the shared triple once per graph: what this avoids
    plain = ox.Store()
    plain.extend(shared)
    assert len(list(plain.query("SELECT * WHERE { ?s ?p ?o }",
                                use_default_graph_as_union=True))) == 3
    assert len(list(querystore.query(plain, "SELECT * WHERE { ?s ?p ?o }"))) == 3
    # GRAPH sees the named graphs only, not the copy
    graphs = querystore.query(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert sorted(r["g"].value for r in graphs) == [EX + "g1", EX + "g2", EX + "g3"]
    assert sum(1 for _ in querystore.named_quads(store)) == 4


def test_add_quads_keeps_the_union_and_leaves_a_plain_store_plain() -> None:
    store = querystore.new_store([_quad("a", ox.Literal("x"), "g1")])
    querystore.add_quads(store, [_quad("c", ox.Literal("z"), "g2")])
    found = querystore.query(store, "SELECT ?s WHERE { ?s ?p 'z' }")
    assert [r["s"].value for r in found] == [EX + "c"]
    plain = ox.Store()
    plain.add(_quad("a", ox.Literal("x"), "g1"))
    querystore.add_quads(plain, [_quad("c", ox.Literal("z"), "g2")])
    assert not querystore.has_union(plain)  # else ?a would vanish from every query
    assert len(list(querystore.query(plain, "SELECT * WHERE { ?s ?p ?o }"))) == 2


def test_every_competency_query_gives_the_same_rows_with_and_without_the_union_copy(
    built_store: ox.Store,
) -> None:
    plain = ox.Store()
    plain.extend(querystore.named_quads(built_store))
    assert querystore.has_union(built_store) and not querystore.has_union(plain)
    for name, query in catalogue(REPO / "queries").items():
        union_rows = run_query(query, store=built_store).rows
        bag_rows = run_query(query, store=plain).rows
        assert union_rows, name
        assert sorted(map(str, union_rows)) == sorted(map(str, bag_rows)), name


@pytest.fixture(scope="module")
def built_store(kg) -> ox.Store:
    """The store of the session's built graph (``kg`` in tests/conftest.py)."""
    return kg.store


# --- the binding hint ------------------------------------------------------------------------

GROUPED = """# name: q
# param: date date 2017-06-22
# binding: native -- wrong for a grouped query
PREFIX mv: <https://w3id.org/multivector/ontology#>
SELECT ?o (COUNT(?m) AS ?n) WHERE { ?m mv:startDate ?s ; mv:organization ?o .
  FILTER (?s <= ?date) } GROUP BY ?o
"""


def test_the_binding_header_is_checked() -> None:
    query = parse_query_text(GROUPED, Path("q.rq"))
    assert query.binding == "native"
    with pytest.raises(InputError, match="binding: native' cannot bind a GROUP BY query"):
        check_parameters(query)
    with pytest.raises(InputError,
                       match=r"q.rq:3: '# binding: fast': choose native, values or inline"):
        wrong = GROUPED.replace("native -- wrong for a grouped query", "fast")
        parse_query_text(wrong, Path("q.rq"))
    hints = {n: q.binding for n, q in catalogue(REPO / "queries").items() if q.binding != "auto"}
    assert hints == {"CQ1": "native", "CQ4": "native", "CQ9": "native", "CQ12": "inline"}


# --- one parse -------------------------------------------------------------------------------


def test_the_loaded_quads_hold_the_same_terms_as_the_dataset(tmp_path: Path) -> None:
    data = tmp_path / "x.ttl"
    data.write_text(
        '@prefix ex: <http://example.org/> .\n'
        '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
        'ex:a ex:n "01"^^xsd:integer ; ex:d "2017-06-22"^^xsd:date ; ex:l "Astana"@en ;\n'
        '     ex:b [ ex:p ex:c ] .\n',
        encoding="utf-8",
    )
    graph = URIRef(EX + "graph")
    loaded = load_files([(data, graph, "turtle")])
    from_dataset = {str(q) for q in quads_to_ox(iter_quads(loaded.dataset))}
    assert {str(q) for q in loaded.quads} == from_dataset
    # rdflib normalized "01" to "1"; the store and the dumps must say the same
    integers = [q.object for q in loaded.quads if q.predicate.value == EX + "n"]
    assert integers == [ox.Literal("1", datatype=ox.NamedNode(str(XSD.integer)))]
    assert Literal("01", datatype=XSD.integer) in set(loaded.dataset.graph(graph).objects())


def test_an_ill_typed_literal_is_still_refused_with_its_position(tmp_path: Path) -> None:
    data = tmp_path / "bad.ttl"
    data.write_text(
        '@prefix ex: <http://example.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
        'ex:a ex:d "2017-02-30"^^xsd:date .\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_files([(data, URIRef(EX + "g"), "turtle")])
    assert str(caught.value).endswith(
        'bad.ttl:3:11: ill-typed literal "2017-02-30" for datatype '
        "<http://www.w3.org/2001/XMLSchema#date>"
    )


# --- dumps -----------------------------------------------------------------------------------


def _blank_quads() -> list[ox.Quad]:
    node = ox.BlankNode()
    return [
        ox.Quad(ox.NamedNode(EX + "s"), P, node, ox.NamedNode(EX + "g2")),
        ox.Quad(node, P, ox.Literal("v"), ox.NamedNode(EX + "g2")),
        ox.Quad(ox.NamedNode(EX + "s"), P, ox.Literal("w"), ox.NamedNode(EX + "g1")),
        ox.Quad(ox.NamedNode(EX + "s"), P, ox.Literal("w"), ox.NamedNode(EX + "g2")),
    ]


def test_dumps_share_canonical_blank_node_labels_and_sort_their_lines() -> None:
    dump = CanonicalDump(_blank_quads())
    nquads = dump.nquads().decode()
    assert nquads.splitlines() == sorted(nquads.splitlines())
    assert nquads.count("_:c14n0") == 2 and len(nquads.splitlines()) == 4
    ntriples = dump.ntriples().decode().splitlines()
    assert len(ntriples) == 3  # the triple both graphs hold, once
    assert "_:c14n0" in dump.trig().decode() and "_:c14n0" in dump.turtle().decode()
    trig = dump.trig().decode()
    assert trig.index("<http://example.org/g1>") < trig.index("<http://example.org/g2>")
    # another blank node id, another input order: the same bytes
    again = CanonicalDump(list(reversed(_blank_quads())))
    assert (again.trig(), again.turtle(), again.nquads()) == (
        dump.trig(), dump.turtle(), dump.nquads()
    )


def test_the_dumps_parse_back_to_the_same_graphs() -> None:
    dump = CanonicalDump(_blank_quads())
    back_trig, back_nq = Dataset(), Dataset()
    back_trig.parse(data=dump.trig(), format="trig")
    back_nq.parse(data=dump.nquads(), format="nquads")
    for name in (EX + "g1", EX + "g2"):
        assert isomorphic(back_trig.graph(name), back_nq.graph(name))
    assert len(back_trig.graph(EX + "g2")) == 3


def test_a_quad_in_the_default_graph_is_refused() -> None:
    with pytest.raises(ValueError, match="default graph"):
        CanonicalDump([ox.Quad(ox.NamedNode(EX + "s"), P, ox.Literal("v"))])


def test_a_blank_node_label_is_local_to_its_file(tmp_path: Path) -> None:
    files = []
    for name, city in (("a", "Almaty"), ("b", "Astana")):
        path = tmp_path / f"{name}.ttl"
        path.write_text(
            f'@prefix ex: <http://example.org/> .\nex:{name} ex:address _:addr .\n'
            f'_:addr ex:city "{city}" .\n',
            encoding="utf-8",
        )
        files.append((path, URIRef(EX + "graph"), "turtle"))
    loaded = load_files(files)
    addresses = {q.object for q in loaded.quads if q.predicate.value == EX + "address"}
    assert len(addresses) == 2  # two nodes, as two rdflib parses gave
    cities = {q.subject: q.object.value for q in loaded.quads if q.predicate.value == EX + "city"}
    assert sorted(cities.values()) == ["Almaty", "Astana"] and set(cities) == addresses


# --- rules as SPARQL Updates -----------------------------------------------------------------

def _rule(tmp_path: Path, text: str) -> Rule:
    path = tmp_path / "90-test.rq"
    path.write_text(text, encoding="utf-8")
    return Rule(name=path.stem, path=path, query=text)


TWO_TRIPLES = """PREFIX ex: <http://example.org/>
CONSTRUCT { ?s ex:x ?o . ?o ex:y ?s }
WHERE { ?s ex:r ?o }
"""


def test_a_rule_the_insert_form_cannot_mirror_runs_the_slow_way(tmp_path: Path) -> None:
    rule = _rule(tmp_path, TWO_TRIPLES)
    assert _insert_form(rule) is None
    single = _rule(tmp_path, TWO_TRIPLES.replace(" . ?o ex:y ?s", ""))
    assert _insert_form(single) is not None
    data = [ox.Quad(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "r"), ox.NamedNode(EX + "b"),
                      ox.NamedNode(EX + "g1"))]
    asserted = ox.Quad(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "x"), ox.NamedNode(EX + "b"),
                       ox.NamedNode(EX + "g1"))
    union_store = querystore.new_store([*data, asserted])
    plain = ox.Store()
    plain.extend([*data, asserted])
    on_union = materialize(None, rules=[rule], store=union_store)  # type: ignore[arg-type]
    on_plain = materialize(None, rules=[rule], store=plain)  # type: ignore[arg-type]
    # only ex:b ex:y ex:a is new: the asserted ex:a ex:x ex:b is not copied into the inferred graph
    assert [str(q.triple) for q in on_union.quads] == [str(q.triple) for q in on_plain.quads]
    assert len(on_union.quads) == 1 and on_union.per_rule == {"90-test": 1}


def test_a_rule_syntax_error_points_into_the_rule_file(tmp_path: Path) -> None:
    rule = _rule(tmp_path, "PREFIX ex: <http://example.org/>\nCONSTRUCT { ?s ex:x ?o }\n"
                           "WHERE { ?s ex:r ?o ?? }\n")
    with pytest.raises(InputError, match=r"90-test.rq: rule syntax error: error at [1-4]:"):
        _insert_form(rule)


def test_a_select_rule_is_refused_in_one_line(tmp_path: Path) -> None:
    rule = _rule(tmp_path, "SELECT ?s WHERE { ?s ?p ?o }\n")
    store = querystore.new_store([_quad("a", ox.Literal("x"), "g1")])
    with pytest.raises(InputError, match="a rule must be a CONSTRUCT query"):
        materialize(None, rules=[rule], store=store)  # type: ignore[arg-type]
