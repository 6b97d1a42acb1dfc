"""fmt's fixed subject order: one added triple changes lines inside one block; comments refused."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from multivector.canonical import canonical_turtle, comment_lines, fmt
from multivector.cli import app
from multivector.errors import InputError

from .conftest import REPO

ONTOLOGY = REPO / "ontology" / "multivector.ttl"

KINDS = """@prefix ex: <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
ex:a ex:p ex:Zeta, ex:Zeta2, ex:zProp .
ex:b a ex:Zeta ; ex:p ex:Zeta, ex:Zeta2 .
ex:c a ex:Alpha, owl:NamedIndividual .
ex:d a owl:NamedIndividual .
ex:concept a skos:Concept .
ex:Scheme a skos:ConceptScheme .
ex:Shape a sh:NodeShape .
ex:zProp a owl:ObjectProperty, owl:FunctionalProperty ; ex:p ex:Zeta .
ex:aProp a owl:DatatypeProperty .
ex:Zeta a owl:Class .
ex:Zeta2 a rdfs:Datatype .
ex:Onto a owl:Ontology .
[] a owl:AllDisjointClasses ; owl:members ( ex:Zeta ex:Alpha ) .
"""


def _subjects_in_order(text: str) -> list[str]:
    return [line.split()[0] for line in text.splitlines() if line.startswith("ex:")]


def test_subjects_come_in_kind_order_then_by_iri() -> None:
    graph = Graph().parse(data=KINDS, format="turtle")
    text = canonical_turtle(graph, [("ex", "http://example.org/")])
    assert _subjects_in_order(text) == [
        "ex:Onto",  # ontology header
        "ex:Zeta",  # classes and datatypes, by IRI
        "ex:Zeta2",
        "ex:aProp",  # properties, by IRI, whatever their reference count
        "ex:zProp",
        "ex:Shape",  # shapes
        "ex:Scheme",  # concept schemes
        "ex:concept",  # concepts
        "ex:c",  # individuals grouped by type: ex:Alpha ...
        "ex:b",  # ... ex:Zeta ...
        "ex:d",  # ... owl:NamedIndividual only
        "ex:a",  # untyped
    ]
    assert text.rstrip().split("\n\n")[-1].startswith("[] a owl:AllDisjointClasses")


def _changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [ln for ln in diff if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]


@pytest.mark.parametrize(
    "added",
    [
        # mv:Region gains a reference: rdflib's own order (by reference count) moved its block.
        "mv:locatedIn rdfs:range mv:Region .",
        "mv:Place skos:scopeNote \"A note.\"@en .",
    ],
)
def test_adding_one_triple_to_the_ontology_changes_at_most_three_lines(
    tmp_path: Path, added: str
) -> None:
    copy = tmp_path / "multivector.ttl"
    shutil.copyfile(ONTOLOGY, copy)
    fmt([copy])
    before = copy.read_text(encoding="utf-8")
    copy.write_text(before + added + "\n", encoding="utf-8")
    fmt([copy])
    changed = _changed_lines(before, copy.read_text(encoding="utf-8"))
    # One new predicate line, and the block's previous last line trading "." for ";".
    assert 1 <= len(changed) <= 3, changed
    assert sum(ln.startswith("+") for ln in changed) <= 2
    assert any(added.split()[1] in ln for ln in changed if ln.startswith("+"))


def test_rdflib_order_would_have_moved_the_block(tmp_path: Path) -> None:
    # The reason for subject_order: with rdflib's reference-count order the same edit is a big diff.
    graph = Graph().parse(ONTOLOGY)
    before = graph.serialize(format="turtle")
    graph.parse(
        data="@prefix mv: <https://w3id.org/multivector/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "mv:locatedIn rdfs:range mv:Region .\n",
        format="turtle",
    )
    assert len(_changed_lines(before, graph.serialize(format="turtle"))) > 10


def test_comment_lines_skip_iris_strings_and_escapes() -> None:
    text = (
        "@prefix ex: <http://example.org/ns#> .  # prefix\n"
        'ex:a ex:b "not # a comment" ; ex:c """long\n# still text\n""" ;\n'
        "  ex:d 'x#y', ex:e\\#f .\n"
        "# a real one\n"
    )
    assert comment_lines(text) == [1, 6]


def test_fmt_refuses_a_file_with_a_comment_and_leaves_it_alone(tmp_path: Path) -> None:
    path = tmp_path / "noted.ttl"
    text = "@prefix ex: <http://example.org/> .\n\nex:b ex:p 1 .\n# why p is 1\nex:a ex:p 2 .\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"noted\.ttl:4: a comment would be lost by fmt"):
        fmt([path])
    assert path.read_text(encoding="utf-8") == text
    result = CliRunner().invoke(app, ["fmt", "--check", str(path)])
    assert result.exit_code == 2
    assert "noted.ttl:4: a comment would be lost by fmt" in result.output
