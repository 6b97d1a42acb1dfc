"""``--engine`` on build and validate: both materialization engines give the same verdict, and an
unknown engine is a one-line error with exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from multivector.cli import app

pytestmark = pytest.mark.slow  # validates the shipped graph on both engines

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "data" / "sources" / "002_b5d6e7580dcd6e24.trig"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_validate_runs_the_rules_on_either_engine(engine: str) -> None:
    result = CliRunner().invoke(
        app, ["validate", str(SOURCE), "--engine", engine, "--home", str(REPO)]
    )
    assert result.exit_code == 0, result.output
    assert "0 violations" in result.output


@pytest.mark.parametrize("command", ["validate", "build"])
def test_unknown_engine_is_a_one_line_error(command: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, [command, "--engine", "jena", "--home", str(REPO)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == ["multivector: --engine: unknown engine 'jena' (choose from oxigraph, rdflib)"]
