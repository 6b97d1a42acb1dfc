"""Renderings of a validation outcome: text for analysts, JSON for scripts, Turtle for SHACL tools.

Kept apart from the validation gate so that it returns data and the presentation can change (or
be reused by ``build``) without touching it. Imports from :mod:`multivector.validation`; the
validation package never imports this module.
"""

from __future__ import annotations

import json

from multivector.canonical import canonical_turtle
from multivector.validation.outcome import ValidationOutcome
from multivector.validation.text import render_results, summary_line


def render_text(outcome: ValidationOutcome) -> str:
    """Results grouped by source file, then a summary line."""
    return render_results(outcome.results, outcome.conforms, outcome.counts)


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

__all__ = ["RENDERERS", "render_json", "render_text", "render_ttl", "summary_line"]
