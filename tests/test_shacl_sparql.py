"""The ``oxigraph`` SHACL engine (shapes compiled to SPARQL, run on the Store) against pySHACL.

Why this test exists: the compiled engine is the default because it is several times faster at
scale (``docs/benchmarks.md``), and it is only worth that if it answers exactly as the reference
does. The project's own shape cases are compared in ``tests/test_bench_parity.py`` (all three
engines) and, without pySHACL, below against pyshacl-turbo; here every constraint component,
path form and target the compiler translates is also run on small hand-made shapes and data —
including shapes the project does not have — and the results (severity, focus, shape,
component, path, value; and their count) must equal pySHACL's. What the compiler does not
translate must say so: a one-line error when the engine is asked for by name, a logged note and
turbo's results when it is the default.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph

from multivector.errors import InputError
from multivector.loading import LoadedGraph
from multivector.namespaces import GRAPH_ONTOLOGY
from multivector.validation import (
    DEFAULT_SHACL_ENGINE,
    ValidationOptions,
    render_term,
    validate_graph,
)
from multivector.validation.shacl_sparql import Unsupported, compile_shapes

from .shape_cases import case_dataset, case_files, case_id, read_case

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
"""

EX = "<http://example.org/"

# (name, shapes, data): each case has violations of the component it is named after, and data
# that conforms next to it, so a check that fires on everything or nothing fails.
CASES: list[tuple[str, str, str]] = [
    ("class-and-subclass", """
ex:S a sh:NodeShape ; sh:targetClass ex:A ;
  sh:property [ sh:path ex:p ; sh:class ex:B ] .""", """
ex:Sub rdfs:subClassOf ex:B .
ex:a1 a ex:A ; ex:p ex:b1, ex:x, "lit" .  ex:b1 a ex:Sub .
ex:a2 a ex:A ; ex:p ex:b1 ."""),
    ("datatype-and-ill-typed", """
ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:d ;
  sh:property [ sh:path ex:d ; sh:datatype xsd:date ] ;
  sh:property [ sh:path ex:s ; sh:datatype xsd:string ] .""", """
ex:a ex:d "2017-01-01"^^xsd:date, "2017"^^xsd:gYear, "x", ex:iri ; ex:s "ok", "en"@en .
ex:b ex:d "2017-02-01"^^xsd:date ; ex:s "fine" ."""),
    ("integer-family-datatype", """
ex:S a sh:NodeShape ; sh:targetClass ex:Sel ;
  sh:property [ sh:path ex:start ; sh:datatype xsd:nonNegativeInteger ] ;
  sh:property [ sh:path ex:n ; sh:datatype xsd:integer ] .""", """
ex:s1 a ex:Sel ;
  ex:start "5"^^xsd:nonNegativeInteger, "6"^^xsd:integer, "-1"^^xsd:nonNegativeInteger ;
  ex:n "3"^^xsd:integer, "4"^^xsd:nonNegativeInteger .
ex:s2 a ex:Sel ; ex:start "0"^^xsd:nonNegativeInteger ; ex:n "7"^^xsd:integer .
ex:other ex:start "1"^^xsd:integer ."""),
    ("node-kind", """
ex:S a sh:NodeShape ; sh:targetClass ex:A ;
  sh:property [ sh:path ex:iri ; sh:nodeKind sh:IRI ] ;
  sh:property [ sh:path ex:lit ; sh:nodeKind sh:Literal ] ;
  sh:property [ sh:path ex:bi ; sh:nodeKind sh:BlankNodeOrIRI ] .""", """
ex:a a ex:A ; ex:iri "x", ex:ok ; ex:lit ex:no, "yes" ; ex:bi [ ex:q 1 ], ex:ok, "no" ."""),
    ("counts", """
ex:S a sh:NodeShape ; sh:targetClass ex:A ;
  sh:property [ sh:path ex:one ; sh:minCount 1 ; sh:maxCount 1 ] ;
  sh:property [ sh:path ex:two ; sh:minCount 2 ; sh:maxCount 3 ] .""", """
ex:a a ex:A ; ex:one 1, 2 ; ex:two 1 .
ex:b a ex:A ; ex:two 1, 2, 3, 4 .
ex:c a ex:A ; ex:one 1 ; ex:two 1, 2 ."""),
    ("strings", """
ex:S a sh:NodeShape ; sh:targetClass ex:A ;
  sh:property [ sh:path ex:code ; sh:pattern "^[A-Z]{2}$" ; sh:minLength 2 ; sh:maxLength 2 ] ;
  sh:property [ sh:path ex:ci ; sh:pattern "^abc" ; sh:flags "i" ] .""", """
ex:a a ex:A ; ex:code "KZ", "kz", "KAZ", ex:KZ, [ ex:q 1 ] ; ex:ci "ABCdef", "xabc" ."""),
    ("languages", """
ex:S a sh:NodeShape ; sh:targetClass ex:A ;
  sh:property [ sh:path ex:label ; sh:languageIn ( "en" "ru" ) ; sh:uniqueLang true ] .""", """
ex:a a ex:A ; ex:label "a"@en, "b"@EN, "c"@ru, "d"@kk, "e", "f"@en-GB .
ex:b a ex:A ; ex:label "x"@en, "y"@ru ."""),
    ("in-and-has-value", """
ex:S a sh:NodeShape ; sh:targetClass ex:A ;
  sh:property [ sh:path ex:colour ; sh:in ( ex:Red ex:Blue "green" ) ] ;
  sh:property [ sh:path ex:tag ; sh:hasValue ex:Must ] .
ex:N a sh:NodeShape ; sh:targetNode ex:a, ex:z ; sh:hasValue ex:a .""", """
ex:a a ex:A ; ex:colour ex:Red, ex:Pink, "green", "Green" ; ex:tag ex:Other .
ex:b a ex:A ; ex:tag ex:Must ."""),
    ("ranges", """
ex:S a sh:NodeShape ; sh:targetClass ex:A ;
  sh:property [ sh:path ex:n ; sh:minInclusive 0 ; sh:maxExclusive 10 ] ;
  sh:property [ sh:path ex:d ; sh:minExclusive "2000-01-01"^^xsd:date ;
                sh:maxInclusive "2020-12-31"^^xsd:date ] .""", """
ex:a a ex:A ; ex:n 0, 10, -1, 9, "5" ; ex:d "2000-01-01"^^xsd:date, "2010-05-05"^^xsd:date,
  "2021-01-01"^^xsd:date ."""),
    ("logic", """
ex:IsB a sh:NodeShape ; sh:class ex:B .
ex:IsC a sh:NodeShape ; sh:class ex:C .
ex:S a sh:NodeShape ; sh:targetClass ex:A ;
  sh:property [ sh:path ex:or ; sh:or ( ex:IsB ex:IsC ) ] ;
  sh:property [ sh:path ex:and ; sh:and ( ex:IsB ex:IsC ) ] ;
  sh:property [ sh:path ex:not ; sh:not ex:IsB ] ;
  sh:property [ sh:path ex:xone ; sh:xone ( ex:IsB ex:IsC ) ] ;
  sh:property [ sh:path ex:node ; sh:node ex:IsB ] .""", """
ex:b a ex:B .  ex:c a ex:C .  ex:bc a ex:B, ex:C .  ex:none ex:q 1 .
ex:a a ex:A ; ex:or ex:b, ex:c, ex:none ; ex:and ex:bc, ex:b ; ex:not ex:b, ex:c ;
  ex:xone ex:b, ex:bc, ex:none ; ex:node ex:b, ex:c ."""),
    ("node-shape-constraints", """
ex:S a sh:NodeShape ; sh:targetObjectsOf ex:link ; sh:nodeKind sh:IRI ;
  sh:or ( [ sh:class ex:B ] [ sh:path ex:name ; sh:minCount 1 ] ) .""", """
ex:x ex:link ex:b, ex:named, ex:bare, "lit" .
ex:b a ex:B .  ex:named ex:name "n" ."""),
    ("qualified", """
ex:S a sh:NodeShape ; sh:targetClass ex:Person ;
  sh:property [ sh:path [ sh:inversePath ex:holder ] ; sh:qualifiedMinCount 1 ;
                sh:qualifiedValueShape [ sh:class ex:Post ] ; sh:severity sh:Warning ] ;
  sh:property [ sh:path ex:child ; sh:qualifiedMaxCount 1 ;
                sh:qualifiedValueShape [ sh:class ex:Adult ] ] .""", """
ex:p1 a ex:Person .  ex:h1 a ex:Post ; ex:holder ex:p1 .
ex:p2 a ex:Person ; ex:child ex:c1, ex:c2 .  ex:c1 a ex:Adult .  ex:c2 a ex:Adult .
ex:h2 ex:holder ex:p2 ."""),
    ("paths", """
ex:S a sh:NodeShape ; sh:targetClass ex:A ;
  sh:property [ sh:path ( ex:p ex:q ) ; sh:class ex:B ] ;
  sh:property [ sh:path [ sh:alternativePath ( ex:r ex:s ) ] ; sh:maxCount 1 ] ;
  sh:property [ sh:path [ sh:oneOrMorePath ex:parent ] ; sh:class ex:Root ] .""", """
ex:a a ex:A ; ex:p ex:m ; ex:r 1 ; ex:s 2 ; ex:parent ex:mid .
ex:m ex:q ex:notB .  ex:mid ex:parent ex:top .  ex:top a ex:Root .  ex:mid a ex:Root ."""),
    ("property-pairs", """
ex:S a sh:NodeShape ; sh:targetClass ex:A ;
  sh:property [ sh:path ex:start ; sh:lessThan ex:end ] ;
  sh:property [ sh:path ex:x ; sh:equals ex:y ] ;
  sh:property [ sh:path ex:x ; sh:disjoint ex:z ] .""", """
ex:a a ex:A ; ex:start 5 ; ex:end 3, 7 ; ex:x 1, 2 ; ex:y 1, 3 ; ex:z 2 ."""),
    ("implicit-target-deactivated-severity", """
ex:A a rdfs:Class, sh:NodeShape ; sh:property [ sh:path ex:p ; sh:minCount 1 ;
  sh:severity sh:Info ] .
ex:Off a sh:NodeShape ; sh:targetClass ex:A ; sh:deactivated true ;
  sh:property [ sh:path ex:q ; sh:minCount 1 ] .
ex:OwlClass rdfs:subClassOf rdfs:Class .
ex:C a ex:OwlClass, sh:NodeShape ; sh:property [ sh:path ex:r ; sh:maxCount 0 ] .""", """
ex:a a ex:A .  ex:b a ex:A ; ex:p 1 .  ex:c a ex:C ; ex:r 1 .  ex:d a ex:C ."""),
    ("sparql-union-branches-and-messages", """
ex:S a sh:NodeShape ; sh:targetClass ex:A ;
  sh:sparql [ a sh:SPARQLConstraint ;
    sh:message "{$this} lacks {?value}" ;
    sh:prefixes ex:decl ;
    sh:select \"\"\"SELECT $this ?value WHERE {
      { FILTER NOT EXISTS { $this ex:label ?l } BIND ("a label" AS ?value) }
      UNION
      { FILTER NOT EXISTS { $this ex:def ?d } BIND ("a definition" AS ?value) }
    }\"\"\" ] .
ex:decl sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
""", """
ex:a a ex:A ; ex:label "x" .  ex:b a ex:A .  ex:c a ex:A ; ex:label "y" ; ex:def "z" ."""),
    ("sparql-values-optional-subquery-strings", """
ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:status ;
  sh:sparql [ a sh:SPARQLConstraint ;
    sh:message "bad status {?value} {?note}" ;
    sh:select \"\"\"SELECT $this ?value ?note WHERE {
      $this <http://example.org/status> ?value .
      FILTER (STR(?value) IN ("closed}", "gone{"))
      OPTIONAL { $this <http://example.org/note> ?note }
      { SELECT ?value (COUNT(*) AS ?uses) WHERE { ?s <http://example.org/status> ?value }
        GROUP BY ?value }
      FILTER (?uses >= 1)
    }\"\"\" ] .
""", """
ex:a ex:status "closed}" ; ex:note "n" .  ex:b ex:status "gone{" .  ex:c ex:status "open" ."""),
]


