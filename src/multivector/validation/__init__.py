"""Validation: one gate (SHACL shapes + QC queries) that every command and the API go through.

Modules, one concern each:

* :mod:`~multivector.validation.gate` — :func:`validate_graph` and its :class:`ValidationOptions`;
  :func:`validate_project`, :func:`validate_files` (the ``multivector validate`` modes)
* :mod:`~multivector.validation.shapes` — the contract and developer shapes, SHACL-SHACL
* :mod:`~multivector.validation.shacl` — the two SHACL engines, the prepared-query graph
* :mod:`~multivector.validation.reading` — report graph and QC rows → :class:`Result`
* :mod:`~multivector.validation.sourcemap` — which file a focus node comes from
* :mod:`~multivector.validation.outcome`, :mod:`~multivector.validation.terms`,
  :mod:`~multivector.validation.text` — the result types and their text form

``multivector.report`` renders an outcome as text, JSON or Turtle.
"""

from __future__ import annotations

from multivector.validation.gate import (
    REASONING,
    GraphInput,
    ReasonedGraph,
    ValidationOptions,
    files_for,
    validate_files,
    validate_graph,
    validate_project,
)
from multivector.validation.outcome import SEVERITIES, Result, ValidationOutcome
from multivector.validation.shacl import (
    DEFAULT_SHACL_ENGINE,
    SHACL_ENGINES,
    PreparedQueryGraph,
    check_shacl_engine,
    run_shacl,
)
from multivector.validation.shapes import check_shapes_wellformed, load_shapes
from multivector.validation.sourcemap import SourceMap
from multivector.validation.terms import label_of, render_path, render_term, shape_curie

__all__ = [
    "DEFAULT_SHACL_ENGINE", "REASONING", "SEVERITIES", "SHACL_ENGINES", "GraphInput",
    "PreparedQueryGraph", "ReasonedGraph", "Result", "SourceMap", "ValidationOptions",
    "ValidationOutcome", "check_shacl_engine", "check_shapes_wellformed", "files_for",
    "label_of", "load_shapes", "render_path", "render_term", "run_shacl", "shape_curie",
    "validate_files", "validate_graph", "validate_project",
]
