"""The SHACL shapes: every case file under ``tests/fixtures/shapes/`` (one ``sht:Validate`` entry
each, format in the README there) fires exactly its expected set of (focus node, source shape,
constraint component, severity); the shapes themselves pass SHACL-SHACL; the shipped project
graph has no violations."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph, URIRef

from multivector.loading import LoadedGraph
from multivector.namespaces import GRAPH_ONTOLOGY
from multivector.validation import ValidationOptions, load_shapes, render_term, validate_graph

from .shape_cases import (
    CASES,
    CaseError,
    case_dataset,
    case_files,
    case_id,
    describe,
    fired,
    read_case,
)

ROOT = Path(__file__).resolve().parents[1]
SHAPES = ROOT / "shapes"
AREAS = {
    "memberships", "people-and-posts", "events-and-proposals", "stances-and-claims",
    "sources-and-evidence", "reference-entities", "ontology-hygiene",
    "explanations-votes-transfers",
}


def test_every_area_has_a_base_a_valid_case_and_invalid_cases() -> None:
    assert {p.parent.name for p in CASES.glob("*/base.ttl")} == AREAS
    files = case_files()
    assert {p.parent.name for p in files} == AREAS
    for area in AREAS:
        assert (CASES / area / "valid.trig").is_file(), area
        assert any(p.stem.startswith("invalid-") for p in (CASES / area).glob("*.trig")), area
    assert len(files) >= 69
    # nothing else lies around: a stray .ttl would be a case nobody runs
    assert {p.name for p in CASES.glob("*/*") if p.suffix != ".trig"} == {"base.ttl"}


def check_case(path: Path) -> None:
    """The runner: validate the case's data, compare the whole result set (not a subset)."""
    case = read_case(path)
    if path.stem.startswith("invalid-"):
        assert case.expected, "an invalid-* case expects at least one result"
    loaded = LoadedGraph(case_dataset(case), graph_files={GRAPH_ONTOLOGY: [path]})
    # every shape of the case's shapes graph (contract and dev), without the QC queries
    outcome = validate_graph(loaded, ValidationOptions(shapes=(case.shapes,), qc=False))
    actual = fired(outcome)
    assert describe(actual) == describe(case.expected)  # readable diff first
    assert actual == case.expected  # then the exact terms
    assert outcome.conforms == case.conforms
    for result in outcome.results:
        assert result.message, "every result carries an analyst-facing message"


@pytest.mark.parametrize("path", case_files(), ids=case_id)
def test_shape_case(path: Path) -> None:
    check_case(path)


def _copy_area(tmp_path: Path, area: str) -> Path:
    folder = tmp_path / area
    folder.mkdir()
    (folder / "base.ttl").write_bytes((CASES / area / "base.ttl").read_bytes())
    return folder


def test_a_case_missing_one_of_its_results_fails(tmp_path: Path) -> None:
    """Exact comparison: dropping one of the two expected results makes the case fail."""
    source = CASES / "memberships" / "invalid-member-literal.trig"
    text = source.read_text(encoding="utf-8")
    start = text.index("        sh:result [")
    end = text.index("        ] ;\n", start) + len("        ] ;\n")
    assert "ParticipantIsIriShape" in text[start:end]
    tampered = _copy_area(tmp_path, "memberships") / source.name
    tampered.write_text(text[:start] + text[end:], encoding="utf-8")
    assert len(read_case(tampered).expected) == 1
    with pytest.raises(AssertionError):
        check_case(tampered)


def test_a_patch_that_does_not_match_its_base_is_an_error(tmp_path: Path) -> None:
    source = CASES / "memberships" / "invalid-missing-role.trig"
    stale = _copy_area(tmp_path, "memberships") / source.name
    text = source.read_text(encoding="utf-8")
    assert "org:role mvv:FoundingMember" in text
    stale.write_text(text.replace("org:role mvv:FoundingMember", "org:role mvv:Observer"),
                     encoding="utf-8")
    with pytest.raises(CaseError, match="removed triple not in base.ttl"):
        read_case(stale)


@pytest.mark.slow
def test_shapes_pass_shacl_shacl() -> None:
    shapes = load_shapes(SHAPES)
    conforms, _graph, text = shacl_validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_every_shape_is_documented_and_every_constraint_has_a_message() -> None:
    from rdflib.namespace import RDF, RDFS

    from multivector.namespaces import SH

    shapes = load_shapes(SHAPES)
    named = [s for s in set(shapes.subjects(RDF.type, SH.NodeShape)) if isinstance(s, URIRef)]
    assert len(named) >= 30
    for shape in named:
        assert shapes.value(shape, RDFS.label) is not None, shape
        assert shapes.value(shape, RDFS.comment) is not None, shape
        assert str(shape).startswith("https://w3id.org/multivector/shapes#")
    # every property shape and every SPARQL constraint says what is wrong and how to fix it
    constraints = set(shapes.objects(None, SH.property)) | set(shapes.objects(None, SH.sparql))
    assert len(constraints) >= 100
    for node in constraints:
        message = shapes.value(node, SH.message)
        assert message is not None and len(str(message)) > 30, node
    # node shapes with constraints of their own (sh:or, sh:nodeKind) carry a message too
    for shape in set(shapes.subjects(SH["or"], None)) | set(shapes.subjects(SH.nodeKind, None)):
        if isinstance(shape, URIRef):
            assert shapes.value(shape, SH.message) is not None, shape


def test_date_properties_are_typed_xsd_date() -> None:
    from rdflib.namespace import XSD

    from multivector.namespaces import SH

    shapes = load_shapes(SHAPES)
    typed = {str(shapes.value(ps, SH.path)) for ps in shapes.subjects(SH.datatype, XSD.date)}
    for local in ("startDate", "endDate", "date", "asOf", "foundingDate", "dissolutionDate",
                  "adoptedOn"):
        assert f"https://w3id.org/multivector/ontology#{local}" in typed
    assert "http://purl.org/dc/terms/issued" in typed


@pytest.mark.slow
def test_shipped_graph_has_no_violations() -> None:
    from multivector.validation import validate_project

    outcome = validate_project(ROOT)
    violations = [r for r in outcome.results if r.severity == "Violation"]
    listing = "\n".join(f"{r.source}: {render_term(r.focus)} {r.shape} {r.message}"
                        for r in violations)
    assert outcome.conforms, f"{len(violations)} violations in the shipped graph:\n{listing}"
    assert outcome.counts["Violation"] == 0


def test_validation_does_not_mutate_the_callers_dataset() -> None:
    dataset = Dataset()
    dataset.graph(GRAPH_ONTOLOGY).parse(CASES / "memberships" / "base.ttl", format="turtle")
    before = sorted(dataset.quads((None, None, None, None)))
    validate_graph(dataset, ValidationOptions(shapes=(SHAPES,), qc=False))
    assert sorted(dataset.quads((None, None, None, None))) == before
