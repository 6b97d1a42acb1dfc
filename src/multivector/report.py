"""Renderings of a validation outcome: text for analysts, JSON for scripts, Turtle for SHACL tools.

Kept apart from :mod:`multivector.validation` so that the validator returns data and the
presentation can change (or be reused by ``build``) without touching it.
"""

from __future__ import annotations

import json
from itertools import groupby
from typing import TYPE_CHECKING

from multivector.canonical import canonical_turtle

if TYPE_CHECKING:
    from multivector.validation import ValidationOutcome


def summary_line(counts: dict[str, int]) -> str:
    """``2 violations, 1 warning, 0 infos``."""
    parts = []
    for severity in ("Violation", "Warning", "Info"):
        n = counts.get(severity, 0)
        parts.append(f"{n} {severity.lower()}{'' if n == 1 else 's'}")
    return ", ".join(parts)


def render_text(outcome: ValidationOutcome) -> str:
    """Results grouped by source file, then a summary line."""
    from multivector.validation import render_term

    lines: list[str] = []
    for source, group in groupby(outcome.results, key=lambda r: r.source):
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
    verdict = "conforms" if outcome.conforms else "does NOT conform"
    lines.append(f"Validation: {verdict} — {summary_line(outcome.counts)}")
    return "\n".join(lines) + "\n"


def render_json(outcome: ValidationOutcome) -> str:
    """A machine-readable report (stable key order, results in report order)."""
    payload = {
        "conforms": outcome.conforms,
        "counts": outcome.counts,
        "results": [result.as_dict() for result in outcome.results],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def render_ttl(outcome: ValidationOutcome) -> str:
    """The standard SHACL validation report graph, as canonical Turtle."""
    return canonical_turtle(outcome.report_graph)


RENDERERS = {"text": render_text, "json": render_json, "ttl": render_ttl}