def _term(node: object) -> str:
    """A blank node as ``_:`` (engines name the data's blank nodes differently)."""
    return "_:" if isinstance(node, BNode) else render_term(node)


def result_set(outcome) -> set[tuple[str, str, str, str, str, str]]:
    return {(r.severity, _term(r.focus), r.shape, r.component, r.path,
             "" if r.value is None else _term(r.value)) for r in outcome.results}


def _validate(tmp_path: Path, shapes: str, data: str, engine: str | None):
    shapes_file = tmp_path / "shapes.ttl"
    shapes_file.write_text(PREFIXES + shapes, encoding="utf-8")
    graph = Graph().parse(data=PREFIXES + data, format="turtle")
    options = ValidationOptions(reasoning="none", shacl_engine=engine, shapes=(shapes_file,),
                                qc=False, dev=False)
    return validate_graph(graph, options)


@pytest.mark.parametrize("name,shapes,data", CASES, ids=[c[0] for c in CASES])
def test_component_parity_with_pyshacl(tmp_path: Path, name: str, shapes: str,
                                       data: str) -> None:
    reference = _validate(tmp_path, shapes, data, "pyshacl")
    compiled = _validate(tmp_path, shapes, data, "oxigraph")
    assert reference.results, f"{name}: the case must fire something"
    assert result_set(compiled) == result_set(reference)
    assert compiled.counts == reference.counts
    assert compiled.conforms == reference.conforms


