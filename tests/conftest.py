"""Shared fixtures: the real repository, a throw-away copy of the miniature project, the shipped
project loaded (``shipped``) and built (``kg``) once per session, helpers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from multivector.validation import ReasonedGraph, ValidationOutcome

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "core"
MINI_HOME = FIXTURES / "home"


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def mini_home(tmp_path: Path) -> Path:
    """A writable copy of the miniature project, with the real reasoning rules."""
    home = tmp_path / "home"
    shutil.copytree(MINI_HOME, home)
    shutil.copytree(REPO / "reasoning", home / "reasoning")
    return home


@pytest.fixture(scope="session")
def shipped():
    """The shipped project's files loaded once per session (asserted graphs, no inferences)."""
    from multivector.loading import load

    return load(REPO)


@pytest.fixture(scope="session")
def kg():
    """The shipped project built once per session — loaded, reasoned (``id:graph/inferred``),
    drafts dropped — as the API's ``KnowledgeGraph``; ``kg.store`` is the pyoxigraph store,
    ``kg.dataset`` the rdflib Dataset. Shared by every test that only reads the built graph:
    never modify it (copy the store first, as ``tests/test_qc.py`` does)."""
    from multivector.api import KnowledgeGraph

    return KnowledgeGraph.load(REPO)


class FakeValidator:
    """A validator for ``build(..., validator=...)`` whose verdict the test chooses; it records
    the size (asserted + inferred quads) of every graph it was given."""

    def __init__(self) -> None:
        self.conforms = True
        self.calls: list[int] = []

    def __call__(self, graph: ReasonedGraph) -> ValidationOutcome:
        self.calls.append(len(graph.loaded.quads) + len(graph.inferred))
        if self.conforms:
            return ValidationOutcome(True, Graph(), "", {"Violation": 0})
        return ValidationOutcome(False, Graph(), "Constraint Violation in MinCount",
                                 {"Violation": 1})


@pytest.fixture
def validator() -> FakeValidator:
    """A stand-in validator to inject into ``build``."""
    return FakeValidator()


def published_outputs(folder: Path) -> dict[str, bytes]:
    """The files a published folder (``dist/``) shows under their stable names, by name.

    Asserts the publishing invariant on the way: every stable name is a link through
    ``current``, so all of them come from one release.
    """
    import os

    found: dict[str, bytes] = {}
    if not folder.exists():
        return found
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name in ("releases", "current"):
            continue
        if path.is_file():
            assert os.readlink(path) == f"current/{path.name}", path
            found[path.name] = path.read_bytes()
    return found


# --- keeping `make test-fast` fast -------------------------------------------------------------
# A test that is not marked slow but takes long (setup + call) is listed at the end of the run,
# so the edit-test loop stays short without a timed test (timings move with the machine's load,
# so this is a hint, never a failure).
SLOW_HINT_SECONDS = 3.0
_unmarked_durations: dict[str, float] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if "slow" not in report.keywords and report.when in ("setup", "call"):
        _unmarked_durations[report.nodeid] = (
            _unmarked_durations.get(report.nodeid, 0.0) + report.duration
        )


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    slow = sorted(
        ((seconds, node) for node, seconds in _unmarked_durations.items()
         if seconds > SLOW_HINT_SECONDS),
        reverse=True,
    )
    if slow:
        terminalreporter.section("tests not marked slow that took over "
                                 f"{SLOW_HINT_SECONDS:.0f} s (mark them @pytest.mark.slow?)")
        for seconds, node in slow:
            terminalreporter.write_line(f"{seconds:6.1f} s  {node}")
