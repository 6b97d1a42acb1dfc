"""``multivector validate`` in-process: exit codes, the three report formats, PATHS mode."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF
from typer.testing import CliRunner

from multivector.cli import app
from multivector.namespaces import SH
from multivector.validation import ValidationOptions, validate_files

from .shape_cases import CASES, write_case_data

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def home(tmp_path: Path) -> Path:
    """A project home with no ontology or reference data: the fixture file is all there is."""
    (tmp_path / "ontology").mkdir()
    (tmp_path / "data" / "reference").mkdir(parents=True)
    shutil.copytree(ROOT / "reasoning", tmp_path / "reasoning")
    shutil.copytree(ROOT / "shapes", tmp_path / "shapes")
    return tmp_path


def case_data(home: Path, name: str) -> Path:
    """The data of the shape case ``<area>/<case>`` as a Turtle file (outside the home)."""
    folder = home.parent / "data-files"
    folder.mkdir(exist_ok=True)
    return write_case_data(CASES / f"{name}.trig", folder)


def invoke(*args: str):
    return CliRunner().invoke(app, ["validate", *args])


def test_violations_exit_1_with_text_report(home: Path) -> None:
    fixture = case_data(home, "memberships/invalid-end-before-start")
    result = invoke(str(fixture), "--home", str(home))
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert f"== {fixture}" in out or "invalid-end-before-start.ttl" in out.splitlines()[0]
    assert "VIOLATION:" in out
    assert "id:membership/Kazakhstan-CSTO-2010" in out
    assert '"Kazakhstan in the CSTO as member from 2010-01-01"' in out
    assert "sh:SPARQLConstraintComponent (mvsh:MembershipDateOrderShape)" in out
    assert "ends (2009-06-01) before it starts (2010-01-01)" in out
    assert out.rstrip().endswith("1 violation, 0 warnings, 0 infos")
    assert "Traceback" not in result.output


def test_warnings_only_exit_0(home: Path) -> None:
    fixture = case_data(home, "memberships/invalid-open-in-dissolved")
    result = invoke(str(fixture), "--home", str(home))
    assert result.exit_code == 0, result.output
    assert "WARNING:" in result.stdout
    assert "0 violations, 1 warning, 0 infos" in result.stdout


def test_json_report(home: Path) -> None:
    fixture = case_data(home, "reference-entities/invalid-iso2-pattern")
    result = invoke(str(fixture), "--home", str(home), "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["conforms"] is False
    assert payload["counts"] == {"Violation": 1, "Warning": 0, "Info": 0}
    [row] = payload["results"]
    assert row["component"] == "sh:PatternConstraintComponent"
    assert row["shape"] == "mvsh:StateShape [mv:iso3166Alpha2]"
    assert row["focus"] == "https://w3id.org/multivector/id/Kazakhstan"
    assert row["focusLabel"] == "Kazakhstan"
    assert row["path"] == "mv:iso3166Alpha2"
    assert row["value"] == '"kz"'
    assert Path(row["sources"][0]).name == "invalid-iso2-pattern.ttl"


def test_ttl_report_is_a_shacl_validation_report(home: Path) -> None:
    fixture = case_data(home, "memberships/invalid-overlap")
    result = invoke(str(fixture), "--home", str(home), "--format", "ttl")
    assert result.exit_code == 1
    report = Graph().parse(data=result.stdout, format="turtle")
    [root] = list(report.subjects(RDF.type, SH.ValidationReport))
    assert report.value(root, SH.conforms) == Literal(False)
    results = list(report.objects(root, SH.result))
    assert len(results) == 2
    assert {report.value(r, SH.sourceConstraintComponent) for r in results} == {
        SH.SPARQLConstraintComponent
    }


def test_valid_file_exits_0(home: Path) -> None:
    result = invoke(str(case_data(home, "stances-and-claims/valid")), "--home", str(home))
    assert result.exit_code == 0, result.output
    assert "Validation: conforms — 0 violations, 0 warnings, 0 infos" in result.stdout


def test_unknown_format_exit_2() -> None:
    result = invoke("--format", "xml")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "multivector: --format: unknown format 'xml' (choose from text, json, ttl)"
    )


def test_unsupported_file_type_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text("{}", encoding="utf-8")
    result = invoke(str(path))
    assert result.exit_code == 2
    expected = f"multivector: {path}: unsupported file type (expected .ttl or .trig)"
    assert result.stderr.strip() == expected


def test_paths_mode_reports_only_the_given_file() -> None:
    sources = sorted((ROOT / "data" / "sources").glob("*.trig"))
    assert sources, "the project ships source graphs in data/sources/"
    outcome = validate_files([sources[0]], ValidationOptions(home=ROOT, dev=False))
    assert all(any(sources[0].name in s for s in r.sources) for r in outcome.results)
    assert outcome.conforms, outcome.text


@pytest.mark.slow
def test_whole_project_json() -> None:
    result = invoke("--format", "json", "--home", str(ROOT))
    payload = json.loads(result.stdout)
    assert set(payload["counts"]) == {"Violation", "Warning", "Info"}
    assert result.exit_code == (0 if payload["conforms"] else 1)
    assert payload["counts"]["Violation"] == 0, [
        (r["focus"], r["shape"]) for r in payload["results"] if r["severity"] == "Violation"
    ]


def test_an_edited_shapes_file_is_checked_against_shacl_shacl_again(mini_home: Path) -> None:
    """The SHACL-SHACL check is remembered per shapes content within a process: validating twice
    with the same shapes passes both times, and the same file broken in between is caught."""
    shape = mini_home / "shapes" / "contract" / "extra.ttl"
    text = ("@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
            "<urn:x:S> a sh:NodeShape ; sh:targetClass <urn:x:C> ;\n"
            "    sh:property [ sh:path <urn:x:p> ; sh:minCount 1 ] .\n")
    shape.write_text(text, encoding="utf-8")
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(app, ["validate", "--home", str(mini_home)])
        assert result.exit_code == 0, result.output
    shape.write_text(text.replace("sh:minCount 1", 'sh:minCount "x"'), encoding="utf-8")
    result = runner.invoke(app, ["validate", "--home", str(mini_home)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(
        "multivector: the shapes are not valid SHACL (SHACL-SHACL): Focus Node:")