def test_integer_family_is_decided_on_the_written_datatype(tmp_path: Path) -> None:
    """The Store folds xsd:nonNegativeInteger into xsd:integer; the check must not."""
    name, shapes, data = next(c for c in CASES if c[0] == "integer-family-datatype")
    outcome = _validate(tmp_path, shapes, data, "oxigraph")
    values = sorted((render_term(r.focus), r.path, render_term(r.value))
                    for r in outcome.results)
    assert values == [
        (EX + "s1>", EX + "n>", '"4"^^xsd:nonNegativeInteger'),
        (EX + "s1>", EX + "start>", '"-1"^^xsd:nonNegativeInteger'),
        (EX + "s1>", EX + "start>", '"6"^^xsd:integer'),
    ]


def test_sparql_messages_are_filled_from_the_row(tmp_path: Path) -> None:
    name, shapes, data = next(c for c in CASES if c[0].startswith("sparql-union"))
    outcome = _validate(tmp_path, shapes, data, "oxigraph")
    assert sorted(r.message for r in outcome.results) == [
        "http://example.org/a lacks a definition",
        "http://example.org/b lacks a definition",
        "http://example.org/b lacks a label",
    ]


@pytest.mark.parametrize("path", case_files(), ids=case_id)
def test_project_shape_cases_equal_turbo(path: Path) -> None:
    """Every project shape case (pySHACL's side: tests/test_bench_parity.py, slow)."""
    case = read_case(path)
    loaded = LoadedGraph(case_dataset(case), graph_files={GRAPH_ONTOLOGY: [path]})
    turbo = validate_graph(loaded, ValidationOptions(shacl_engine="turbo", shapes=(case.shapes,),
                                                     qc=False))
    compiled = validate_graph(loaded, ValidationOptions(shacl_engine="oxigraph",
                                                        shapes=(case.shapes,), qc=False))
    assert result_set(compiled) == result_set(turbo)
    assert compiled.counts == turbo.counts


