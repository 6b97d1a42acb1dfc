"""The command line, in-process through typer's CliRunner, and once as the installed script."""

from __future__ import annotations

import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multivector import __version__
from multivector.cli import app
from tests.conftest import REPO

runner = CliRunner()
COMMANDS = ["build", "run", "check", "fmt", "query"]


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_version_comes_from_the_package_metadata() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    first, graph = result.stdout.strip().splitlines()
    assert first == f"multivector {__version__}"
    assert graph.startswith(f"graph: the workspace {REPO}")  # tests run inside the checkout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.stdout and command in result.stdout


def test_query_lists_and_runs(mini_home: Path) -> None:
    listing = invoke("query", "--home", str(mini_home))
    assert listing.exit_code == 0
    assert listing.stdout.startswith("members-on-date\tWhich states are members")
    result = invoke("query", "members-on-date", "--home", str(mini_home), "-p", "date=2010-01-01")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["state", "stateLabel", "role"]
    assert lines[-1] == "(3 rows)"
    assert "id:Uzbekistan  Uzbekistan  mvv:Member" in result.stdout


def test_bad_input_is_one_line_on_stderr_exit_2(mini_home: Path) -> None:
    result = invoke("query", "members-on-date", "--home", str(mini_home), "-p", "date=2017-02-30")
    assert result.exit_code == 2
    assert result.stderr == (
        "multivector: parameter date: '2017-02-30' is not a date (YYYY-MM-DD)\n"
    )
    assert "Traceback" not in result.stdout + result.stderr
    unknown = invoke("query", "nope", "--home", str(mini_home))
    assert unknown.exit_code == 2 and "unknown query 'nope'" in unknown.stderr


def test_broken_data_file_is_reported_with_position(mini_home: Path) -> None:
    bad = mini_home / "data" / "reference" / "entities.ttl"
    bad.write_text(bad.read_text(encoding="utf-8") + "id:X a mv:State\n", encoding="utf-8")
    result = invoke("build", "--skip-validation", "--home", str(mini_home))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"multivector: {bad}:12:1: Unexpected end")
    assert not (mini_home / "dist").exists()


def test_build_and_run_exit_codes(mini_home: Path) -> None:
    built = invoke("build", "--home", str(mini_home))
    assert built.exit_code == 0, built.stderr
    assert "validation: conforms" in built.stdout
    assert (mini_home / "dist" / "multivector.trig").is_file()
    ran = invoke("run", "--home", str(mini_home))
    assert ran.exit_code == 0
    assert "== members-on-date:" in ran.stdout and "(2 rows)" in ran.stdout
    (mini_home / "data" / "reference" / "extra.ttl").write_text(
        "<https://w3id.org/multivector/id/Armenia> a "
        "<https://w3id.org/multivector/ontology#State> .\n",
        encoding="utf-8",
    )  # a state without a label: the mini project's contract shape fires
    failed = invoke("build", "--home", str(mini_home))
    assert failed.exit_code == 1
    assert "MinCountConstraintComponent" in failed.stderr


def test_unknown_engine_exit_2(mini_home: Path) -> None:
    result = invoke("build", "--engine", "jena", "--home", str(mini_home))
    assert result.exit_code == 2
    assert "unknown engine 'jena'" in result.stderr


def test_fmt_check_lists_non_canonical_files(tmp_path: Path) -> None:
    path = tmp_path / "x.ttl"
    path.write_text("<http://x/a>   <http://x/b> <http://x/c> .", encoding="utf-8")
    result = invoke("fmt", "--check", str(tmp_path))
    assert result.exit_code == 1
    assert f"not canonical: {path}" in result.stdout
    assert invoke("fmt", str(tmp_path)).exit_code == 0
    assert invoke("fmt", "--check", str(tmp_path)).exit_code == 0


@pytest.mark.slow
def test_check_command(mini_home: Path) -> None:
    assert shutil.which("java"), "HermiT needs java (Java 17 is on every machine this runs on)"
    result = invoke("check", "--home", str(mini_home))
    assert result.exit_code == 0, result.stderr
    assert "consistent: yes" in result.stdout
    (mini_home / "data" / "reference" / "chimera.ttl").write_text(
        "@prefix mv: <https://w3id.org/multivector/ontology#> .\n"
        "<https://w3id.org/multivector/id/Chimera> a mv:State, mv:InternationalOrganization .\n",
        encoding="utf-8",
    )
    result = invoke("check", "--home", str(mini_home))
    assert result.exit_code == 1
    assert "consistent: NO" in result.stdout


def test_installed_console_script() -> None:
    script = Path(sysconfig.get_path("scripts")) / "multivector"
    if not script.exists():  # installed elsewhere on PATH (pip install --user)
        found = shutil.which("multivector")
        assert found is not None, "the multivector console script is not installed (pip -e .)"
        script = Path(found)
    done = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == f"multivector {__version__}"
