"""The README's "Python API" examples are real: every python code block in it runs, and what
each ``print(…)`` writes is what the README shows for it.

The README's convention: a comment on a ``print(…)`` line is that call's output; a print line
without one has its output in the comment lines right below it (several lines: a loop, a table).
The expected text is read from README.md itself, so when the data or the API drifts from the
README, this test fails.
"""

from __future__ import annotations

import io
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

import pytest

from multivector.api import KnowledgeGraph

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"


def python_blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


@dataclass(frozen=True)
class PrintLine:
    line: int  # 1-based, within the block
    expected: list[str]


def _comment_text(comment: str) -> str:
    return comment[1:].removeprefix(" ").rstrip()


def print_lines(code: str) -> list[PrintLine]:
    """Every ``print(…)`` line of a block with the output the README shows for it."""
    trailing: dict[int, str] = {}
    full_line: dict[int, str] = {}
    lines = code.splitlines()
    for token in tokenize.generate_tokens(io.StringIO(code).readline):
        if token.type == tokenize.COMMENT:
            row = token.start[0]
            text = _comment_text(token.string)
            if lines[row - 1][: token.start[1]].strip():
                trailing[row] = text
            else:
                full_line[row] = text
    found = []
    for row, line in enumerate(lines, start=1):
        if not line.strip().startswith("print("):
            continue
        if row in trailing:
            expected = [trailing[row]]
        else:
            expected = []
            below = row + 1
            while below in full_line:
                expected.append(full_line[below])
                below += 1
        assert expected, f"README block line {row}: {line.strip()!r} shows no output"
        found.append(PrintLine(row, expected))
    return found


def run_block(code: str, index: int) -> dict[int, list[str]]:
    """Run one block; what each of its lines printed (line number -> output lines)."""
    filename = f"README.md python block {index + 1}"
    printed: dict[int, list[str]] = {}

    def recording_print(*args: object, sep: str | None = " ", end: str | None = "\n",
                        **_kwargs: object) -> None:
        frame = sys._getframe(1)
        assert frame.f_code.co_filename == filename, "print() called outside the example"
        buffer = io.StringIO()
        print(*args, sep=sep, end=end, file=buffer)
        printed.setdefault(frame.f_lineno, []).extend(
            line.rstrip() for line in buffer.getvalue().splitlines()
        )

    exec(compile(code, filename, "exec"), {"print": recording_print})  # noqa: S102
    return printed


def test_the_readme_has_python_examples() -> None:
    blocks = python_blocks()
    assert len(blocks) >= 3
    assert any('kg.query("CQ1", a="CSTO", b="TurkicCouncil", date="2017-06-22")' in b
               for b in blocks)
    assert sum(len(print_lines(b)) for b in blocks) >= 7


def test_print_lines_are_read_from_comments() -> None:
    code = ('x = "# not a comment"\n'
            'print(x)          # # not a comment\n'
            'for i in (1, 2):  # a loop\n'
            '    print(i)\n'
            '# 1\n'
            '# 2\n')
    assert print_lines(code) == [PrintLine(2, ["# not a comment"]), PrintLine(4, ["1", "2"])]
    assert run_block(code, 0) == {2: ["# not a comment"], 4: ["1", "2"]}


@pytest.mark.parametrize("index", range(len(python_blocks())))
def test_readme_python_block_prints_what_the_readme_shows(
    index: int, kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every block calls KnowledgeGraph.load(): hand it the session's graph instead of rebuilding
    monkeypatch.setattr(KnowledgeGraph, "load", classmethod(lambda cls, *a, **k: kg))
    code = python_blocks()[index]
    shown = {p.line: p.expected for p in print_lines(code)}
    assert shown, "the block prints nothing the README shows"
    assert run_block(code, index) == shown


def test_query_rows_are_typed(kg: KnowledgeGraph) -> None:
    import datetime as dt

    from rdflib import Literal, URIRef

    rows = kg.query("CQ2", state="Astana", date="2017-06-22")
    csto = next(r for r in rows if str(r.organization).endswith("/CSTO"))
    assert isinstance(csto.organization, URIRef)
    assert csto.start == Literal("2002-10-07", datatype=csto.start.datatype)
    assert csto.end is None
    values = dict(zip(rows.columns, rows.values()[rows.index(csto)], strict=True))
    assert values["start"] == dt.date(2002, 10, 7)
    assert rows.columns == ["organization", "organizationLabel", "role", "roleLabel", "start",
                            "end"]
