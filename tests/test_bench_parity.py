"""The compiled engine (``oxigraph``, the default) and pyshacl-turbo against pySHACL (the
reference): identical results.

Why this test exists: the default engine was chosen because it is faster *and* gives the same
answers. Every shape case under ``tests/fixtures/shapes/`` and the shipped graph are validated with
the three engines and the results compared as sets of (severity, focus node, source shape,
component, path, value), and their counts. If this ever fails, set ``DEFAULT_SHACL_ENGINE`` in
``multivector.validation.shacl`` to an engine that agrees and document the difference in
``docs/benchmarks.md``. Hand-made shapes for every component the compiler translates:
``tests/test_shacl_sparql.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from multivector.loading import LoadedGraph
from multivector.namespaces import GRAPH_ONTOLOGY
from multivector.validation import (
    DEFAULT_SHACL_ENGINE,
    SHACL_ENGINES,
    ValidationOptions,
    check_shacl_engine,
    render_term,
    validate_graph,
)

from .shape_cases import case_dataset, case_files, case_id, read_case

# The benchmark family (with tests/test_bench_smoke.py): `make test` runs it, `make test-fast`
# leaves it out — every shape case and the shipped graph through pySHACL, the slow reference.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
ALL_FIXTURES = case_files()


def result_set(outcome) -> set[tuple[str, str, str, str, str, str]]:
    return {
        (
            r.severity,
            render_term(r.focus),
            r.shape,
            r.component,
            r.path,
            "" if r.value is None else render_term(r.value),
        )
        for r in outcome.results
    }


def _options(engine: str, **options: object) -> ValidationOptions:
    return ValidationOptions(shacl_engine=engine, **options)  # type: ignore[arg-type]


def test_engines_are_known() -> None:
    assert SHACL_ENGINES == ("pyshacl", "turbo", "oxigraph")
    assert DEFAULT_SHACL_ENGINE in SHACL_ENGINES
    assert len(ALL_FIXTURES) >= 60


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=case_id)
def test_fixture_parity(path: Path) -> None:
    case = read_case(path)
    loaded = LoadedGraph(case_dataset(case), graph_files={GRAPH_ONTOLOGY: [path]})
    reference = validate_graph(loaded, _options("pyshacl", shapes=(case.shapes,), qc=False))
    for engine in ("turbo", "oxigraph"):
        fast = validate_graph(loaded, _options(engine, shapes=(case.shapes,), qc=False))
        assert result_set(fast) == result_set(reference), engine
        assert fast.counts == reference.counts, engine
        assert fast.conforms == reference.conforms, engine
    if path.stem.startswith("invalid-"):
        assert reference.results, "an invalid fixture must fire something"


def test_shipped_graph_parity(shipped) -> None:
    reference = validate_graph(shipped, _options("pyshacl", home=ROOT))
    for engine in ("turbo", "oxigraph"):
        fast = validate_graph(shipped, _options(engine, home=ROOT))
        assert result_set(fast) == result_set(reference), engine
        assert fast.counts == reference.counts, engine
        assert fast.conforms and reference.conforms, engine


def test_unknown_engine_is_a_one_line_error() -> None:
    from multivector.errors import InputError

    with pytest.raises(InputError) as info:
        check_shacl_engine("jena")
    assert "--shacl-engine" in str(info.value) and "\n" not in str(info.value)
