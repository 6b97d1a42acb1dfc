"""The site and the pictures keep their shape: small modules and functions, no SPARQL in Python,
``draw`` independent of ``site``, and their internal queries out of the public catalogue."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multivector import internal_queries
from multivector.cli import app
from multivector.errors import InputError
from multivector.queries import catalogue, internal_query

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "multivector"
CHECKED = sorted(
    [*(PACKAGE / "site").glob("*.py"), *(PACKAGE / "draw").glob("*.py"),
     PACKAGE / "internal_queries.py"]
)
SPARQL_WORDS = ("SELECT ", "CONSTRUCT ", "ASK ", "PREFIX ", "WHERE {")


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_modules_under_500_lines_functions_under_80() -> None:
    too_long = []
    for path in CHECKED:
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > 500:
            too_long.append(f"{path.name}: {lines} lines")
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1  # type: ignore[operator]
                if length > 80:
                    too_long.append(f"{path.name}:{node.lineno} {node.name}: {length} lines")
    assert len(CHECKED) >= 12
    assert too_long == []


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def test_no_sparql_text_in_site_or_draw() -> None:
    found = []
    for path in CHECKED:
        tree = _tree(path)
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if id(node) in docstrings:
                continue
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if any(word in node.value for word in SPARQL_WORDS):
                    found.append(f"{path.name}:{node.lineno}")
    assert found == []


def test_draw_does_not_import_site() -> None:
    imports = []
    for path in sorted((PACKAGE / "draw").glob("*.py")):
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.ImportFrom) and node.module:
                imports.append(node.module)
            elif isinstance(node, ast.Import):
                imports.extend(alias.name for alias in node.names)
    assert "multivector.internal_queries" in imports
    assert [m for m in imports if m.startswith("multivector.site")] == []


def test_internal_queries_parse_and_every_file_is_used() -> None:
    used: set[str] = set()
    for path in CHECKED:
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                folder, _, name = node.value.partition("/")
                if folder in internal_queries.FOLDERS and name and "." not in name:
                    used.add(node.value)
    on_disk = {
        f"{folder}/{p.stem}"
        for folder in internal_queries.FOLDERS
        for p in (REPO / "queries" / "internal" / folder).glob("*.rq")
    }
    assert len(on_disk) == 24
    assert used == on_disk
    for name in sorted(on_disk):
        query = internal_query(name)  # parsed, parameters checked
        assert query.name == name.split("/")[1]  # '# name:' is the file's stem


def test_internal_queries_are_not_listed_among_competency_questions() -> None:
    names = catalogue(REPO / "queries")
    assert {q.path.parent.name for q in names.values()} == {"cq"}
    assert sorted(names) == sorted(f"CQ{i}" for i in range(1, 17))
    listed = CliRunner().invoke(app, ["query", "--list", "--home", str(REPO)])
    assert listed.exit_code == 0, listed.output
    first_column = [line.split("\t")[0] for line in listed.output.splitlines()]
    assert first_column == [f"CQ{i}" for i in range(1, 17)]


def test_valid_on_date_binds_the_date_as_a_parameter() -> None:
    """The date reaches the query as a typed term through the catalogue's VALUES binding."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, XSD

    from multivector.draw import memberships_on
    from multivector.namespaces import ID, MV, MVV, ORG
    from multivector.querystore import new_store
    from multivector.terms import quads_to_ox

    graph = ID["graph/test"]
    day = lambda text: Literal(text, datatype=XSD.date)  # noqa: E731
    quads = [
        (ID.m1, RDF.type, MV.Membership, graph),
        (ID.m1, ORG.member, ID.A, graph),
        (ID.m1, ORG.organization, ID.O, graph),
        (ID.m1, ORG.role, MVV.Member, graph),
        (ID.m1, MV.startDate, day("2000-01-01"), graph),
        (ID.m1, MV.endDate, day("2010-01-01"), graph),
    ]
    store = new_store(quads_to_ox(quads))
    assert [e.member for e in memberships_on(store, dt.date(2009, 12, 31))] == [URIRef(ID.A)]
    assert memberships_on(store, dt.date(2010, 1, 1)) == []  # the end is exclusive
    assert memberships_on(store, dt.date(1999, 12, 31)) == []
    query = internal_query("draw/memberships-on-date")
    assert [p.name for p in query.params] == ["date"]
    assert "2009" not in query.text
    with pytest.raises(InputError, match="not a date"):
        internal_queries.select(store, "draw/memberships-on-date", {"date": "2009-13-01"})
