"""Every ```sparql block of README.md and docs/*.md is valid SPARQL, and every ```turtle block
valid Turtle — with the project's prefixes predeclared, as ``multivector query`` does. A block that
is a complete query runs on the shipped graph and gives rows; one that is not must be a valid
group graph pattern (an idiom such as "valid on date D"). Blocks are collected from the files, so
a block added to any doc is checked without touching this test."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery

from multivector.api import KnowledgeGraph
from multivector.namespaces import PREFIXES
from multivector.queries.prefixes import with_prefixes

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
_FENCE = re.compile(r"^([ \t]*)```(\w+)[ \t]*\n(.*?)^[ \t]*```[ \t]*$", re.MULTILINE | re.DOTALL)


def blocks(language: str) -> list[tuple[str, str]]:
    """(``file:line``, text) of every fenced block of ``language``, indentation removed."""
    found = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for match in _FENCE.finditer(text):
            if match.group(2) == language:
                line = text.count("\n", 0, match.start()) + 1
                found.append((f"{path.relative_to(REPO)}:{line}",
                              textwrap.dedent(match.group(3))))
    return found


SPARQL = blocks("sparql")
TURTLE = blocks("turtle")


def is_complete(text: str) -> bool:
    try:
        prepareQuery(with_prefixes(text))
    except Exception:  # noqa: BLE001 - not a whole query: checked as a pattern below
        return False
    return True


def test_the_docs_have_sparql_and_turtle_blocks() -> None:
    assert len(SPARQL) >= 4 and len(TURTLE) >= 3
    assert any(is_complete(text) for _, text in SPARQL)


@pytest.mark.parametrize(("where", "text"), SPARQL, ids=[w for w, _ in SPARQL])
def test_sparql_block_is_a_query_or_a_group_pattern(where: str, text: str) -> None:
    if is_complete(text):
        return
    try:
        prepareQuery(with_prefixes(f"SELECT * WHERE {{\n{text}\n}}"))
    except Exception as exc:  # noqa: BLE001 - the message is the point
        pytest.fail(f"{where}: neither a query nor a group graph pattern: {exc}")


@pytest.mark.parametrize(("where", "text"), [b for b in SPARQL if is_complete(b[1])],
                         ids=[w for w, t in SPARQL if is_complete(t)])
def test_complete_sparql_block_runs_on_the_graph(kg: KnowledgeGraph, where: str,
                                                 text: str) -> None:
    rows = kg.query(text)
    assert len(rows) > 0, f"{where}: the example gives no rows"


@pytest.mark.parametrize(("where", "text"), TURTLE, ids=[w for w, _ in TURTLE])
def test_turtle_block_parses(where: str, text: str) -> None:
    declarations = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
    try:
        Graph().parse(data=declarations + text, format="turtle")
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"{where}: not valid Turtle: {' '.join(str(exc).split())[:300]}")
