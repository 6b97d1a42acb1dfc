"""The README's "Python API" examples are real: every python code block in it runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from multivector.api import KnowledgeGraph

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"


def python_blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_the_readme_has_python_examples() -> None:
    blocks = python_blocks()
    assert len(blocks) >= 3
    assert any('kg.query("CQ1", a="CSTO", b="TurkicCouncil", date="2017-06-22")' in b
               for b in blocks)


@pytest.fixture(scope="module")
def loaded() -> KnowledgeGraph:
    return KnowledgeGraph.load(REPO)


@pytest.mark.parametrize("index", range(len(python_blocks())))
def test_readme_python_block_runs(index: int, loaded: KnowledgeGraph,
                                  monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    # load once for all blocks (each block calls KnowledgeGraph.load())
    monkeypatch.setattr(KnowledgeGraph, "load", classmethod(lambda cls, *a, **k: loaded))
    code = python_blocks()[index]
    exec(compile(code, f"README.md python block {index + 1}", "exec"), {})  # noqa: S102
    printed = capsys.readouterr().out
    assert printed.strip()


def test_query_rows_are_typed(loaded: KnowledgeGraph) -> None:
    import datetime as dt

    from rdflib import Literal, URIRef

    rows = loaded.query("CQ2", state="Astana", date="2017-06-22")
    csto = next(r for r in rows if str(r.organization).endswith("/CSTO"))
    assert isinstance(csto.organization, URIRef)
    assert csto.start == Literal("2002-10-07", datatype=csto.start.datatype)
    assert csto.end is None
    values = dict(zip(rows.columns, rows.values()[rows.index(csto)], strict=True))
    assert values["start"] == dt.date(2002, 10, 7)
    assert rows.columns == ["organization", "organizationLabel", "role", "roleLabel", "start",
                            "end"]
