"""Predeclared prefixes: ad-hoc SPARQL gets the project's prefixes it uses; its own PREFIX wins."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from multivector.api import KnowledgeGraph
from multivector.cli import app
from multivector.errors import InputError
from multivector.queries import catalogue, parse_query_text
from multivector.queries.prefixes import declared_and_used, predeclaration, user_message

REPO = Path(__file__).resolve().parents[1]
KZ_LABEL = 'SELECT ?l WHERE {\n  id:Kazakhstan rdfs:label ?l .\n  FILTER (LANG(?l) = "en")\n}\n'


@pytest.fixture
def cli(kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(KnowledgeGraph, "load", classmethod(lambda cls, *a, **k: kg))
    runner = CliRunner()

    def invoke(*args: str, stdin: str | None = None):
        return runner.invoke(app, ["query", *args, "--home", str(REPO)], input=stdin)

    return invoke


def test_only_the_used_and_undeclared_prefixes_are_declared_on_line_one() -> None:
    text = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + KZ_LABEL
    assert predeclaration(text) == "PREFIX id: <https://w3id.org/multivector/id/> "
    query = parse_query_text(text, Path("q.rq"), require_name=False)
    assert query.text == "PREFIX id: <https://w3id.org/multivector/id/> " + text
    assert query.user_text == text
    assert query.text.count("\n") == text.count("\n")  # every line keeps its number


def test_prefix_in_comments_strings_iris_and_blank_nodes_is_not_a_declaration_or_use() -> None:
    text = (
        '# PREFIX mv: <http://not.this/>\nBASE <http://b.org/>\n'
        'SELECT ?x WHERE { ?x <p> "PREFIX skos: <x> dcterms:title" . _:b0 <q> ?x }'
    )
    assert declared_and_used(text) == (set(), {})
    assert predeclaration(text) == ""


def test_a_declaration_after_base_and_lower_case_keywords_count() -> None:
    text = "base <http://b.org/> prefix mv: <http://mine/> select * { ?s mv:x ?o ; skos:y ?z }"
    declared, used = declared_and_used(text)
    assert declared == {"mv"} and list(used) == ["mv", "skos"]
    assert predeclaration(text) == "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "


def test_an_unknown_undeclared_prefix_is_named_with_its_line(cli) -> None:
    result = cli("-", stdin="SELECT ?l WHERE {\n  id:Kazakhstan wdt:P31 ?l }\n")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "multivector: <stdin>: prefix wdt: is not declared (line 2, column 17); declare it with "
        "PREFIX wdt: <…> or use a predeclared one: mv, mvv, id, org,"
    )


def test_stdin_query_without_prefixes_runs(cli) -> None:
    result = cli("-", "-f", "csv", stdin=KZ_LABEL)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["l", "Kazakhstan"]


def test_the_texts_own_prefix_wins(cli, tmp_path: Path) -> None:
    path = tmp_path / "mine.rq"
    path.write_text("PREFIX rdfs: <http://example.org/not-rdfs#>\n" + KZ_LABEL, encoding="utf-8")
    result = cli(str(path), "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["l"]  # their rdfs:label matches nothing


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('SELECT ?l WHERE {\n  id:Kazakhstan rdfs:label ?l .\n  FILTER (?l = )\n}\n',
         "(at char 52), (line:3, col:3)"),
        ('SELECT ?l WHERE { id:Kazakhstan rdfs:label ?l . FILTER (?l = ) }',
         "(at char 48), (line:1, col:49)"),
    ],
)
def test_syntax_errors_point_at_the_users_line_and_column(cli, text: str, where: str) -> None:
    result = cli("-", stdin=text)
    assert result.exit_code == 2
    assert result.stderr == (
        f"multivector: <stdin>: SPARQL syntax error: Expected SelectQuery, found 'FILTER' {where}\n"
    )


def test_python_api_predeclares_too(kg: KnowledgeGraph) -> None:
    rows = kg.query(KZ_LABEL)
    assert [str(r.l) for r in rows] == ["Kazakhstan"]
    with pytest.raises(InputError, match=r"^<query>: prefix foo: is not declared \(line 1"):
        kg.query("SELECT * WHERE { ?s foo:bar ?o }")


def test_oxigraph_positions_on_line_one_are_moved_back() -> None:
    assert user_message("error at 1:67: expected x; error at 2:5", 40) == (
        "error at 1:27: expected x; error at 2:5"
    )
    assert user_message("found 'x' (at char 90), (line:1, col:91)", 40) == (
        "found 'x' (at char 50), (line:1, col:51)"
    )


def test_named_queries_declare_their_own_prefixes() -> None:
    """The shipped queries run as written: nothing is predeclared for them."""
    assert {q.name: q.predeclared for q in catalogue(REPO / "queries").values()} == {
        q: "" for q in catalogue(REPO / "queries")
    }
