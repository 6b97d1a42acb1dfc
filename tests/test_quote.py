"""`multivector quote`: offsets and evidence IRI of a verbatim quote; clear failures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multivector.cli import app

EXAMPLE = Path(__file__).resolve().parent / "fixtures" / "sources" / "example-article.txt"
SID = "900_00000000000000ee"


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(EXAMPLE, tmp_path / f"{SID}.txt")
    monkeypatch.setenv("MULTIVECTOR_CORPUS", str(tmp_path))
    return tmp_path


def quote(*args: str):
    return CliRunner().invoke(app, ["quote", *args])


def test_prints_offsets_and_iri(corpus: Path) -> None:
    result = quote(SID, "Astana refused to send peacekeepers to Ukraine.")
    assert result.exit_code == 0
    assert result.output == (
        f"411 458 https://w3id.org/multivector/id/evidence/{SID}/411-458\n"
    )


def test_turtle_snippet(corpus: Path) -> None:
    result = quote(SID, "Kyrgyz officials", "--turtle")
    assert result.exit_code == 0
    assert f"<https://w3id.org/multivector/id/evidence/{SID}/541-557> a oa:Annotation" in (
        result.output
    )
    assert 'oa:exact "Kyrgyz officials"' in result.output
    assert 'oa:start "541"' in result.output and 'oa:end "557"' in result.output


def test_absent_quote_fails_in_one_line(corpus: Path) -> None:
    result = quote(SID, "Astana agreed")
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert "not found" in result.output


def test_ambiguous_quote_lists_occurrences(corpus: Path) -> None:
    result = quote(SID, "Yerevan")
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert "2 times" in line and "360-367" in line and "606-613" in line
    assert "place in[…]" in line


def test_unknown_source_is_exit_2(corpus: Path) -> None:
    result = quote("901_00000000000000ee", "x")
    assert result.exit_code == 2
    assert "not in the corpus" in result.output
