"""The ``panels`` benchmark step: ``multivector panel KIND`` as whole processes, as users run it.

Why this module exists: the tables for political scientists have targets of their own (issue 19):
each table on the shipped graph in at most 1 s end to end, and ``country-year`` at 1 M triples
in at most 10 s. Both are measured here like the CLI step (``benchmarks.cli``): the console
script, wall median of ``--repeat`` runs after a warm-up run, and the child's CPU time (user +
system), which a busy shared machine inflates less; beside them ``multivector query CQ1`` in the
same conditions (the floor of any command: interpreter, imports, opening the store).

* on the shipped graph (this repository, ``dist/store``): ``country-year``, ``dyad-year``,
  ``events`` and ``balance Kazakhstan``, each written as CSV to a temporary file;
* at each generated size, ``country-year`` in the workspace of the generated graph
  (``benchmarks.cli.workspace_from``; its store is built by the warm-up run when the CLI step
  has not built it already, reported as ``first_s``).

The children run with Python's bytecode cache on (``PYTHONDONTWRITEBYTECODE`` removed from
their environment), as in any installation: without it every run compiles the package's
modules again (about 0.2 s of CPU here).
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.cli import REPO, script, wall, workspace_from

#: The tables on the shipped graph: name -> the arguments after ``multivector panel``.
SHIPPED = {
    "country-year": ["country-year"],
    "dyad-year": ["dyad-year"],
    "events": ["events"],
    "balance": ["balance", "Kazakhstan"],
}
TARGET_SHIPPED_S = 1.0
TARGET_1M_S = 10.0
ENV_DROP = ("MULTIVECTOR_HOME", "PYTHONDONTWRITEBYTECODE")


def environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ENV_DROP}


def panel(arguments: list[str], cwd: Path, repeat: int) -> dict[str, Any]:
    """``multivector panel ARGS --out TMP.csv``: timings, and the rows of the table written."""
    with tempfile.TemporaryDirectory(prefix="mv-bench-panel-") as tmp:
        out = Path(tmp) / "table.csv"
        result = wall([*script(), "panel", *arguments, "--out", str(out)], cwd, repeat,
                      env=environment())
        if result.get("status") == "ok":
            with out.open(encoding="utf-8", newline="") as handle:
                result["rows"] = sum(1 for _ in csv.reader(handle)) - 1
            result["bytes"] = out.stat().st_size
    return result


def shipped(repeat: int) -> dict[str, Any]:
    """The four tables on the shipped graph, and ``multivector query CQ1`` beside them."""
    out: dict[str, Any] = {
        "query_cq1": wall([*script(), "query", "CQ1"], REPO, repeat, env=environment()),
    }
    for name, arguments in SHIPPED.items():
        out[name] = panel(arguments, REPO, repeat)
    return out


def at_size(folder: Path, repeat: int) -> dict[str, Any]:
    """``country-year`` (every state, organization and year) in a workspace of the generated
    graph in ``folder``."""
    ws = workspace_from(folder / "graph.nq", folder)
    return {"country-year": panel(["country-year"], ws, repeat)}


def summary(entry: dict[str, Any]) -> str:
    return "; ".join(
        f"{name}: {value['median_s']:.3f} s (CPU {value['cpu_s']:.3f} s"
        + (f", {value['rows']} rows)" if "rows" in value else ")")
        if value.get("status") == "ok" else f"{name}: {value.get('status')} "
        f"({value.get('error', '')})"
        for name, value in entry.items()
    )


__all__ = ["SHIPPED", "TARGET_1M_S", "TARGET_SHIPPED_S", "at_size", "shipped", "summary"]
