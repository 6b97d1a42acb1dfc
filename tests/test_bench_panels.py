"""The ``panels`` benchmark step (``benchmarks.panels``) runs the real command and reports it.

Why this test exists: the figures in docs/benchmarks.md must come from ``multivector panel`` runs
that succeeded and wrote the table they claim; this runs the step's measuring function on two
tables of the shipped graph (one timed run each; no timing assertions) and renders the report.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import panels
from benchmarks.report import _panels_table

from multivector.api import KnowledgeGraph
from multivector.panels import build_table

pytestmark = pytest.mark.slow  # whole CLI processes: `make test`, not test-fast

REPO = Path(__file__).resolve().parents[1]


def test_panel_processes_are_measured_and_reported() -> None:
    events = panels.panel(["events"], REPO, 1)
    balance = panels.panel(["balance", "Kazakhstan"], REPO, 1)
    for entry in (events, balance):
        assert entry["status"] == "ok", entry
        assert entry["median_s"] > 0 and entry["cpu_s"] > 0 and entry["bytes"] > 0
    kg = KnowledgeGraph.load(REPO)
    assert events["rows"] == len(build_table(kg, "events")) > 0
    assert balance["rows"] == len(build_table(kg, "balance", states=["Kazakhstan"])) > 0
    bad = panels.panel(["balance", "Kazakstann"], REPO, 1)
    assert bad["status"] == "error" and "Kazakstann" in bad["error"]
    results = {"repeat": 1, "panels": {"events": events, "balance": balance},
               "sizes": [{"label": "1M", "triples": 1_001_696,
                          "panels": {"country-year": events}}]}
    lines = _panels_table(results)
    assert lines[0].startswith("**Panels**")
    assert any(line.startswith("| shipped graph | `balance` |")
               and line.endswith(f"| {balance['rows']} | ≤ 1 s |") for line in lines)
    assert any(line.startswith("| 1M (1,001,696 triples) | `country-year`")
               and line.endswith("| ≤ 10 s |") for line in lines)