def test_the_project_shapes_compile_without_fallback() -> None:
    from multivector.validation import load_shapes

    root = Path(__file__).resolve().parents[1]
    plan = compile_shapes(load_shapes([root / "shapes"]))
    assert DEFAULT_SHACL_ENGINE == "oxigraph"
    assert len(plan.checks) > 150
    assert {str(s.predicate).rsplit("#", 1)[-1] for s in plan.scans} == {"start", "end", "cowCode"}


CLOSED = """
ex:S a sh:NodeShape ; sh:targetClass ex:A ; sh:closed true ;
  sh:property [ sh:path ex:p ; sh:minCount 1 ] ."""
CLOSED_DATA = "ex:a a ex:A ; ex:q 1 ."


def test_unsupported_by_name_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        _validate(tmp_path, CLOSED, CLOSED_DATA, "oxigraph")
    text = str(info.value)
    assert "\n" not in text
    assert "--shacl-engine oxigraph" in text and "sh:closed" in text and "turbo" in text


def test_unsupported_by_default_falls_back_to_turbo_and_says_so(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="multivector"):
        default = _validate(tmp_path, CLOSED, CLOSED_DATA, None)
    turbo = _validate(tmp_path, CLOSED, CLOSED_DATA, "turbo")
    assert result_set(default) == result_set(turbo)
    assert {r.component for r in default.results} == {"sh:ClosedConstraintComponent",
                                                      "sh:MinCountConstraintComponent"}
    assert any("sh:closed" in m and "turbo" in m for m in caplog.messages)


