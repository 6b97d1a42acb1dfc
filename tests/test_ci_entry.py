"""``.ci/run``, the CI entry point: a missing article corpus is an error before any test runs
(exit 2, one line), not a warning that lets every quote check skip and CI pass."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_missing_corpus_fails_with_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "no-corpus"
    env = {**os.environ, "MULTIVECTOR_CORPUS": str(missing)}
    done = subprocess.run(
        ["bash", str(REPO / ".ci" / "run")], capture_output=True, text=True, env=env,
        timeout=60, check=False,
    )
    assert done.returncode == 2
    expected = f"ci: error: corpus folder not found: {missing} (set MULTIVECTOR_CORPUS)\n"
    assert done.stderr == expected
    assert done.stdout == ""
