"""Quality-control queries: ``queries/qc/*-violation.rq`` must return no rows.

SHACL checks one focus node at a time; some defects are only visible across nodes — two entities
with the same English label (a second "Kazakhstan" minted by a source), one Wikidata item linked
from two entities, a shared statement node labelled differently by two sources, a data IRI used
but described nowhere. These are plain SELECT queries (the ODK habit of `*-violation.sparql`,
run by `robot verify`): every row they return is a defect, and the build fails on any.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from multivector import paths, querystore
from multivector.errors import InputError


@dataclass(frozen=True)
class QCResult:
    """The rows one QC query returned (each row a defect)."""

    path: Path
    columns: list[str]
    rows: list[list[str]]

    @property
    def name(self) -> str:
        return self.path.stem.removesuffix("-violation")

    @property
    def passed(self) -> bool:
        return not self.rows

    @property
    def description(self) -> str:
        """The query's ``# QC: …`` header comment (its first line), else its name."""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return self.name
        for line in lines:
            if line.startswith("# QC:"):
                return line.removeprefix("# QC:").strip().rstrip(" —-")
        return self.name


def qc_files(home: Path | None = None) -> list[Path]:
    """The QC queries of a project, in name order."""
    return sorted((paths.queries_dir(home) / "qc").glob("*-violation.rq"))


def run_qc(store: ox.Store, home: Path | None = None) -> list[QCResult]:
    """Run every QC query over the union of the store's graphs."""
    results = []
    for path in qc_files(home):
        try:
            solutions = querystore.query(store, path.read_text(encoding="utf-8"))
        except (SyntaxError, OSError) as exc:
            raise InputError(f"QC query cannot run: {exc}", path) from None
        if not isinstance(solutions, ox.QuerySolutions):
            raise InputError("a QC query must be a SELECT", path)
        columns = [v.value for v in solutions.variables]
        rows = [
            ["" if s[c] is None else getattr(s[c], "value", str(s[c])) for c in columns]
            for s in solutions
        ]
        results.append(QCResult(path, columns, rows))
    return results


def render(results: list[QCResult]) -> str:
    """A report a person can act on: one block per failing query, its rows, a summary line."""
    lines: list[str] = []
    failed = [r for r in results if not r.passed]
    for result in failed:
        lines.append(f"QC {result.name} ({result.path.name}): {len(result.rows)} row(s)")
        lines.extend("  " + " | ".join(row) for row in result.rows)
    lines.append(f"QC: {len(results) - len(failed)} of {len(results)} checks passed")
    return "\n".join(lines)