def test_other_unsupported_forms_are_named() -> None:
    cases = {
        "qualifiedValueShapesDisjoint": """ex:S a sh:NodeShape ; sh:targetClass ex:A ;
            sh:property [ sh:path ex:p ; sh:qualifiedMinCount 1 ;
              sh:qualifiedValueShapesDisjoint true ;
              sh:qualifiedValueShape [ sh:class ex:B ] ] .""",
        "a count above": """ex:S a sh:NodeShape ; sh:targetClass ex:A ;
            sh:property [ sh:path ex:p ; sh:minCount 9 ] .""",
        "SPARQL constraint in a shape used": """ex:S a sh:NodeShape ; sh:targetClass ex:A ;
            sh:node [ sh:sparql [ sh:select "SELECT $this WHERE { }" ] ] .""",
        "SHACL forbids": """ex:S a sh:NodeShape ; sh:targetClass ex:A ;
            sh:sparql [ sh:select "SELECT $this WHERE { VALUES ?x { 1 } }" ] .""",
    }
    for expected, shapes in cases.items():
        graph = Graph().parse(data=PREFIXES + shapes, format="turtle")
        with pytest.raises(Unsupported, match=expected):
            compile_shapes(graph)


def test_dataset_input_uses_the_union(tmp_path: Path) -> None:
    """A focus node typed in one named graph and described in another (the project's layout):
    the compiled engine reads the union, as the others do."""
    dataset = Dataset()
    shapes = tmp_path / "s.ttl"
    shapes.write_text(PREFIXES + """ex:S a sh:NodeShape ; sh:targetClass ex:A ;
        sh:property [ sh:path ex:p ; sh:minCount 1 ] .""", encoding="utf-8")
    dataset.graph("http://example.org/g1").parse(data=PREFIXES + "ex:a a ex:A . ex:b a ex:A .",
                                                 format="turtle")
    dataset.graph("http://example.org/g2").parse(data=PREFIXES + "ex:a ex:p 1 .",
                                                 format="turtle")
    outcomes = [validate_graph(dataset, ValidationOptions(
        reasoning="none", shacl_engine=e, shapes=(shapes,), qc=False, dev=False))
        for e in ("oxigraph", "pyshacl")]
    assert result_set(outcomes[0]) == result_set(outcomes[1])
    assert [render_term(r.focus) for r in outcomes[0].results] == [EX + "b>"]


def test_run_shacl_on_a_graph_with_each_engine(tmp_path: Path) -> None:
    """``run_shacl`` (the benchmark's and the fixtures' call) runs the engine it is given."""
    from multivector.namespaces import SH
    from multivector.validation import run_shacl

    name, shapes, data = next(c for c in CASES if c[0] == "counts")
    shapes_graph = Graph().parse(data=PREFIXES + shapes, format="turtle")
    graph = Graph().parse(data=PREFIXES + data, format="turtle")
    found = {}
    for engine in ("oxigraph", "turbo", "pyshacl"):
        report = run_shacl(graph, shapes_graph, engine=engine)
        found[engine] = sorted(
            (str(report.value(r, SH.focusNode)), str(report.value(r, SH.sourceConstraintComponent)))
            for r in report.objects(None, SH.result))
    assert found["oxigraph"] == found["turbo"] == found["pyshacl"]
    assert len(found["oxigraph"]) == 4


def test_sparql_path_variable_and_rejected_query(tmp_path: Path,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    """A SPARQL constraint's ?path becomes the result's path (as pySHACL reports it); a
    constraint Oxigraph cannot run is named (one line with the engine asked for by name)."""
    shapes = """ex:S a sh:NodeShape ; sh:targetClass ex:A ;
      sh:sparql [ sh:select \"\"\"SELECT $this ?path ?value WHERE {
          $this ?path ?value FILTER(isLiteral(?value) && STRLEN(STR(?value)) > 3) }\"\"\" ] ."""
    data = 'ex:a a ex:A ; ex:name "long name" , "ok" .'
    reference = _validate(tmp_path, shapes, data, "pyshacl")
    compiled = _validate(tmp_path, shapes, data, "oxigraph")
    assert result_set(compiled) == result_set(reference)
    assert [r.path for r in compiled.results] == [EX + "name>"]
    broken = """ex:S a sh:NodeShape ; sh:targetClass ex:A ;
      sh:sparql [ sh:select "SELECT $this WHERE { $this ex:p ?x FILTER(ex:nofunction(?x)) }" ;
                  sh:prefixes ex:decl ] .
    ex:decl sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] ."""
    with pytest.raises(InputError, match="--shacl-engine oxigraph"):
        _validate(tmp_path, broken, data, "oxigraph")
