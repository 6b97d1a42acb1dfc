"""Workspaces (the marker, editing commands outside one), the persistent store (rebuilt when a
source changes, read by several processes at once), typed answers (``to_df``, Python
parameters) and piping (``query -f csv``, ``export --out -``)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multivector import diskstore, workspace
from multivector.api import KnowledgeGraph
from multivector.cli import app
from multivector.errors import InputError
from tests.conftest import REPO

pytestmark = pytest.mark.slow  # builds workspace stores in CLI processes

runner = CliRunner()
MARKER = "[project]\nname = 'my-graph'\n\n[tool.multivector]\n"


def invoke(*args: str):
    return runner.invoke(app, list(args))


def cli(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real console entry point in a child process (its own cwd, its own stderr)."""
    environment = {k: v for k, v in os.environ.items() if k != workspace.HOME_ENV}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "multivector", *args], cwd=cwd, env=environment,
        capture_output=True, text=True, check=False, timeout=300,
    )


# ------------------------------------------------------------------------------- the workspace


def test_the_workspace_is_found_by_walking_up_to_the_marker(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(MARKER, encoding="utf-8")
    deep = tmp_path / "data" / "sources"
    deep.mkdir(parents=True)
    assert workspace.find(deep) == tmp_path.resolve()
    # a pyproject.toml without the table is not a marker
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert workspace.has_marker(other) is False
    assert workspace.find(REPO / "src" / "multivector") == REPO


def test_editing_commands_outside_a_workspace_say_so_in_one_line(tmp_path: Path) -> None:
    for command in (["build"], ["fmt", "--check"], ["validate"], ["check"],
                    ["source", "check", "000_x"]):
        done = cli(*command, cwd=tmp_path)
        assert done.returncode == 2, (command, done.stderr)
        assert done.stderr.count("\n") == 1, (command, done.stderr)
        assert done.stderr.startswith("multivector: not inside a multivector workspace"), command
        assert "Traceback" not in done.stderr


def test_home_option_and_environment_name_the_workspace(mini_home: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    by_env = cli("query", "members-on-date", "-f", "csv", cwd=outside,
                 env={workspace.HOME_ENV: str(mini_home)})
    by_option = cli("query", "members-on-date", "-f", "csv", "--home", str(mini_home),
                    cwd=outside)
    assert by_env.returncode == by_option.returncode == 0, by_env.stderr + by_option.stderr
    assert by_env.stdout == by_option.stdout
    assert "Kazakhstan" in by_env.stdout


# ------------------------------------------------------------------------ the persistent store


def test_a_query_builds_the_store_then_reuses_it_and_rebuilds_after_an_edit(
    mini_home: Path,
) -> None:
    (mini_home / "pyproject.toml").write_text(MARKER, encoding="utf-8")
    sub = mini_home / "data"
    first = cli("query", "members-on-date", "-f", "csv", cwd=sub)
    assert first.returncode == 0, first.stderr
    assert first.stderr == (
        f"multivector: the store {mini_home.resolve() / 'dist' / 'store'} is missing; "
        "rebuilding it\n"
    )
    assert (mini_home / "dist" / "store").is_symlink()
    assert "/Kazakhstan,Kazakhstan," in first.stdout and "Zhambyl" not in first.stdout

    again = cli("query", "members-on-date", "-f", "csv", cwd=sub)
    assert again.returncode == 0 and again.stderr == ""
    assert again.stdout == first.stdout

    entities = mini_home / "data" / "reference" / "entities.ttl"
    text = entities.read_text(encoding="utf-8")
    assert 'rdfs:label "Kazakhstan"@en' in text
    entities.write_text(text.replace('rdfs:label "Kazakhstan"@en', 'rdfs:label "Zhambyl"@en'),
                        encoding="utf-8")
    edited = cli("query", "members-on-date", "-f", "csv", cwd=sub)
    assert edited.returncode == 0, edited.stderr
    assert edited.stderr.endswith("is stale; rebuilding it\n")
    assert "/Kazakhstan,Zhambyl," in edited.stdout and ",Kazakhstan," not in edited.stdout
    # the previous store is kept for readers that still hold it; the link names the new one
    assert diskstore.linked_fingerprint(mini_home) == diskstore.fingerprint(mini_home)


def test_two_processes_read_one_store_at_once(mini_home: Path) -> None:
    built = cli("query", "members-on-date", "--home", str(mini_home), "-f", "csv", cwd=mini_home)
    assert built.returncode == 0, built.stderr
    command = [sys.executable, "-m", "multivector", "query", "members-on-date", "--home",
               str(mini_home), "-f", "csv"]
    children = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True) for _ in range(2)]
    outputs = [child.communicate(timeout=300) for child in children]
    assert [child.returncode for child in children] == [0, 0], outputs
    assert outputs[0] == outputs[1] == (built.stdout, "")


def test_build_writes_the_store_and_the_ontology_artefact(mini_home: Path, validator) -> None:
    result = invoke("build", "--home", str(mini_home))
    assert result.exit_code == 0, result.stderr
    assert diskstore.current(mini_home) is not None
    artefact = (mini_home / "dist" / "ontology" / "multivector.ttl").read_text(encoding="utf-8")
    assert "owl:Class" in artefact
    assert "id:Kazakhstan" not in artefact  # vocabulary only, no data
    kg = KnowledgeGraph.load(mini_home)
    assert kg.store.query("ASK { ?s ?p ?o }")  # opened read-only from dist/store
    assert len(kg) == len(kg.quads())


# ---------------------------------------------------------------------------- typed answers


@pytest.fixture(scope="module")
def shipped_kg() -> KnowledgeGraph:
    return KnowledgeGraph.load(REPO)


