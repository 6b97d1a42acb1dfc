"""``multivector serve`` answers from the persistent store (``multivector.endpoint.served``).

In a temporary workspace holding the shipped sources: the first ``serve`` builds ``dist/store``
(one line on stderr), its engine opens that folder read-only (no temporary store is made), and
CQ1 over HTTP gives Kazakhstan and Kyrgyzstan. A second ``serve`` and a ``multivector query`` read
the same store at the same time. ``--include-drafts`` and ``--writable`` say in one line that they
load N-Quads into a temporary store, and remove it at exit.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from benchmarks.server_load import cq1_text

from multivector import diskstore
from tests import serving

pytestmark = pytest.mark.slow  # a build of the shipped graph


def cq1_rows(base: str) -> list[str]:
    response = httpx.post(f"{base}/query", data={"query": cq1_text()},
                          headers={"Accept": "text/csv"}, timeout=60)
    assert response.status_code == 200, response.text
    return response.text.splitlines()


EXPECTED = [
    "state,stateLabel",
    "https://w3id.org/multivector/id/Kazakhstan,Kazakhstan",
    "https://w3id.org/multivector/id/Kyrgyzstan,Kyrgyzstan",
]


def test_serve_answers_from_the_store_and_two_servers_and_a_query_read_it_at_once(
    tmp_path: Path,
) -> None:
    home = serving.copy_workspace(tmp_path / "ws").resolve()
    temp = tmp_path / "tmpdir"
    temp.mkdir()
    env = {"TMPDIR": str(temp)}
    first = serving.start(cwd=home / "data", logs=tmp_path / "logs", env=env)
    second = None
    try:
        link = home / "dist" / "store"
        folder = home / "dist" / ".stores" / diskstore.fingerprint(home)
        assert first.stderr().splitlines() == [
            f"multivector: the store {link} is missing; rebuilding it",
            f"multivector serve: serving the store {link} -> {folder.name} (read-only)",
        ]
        command = serving.engine_command(first)
        assert command[1] == "serve-read-only"
        assert command[command.index("--location") + 1] == str(folder)
        # the store holds the set-union default graph itself
        assert "--union-default-graph" not in command
        assert cq1_rows(first.base) == EXPECTED

        second = serving.start(cwd=home, logs=tmp_path / "logs", env=env)
        assert second.stderr().splitlines() == [
            f"multivector serve: serving the store {link} -> {folder.name} (read-only)",
        ]
        reader = subprocess.Popen(
            [sys.executable, "-m", "multivector", "query", "CQ1", "-f", "csv"],
            cwd=home, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        assert cq1_rows(second.base) == cq1_rows(first.base) == EXPECTED
        out, err = reader.communicate(timeout=300)
        assert reader.returncode == 0 and err == "", err
        assert [line.split(",")[:2] for line in out.splitlines()] == [
            line.split(",") for line in EXPECTED
        ]
    finally:
        codes = [serving.stop(serve) for serve in (first, second) if serve is not None]
    assert codes == [0, 0]
    # nothing was made in the temporary folder: no store loaded, no N-Quads staged
    assert sorted(p.name for p in temp.iterdir()) == []


def test_include_drafts_and_writable_say_they_use_a_temporary_store(
    mini_home: Path, tmp_path: Path
) -> None:
    temp = tmp_path / "tmpdir"
    temp.mkdir()
    drafts = mini_home / "dist" / "multivector-with-drafts.nq"
    for args, nquads in ((["--include-drafts"], drafts),
                         (["--writable"], mini_home / "dist" / "multivector.nq")):
        serve = serving.start("--home", str(mini_home), *args, cwd=tmp_path,
                              logs=tmp_path / "logs", env={"TMPDIR": str(temp)})
        try:
            lines = serve.stderr().splitlines()
            assert lines[-1] == (f"multivector serve: serving {nquads} loaded into a temporary "
                                 "store (removed at exit)"), lines
            assert "--union-default-graph" in serving.engine_command(serve)
            answer = httpx.get(f"{serve.base}/query", timeout=60,
                               params={"query": "ASK { ?s a ?type }"},
                               headers={"Accept": "application/sparql-results+json"})
            assert answer.status_code == 200 and answer.json()["boolean"] is True
        finally:
            assert serving.stop(serve) == 0
        assert sorted(p.name for p in temp.iterdir()) == []
