"""The text report of a validation outcome: results grouped by source file, then a verdict.

Lives in the validation package (the gate writes ``outcome.text`` with it); the other renderings
(JSON, Turtle) are in :mod:`multivector.report`, which imports from here — never the reverse.
"""

from __future__ import annotations

from itertools import groupby

from multivector.validation.outcome import SEVERITIES, Result
from multivector.validation.terms import render_term


def summary_line(counts: dict[str, int]) -> str:
    """``2 violations, 1 warning, 0 infos``."""
    parts = []
    for severity in SEVERITIES:
        n = counts.get(severity, 0)
        parts.append(f"{n} {severity.lower()}{'' if n == 1 else 's'}")
    return ", ".join(parts)


def render_results(results: list[Result], conforms: bool, counts: dict[str, int]) -> str:
    lines: list[str] = []
    for source, group in groupby(results, key=lambda r: r.source):
        lines.append(f"== {source}")
        for result in group:
            focus = render_term(result.focus)
            label = f'"{result.focus_label}" ' if result.focus_label else ""
            lines.append(f"  {result.severity.upper()}: {label}{focus}")
            if result.path:
                lines.append(f"    path:       {result.path}")
            if result.value is not None:
                lines.append(f"    value:      {render_term(result.value)}")
            lines.append(f"    constraint: {result.component} ({result.shape})")
            lines.append(f"    message:    {result.message}")
        lines.append("")
    verdict = "conforms" if conforms else "does NOT conform"
    lines.append(f"Validation: {verdict} — {summary_line(counts)}")
    return "\n".join(lines) + "\n"
