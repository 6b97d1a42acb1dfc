"""One gate and one draft policy, on a temporary copy of the shipped project.

* A graph that fails a QC query fails ``multivector validate`` (exit 1),
  ``KnowledgeGraph.validate()`` and ``build`` alike: a second entity with Kazakhstan's Wikidata
  item. Malformed shapes (SHACL-SHACL) are bad input: exit 2, one line.
* Drafts are removed before reasoning: a draft membership of Kazakhstan in the Global Coalition
  against Daesh (an organization it has no membership of any role in, not even as a partner)
  leaves no ``Kazakhstan mv:memberOf GlobalCoalitionAgainstISIS`` anywhere unless drafts are
  asked for, and outputs with drafts never take the draft-free outputs' file names.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import URIRef
from typer.testing import CliRunner

from multivector.api import KnowledgeGraph
from multivector.build import BuildOptions, build
from multivector.cli import app
from multivector.namespaces import ID, MV

from .conftest import REPO

pytestmark = pytest.mark.slow  # builds whole projects with and without drafts

KAZAKHSTAN_ITEM = "http://www.wikidata.org/entity/Q232"
DRAFT_SOURCE = "900_drafttest"
DRAFT = f"""@prefix id: <https://w3id.org/multivector/id/> .
@prefix mv: <https://w3id.org/multivector/ontology#> .
@prefix mvv: <https://w3id.org/multivector/vocab/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<https://w3id.org/multivector/id/source/{DRAFT_SOURCE}> {{
    <https://w3id.org/multivector/id/membership/draft-Kazakhstan-Coalition> a mv:Membership ;
        rdfs:label "Kazakhstan in the Global Coalition against Daesh (draft)"@en ;
        org:member id:Kazakhstan ;
        org:organization id:GlobalCoalitionAgainstISIS ;
        org:role mvv:Member ;
        mv:startDate "2017-06-01"^^xsd:date ;
        mv:status mv:Draft .
}}
"""
MEMBER_OF_COALITION = (ID.Kazakhstan, MV.memberOf, ID.GlobalCoalitionAgainstISIS)
HAS_MEMBER_KZ = (ID.GlobalCoalitionAgainstISIS, MV.hasMember, ID.Kazakhstan)


def _project(tmp_path: Path) -> Path:
    home = tmp_path / "project"
    for folder in ("ontology", "data", "shapes", "queries", "reasoning"):
        shutil.copytree(REPO / folder, home / folder)
    return home


def _holds(kg: KnowledgeGraph, pattern: tuple) -> bool:
    """The pattern matches in some named graph of the graph's dataset."""
    return any(True for _ in kg.dataset.quads((*pattern, None)))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return ({p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
            if folder.is_dir() else {})


def test_a_qc_failure_fails_validate_the_api_and_build(tmp_path: Path) -> None:
    home = _project(tmp_path)
    (home / "data" / "reference" / "duplicate-item.ttl").write_text(
        "<https://w3id.org/multivector/id/Kyrgyzstan> "
        f"<http://www.w3.org/2004/02/skos/core#exactMatch> <{KAZAKHSTAN_ITEM}> .\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    validated = runner.invoke(app, ["validate", "--home", str(home)])
    assert validated.exit_code == 1, validated.output
    assert "(qc:shared-wikidata-item)" in validated.stdout
    assert "does NOT conform" in validated.stdout

    conforms, report, text = KnowledgeGraph.load(home).validate()
    assert conforms is False and "(qc:shared-wikidata-item)" in text
    assert len(report) > 0

    built = runner.invoke(app, ["build", "--home", str(home)])
    assert built.exit_code == 1
    assert "qc:shared-wikidata-item" in built.stderr
    assert "dist/ left unchanged" in built.stderr
    # KnowledgeGraph.load above wrote only the persistent store; the build wrote nothing
    assert sorted(p.name for p in (home / "dist").iterdir()) == [".stores", "store"]


def test_the_shipped_graph_passes_the_gate_as_one_typed_result() -> None:
    outcome = KnowledgeGraph.load(REPO).validate()
    conforms, report, text = outcome
    assert conforms and outcome.counts["Violation"] == 0
    assert outcome.qc_results == []
    assert text.rstrip().endswith(f"{outcome.counts['Warning']} warning"
                                  f"{'' if outcome.counts['Warning'] == 1 else 's'}, 0 infos")
    assert len(report) > 0


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = _project(tmp_path_factory.mktemp("drafts"))
    (home / "data" / "sources" / f"{DRAFT_SOURCE}.trig").write_text(DRAFT, encoding="utf-8")
    return home


def test_no_inference_from_a_draft_unless_drafts_are_asked_for(drafted: Path) -> None:
    served = KnowledgeGraph.load(drafted)
    assert not _holds(served, MEMBER_OF_COALITION) and not _holds(served, HAS_MEMBER_KZ)
    draft = URIRef(str(ID) + "membership/draft-Kazakhstan-Coalition")
    assert not _holds(served, (draft, None, None))
    ask = "ASK {{ <{}> <{}> <{}> }}".format(*MEMBER_OF_COALITION)
    assert not bool(served.store.query(ask))
    with_drafts = KnowledgeGraph.load(drafted, include_drafts=True)
    assert _holds(with_drafts, MEMBER_OF_COALITION) and _holds(with_drafts, HAS_MEMBER_KZ)
    assert bool(with_drafts.store.query(ask))


def test_query_excludes_drafts_by_default(drafted: Path) -> None:
    runner = CliRunner()
    args = ["query", "CQ2", "--param", "state=KZ", "--at", "2017-06-22", "--home", str(drafted)]
    plain = runner.invoke(app, args)
    drafts = runner.invoke(app, [*args, "--include-drafts"])
    assert plain.exit_code == 0 and drafts.exit_code == 0, plain.output + drafts.output
    assert "Global Coalition against Daesh" not in plain.stdout
    assert "Global Coalition against Daesh" in drafts.stdout


def test_build_publishes_the_draft_free_graph_and_drafts_under_other_names(
    drafted: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dist"
    plain = build(drafted, BuildOptions(out=out, run_validation=False))
    # beside them: the folder dist/ontology/, and the store in the workspace's own dist/
    assert sorted(p.name for p in plain.written if p.parent == out and p.suffix) == [
        "multivector.nq", "multivector.trig", "multivector.ttl"]
    before = _snapshot(out)
    assert b"draft-Kazakhstan-Coalition" not in before["multivector.nq"]
    with_drafts = build(drafted, BuildOptions(out=out, include_drafts=True, run_validation=False))
    assert sorted(p.name for p in with_drafts.written if p.parent == out and p.suffix) == [
        "multivector-with-drafts.nq", "multivector-with-drafts.trig",
        "multivector-with-drafts.ttl"]
    after = _snapshot(out)
    assert {k: v for k, v in after.items() if "with-drafts" not in k} == before
    line = " ".join(f"<{t}>" for t in MEMBER_OF_COALITION).encode()
    assert line in after["multivector-with-drafts.nq"]
    assert line not in after["multivector.nq"]


def test_build_validates_the_drafts_too(drafted: Path, tmp_path: Path) -> None:
    result = build(drafted, BuildOptions(out=tmp_path / "dist"))
    draft = f"{ID}membership/draft-Kazakhstan-Coalition"
    about_draft = [r for r in result.validation.results if str(r.focus) == draft]
    assert ("Info", "mvsh:DraftShape [mv:status]") in {(r.severity, r.shape) for r in about_draft}
    assert all(draft not in str(r.focus) or r.sources == (
        str(drafted / "data" / "sources" / f"{DRAFT_SOURCE}.trig"),) for r in about_draft)


def test_export_names_follow_the_draft_policy(drafted: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "export"
    plain = runner.invoke(app, ["export", "--format", "nq", "--out", str(out / "a.nq"),
                                "--home", str(drafted)])
    assert plain.exit_code == 0, plain.output
    default = runner.invoke(app, ["export", "--out", str(out), "--home", str(drafted),
                                  "--include-drafts", "--format", "trig"])
    assert default.exit_code == 0, default.output
    assert b"draft-Kazakhstan-Coalition" not in (out / "a.nq").read_bytes()
    folder = runner.invoke(app, ["export", "--out", str(out), "--home", str(drafted),
                                 "--include-drafts"])
    assert folder.exit_code == 0, folder.output
    names = sorted(p.name for p in out.iterdir())
    assert "multivector-with-drafts.nq" in names and "multivector.nq" not in names
    assert b"draft-Kazakhstan-Coalition" in (out / "multivector-with-drafts.nq").read_bytes()


def test_malformed_shapes_are_one_line_exit_2(mini_home: Path) -> None:
    (mini_home / "shapes" / "contract" / "broken.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:x:S> a sh:NodeShape ; sh:targetClass <urn:x:C> ;\n"
        '    sh:property [ sh:path <urn:x:p> ; sh:minCount "x" ] .\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["validate", "--home", str(mini_home)])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(
        "multivector: the shapes are not valid SHACL (SHACL-SHACL): Focus Node:")
    assert 'sh:minCount Literal("x")' in result.stderr
