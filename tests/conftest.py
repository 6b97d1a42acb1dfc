"""Shared fixtures: the real repository, a throw-away copy of the miniature project, helpers."""

from __future__ import annotations

import shutil
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

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


def shipped_graph_files() -> bool:
    return (REPO / "ontology" / "multivector.ttl").is_file()


requires_shipped = pytest.mark.skipif(
    not shipped_graph_files(), reason="ontology/multivector.ttl not written yet"
)


@pytest.fixture(scope="session")
def shipped():
    """The shipped project loaded once per session (skipped until the ontology exists)."""
    if not shipped_graph_files():
        pytest.skip("ontology/multivector.ttl not written yet")
    from multivector.loading import load

    return load(REPO)


@dataclass
class FakeOutcome:
    """Stands for multivector.validation.ValidationOutcome (same attributes)."""

    conforms: bool
    report_graph: Graph = field(default_factory=Graph)
    text: str = ""
    counts: dict[str, int] = field(default_factory=dict)


@pytest.fixture
def validator(monkeypatch: pytest.MonkeyPatch):
    """Install a stand-in ``multivector.validation`` whose verdict the test chooses."""
    state = {"conforms": True, "calls": []}

    def validate(dataset: Dataset, *, shapes: Path | None = None, **_options) -> FakeOutcome:
        state["calls"].append(len(dataset))
        if state["conforms"]:
            return FakeOutcome(True, counts={"Violation": 0})
        return FakeOutcome(False, text="Constraint Violation in MinCountConstraintComponent",
                           counts={"Violation": 1})

    module = types.ModuleType("multivector.validation")
    module.validate = validate  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "multivector.validation", module)
    return state