def test_to_df_has_typed_columns_in_variable_order(shipped_kg: KnowledgeGraph) -> None:
    import pandas as pd

    rows = shipped_kg.query("CQ2", state="KZ", date=dt.date(2017, 6, 22))
    frame = rows.to_df()
    assert list(frame.columns) == rows.columns == [
        "organization", "organizationLabel", "role", "roleLabel", "start", "end"]
    assert len(frame) == len(rows) > 3
    assert pd.api.types.is_datetime64_any_dtype(frame["start"])
    assert pd.api.types.is_datetime64_any_dtype(frame["end"])  # unbound: NaT
    assert frame["end"].isna().any()
    assert (frame["end"].dropna() > pd.Timestamp("2017-06-22")).all()
    for name in ("organization", "organizationLabel", "role", "roleLabel"):
        assert pd.api.types.is_string_dtype(frame[name]), name
    csto = frame[frame["organization"] == "https://w3id.org/multivector/id/CSTO"].iloc[0]
    assert csto["start"] == pd.Timestamp("2002-10-07")
    assert csto["organizationLabel"] == "Collective Security Treaty Organization"


def test_to_df_integers_and_decimals(shipped_kg: KnowledgeGraph) -> None:
    import pandas as pd

    text = """SELECT ?n ?x ?maybe WHERE {
      VALUES (?n ?x ?maybe) { (1 1.5 3) (2 2.25 UNDEF) }
    } ORDER BY ?n"""
    frame = shipped_kg.query(text).to_df()
    assert str(frame["n"].dtype) == "int64" and frame["n"].tolist() == [1, 2]
    assert str(frame["x"].dtype) == "float64" and frame["x"].tolist() == [1.5, 2.25]
    assert str(frame["maybe"].dtype) == "Int64"
    assert frame["maybe"].iloc[0] == 3 and frame["maybe"].iloc[1] is pd.NA


def test_to_df_without_pandas_says_how_to_install(
    shipped_kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas -> ImportError
    with pytest.raises(InputError) as caught:
        shipped_kg.query("CQ1").to_df()
    assert str(caught.value) == (
        "Rows.to_df() needs pandas: pip install 'multivector[pandas]' (or pip install pandas)")


def test_python_values_for_parameters(shipped_kg: KnowledgeGraph) -> None:
    as_text = shipped_kg.query("CQ1", date="2017-06-22")
    assert shipped_kg.query("CQ1", date=dt.date(2017, 6, 22)) == as_text
    assert shipped_kg.query("CQ1", date=dt.datetime(2017, 6, 22, 18, 30)) == as_text
    with pytest.raises(InputError) as caught:
        shipped_kg.query("CQ1", date=20170622)
    assert str(caught.value) == (
        "query CQ1: parameter date: expected a date (YYYY-MM-DD text, datetime.date or "
        "datetime.datetime), not int 20170622")
    with pytest.raises(InputError, match="parameter a: expected an IRI"):
        shipped_kg.query("CQ1", a=3.5)


# --------------------------------------------------------------------------------- piping


def test_query_and_export_write_to_standard_output() -> None:
    import pyoxigraph as ox

    csv = cli("query", "CQ1", "-f", "csv", cwd=REPO)
    assert csv.returncode == 0, csv.stderr
    assert csv.stdout.splitlines() == [
        "state,stateLabel",
        "https://w3id.org/multivector/id/Kazakhstan,Kazakhstan",
        "https://w3id.org/multivector/id/Kyrgyzstan,Kyrgyzstan",
    ]
    exported = subprocess.run(
        [sys.executable, "-m", "multivector", "export", "--format", "nq", "--out", "-"],
        cwd=REPO, capture_output=True, check=False, timeout=300,
    )
    assert exported.returncode == 0, exported.stderr
    quads = list(ox.parse(exported.stdout, format=ox.RdfFormat.N_QUADS))
    assert len(quads) == len(KnowledgeGraph.load(REPO))
    refused = invoke("export", "--out", "-")
    assert refused.exit_code == 2
    assert refused.stderr == "multivector: --out -: give one --format to write to standard output\n"


def test_query_shapes_are_cached_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from multivector import shapecache
    from multivector.queries import shape as queries

    monkeypatch.setenv(shapecache.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(shapecache, "_entries", None)
    text = "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s ORDER BY ?s"
    parsed = queries.query_shape(text)
    (cache,) = tmp_path.glob("query-shapes-*.json")
    assert cache.stat().st_size > 0

    def parser_not_called(*_args: object) -> None:
        raise AssertionError("the parser ran although the shape was cached")

    monkeypatch.setattr(shapecache, "_entries", None)  # a new process: read from the file
    monkeypatch.setattr(queries, "_parse_shape", parser_not_called)
    assert queries.query_shape(text) == parsed
    assert parsed.grouped and parsed.order_by == ("s",) and parsed.form == "SELECT"


def test_a_store_in_use_is_kept_by_later_builds(tmp_path: Path) -> None:
    """`serve` marks the store it opened; pruning after later builds keeps it while the
    process lives, and forgets the marks of dead processes."""
    stores = tmp_path / ".stores"
    for name in ("old", "served", "current", "orphan"):
        (stores / name).mkdir(parents=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    (stores / f".in-use-{dead.stdout.strip()}-orphan").write_text("")
    with diskstore.in_use(stores / "served"):
        diskstore._prune(stores, keep={"current"})
        assert sorted(p.name for p in stores.iterdir() if not p.name.startswith(".")) == [
            "current", "served"]
        assert [p.name for p in stores.glob(".in-use-*")] == [
            f".in-use-{os.getpid()}-served"]
    assert not list(stores.glob(".in-use-*"))  # the mark goes with the block
    diskstore._prune(stores, keep={"current"})
    assert sorted(p.name for p in stores.iterdir()) == ["current"]
