"""``--with-sources`` / ``with_sources=True``: the statements behind each row, cited."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multivector.api import KnowledgeGraph
from multivector.cli import app
from multivector.errors import InputError
from multivector.queries import check_parameters, parse_query_text
from multivector.sourcing import COLUMNS

REPO = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/multivector/id/"


@pytest.fixture
def cli(kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(KnowledgeGraph, "load", classmethod(lambda cls, *a, **k: kg))
    runner = CliRunner()

    def invoke(*args: str, stdin: str | None = None) -> list[dict[str, str]]:
        result = runner.invoke(app, ["query", *args, "-f", "csv", "--home", str(REPO)],
                               input=stdin)
        assert result.exit_code == 0, result.stderr
        return list(csv.DictReader(io.StringIO(result.stdout)))

    return invoke


def test_an_article_statement_in_a_row_gets_its_document_title_and_quote(cli) -> None:
    rows = cli("CQ8", "--with-sources")
    # the earliest article event (reference events such as the SCO Charter of 2002 come first)
    first = next(r for r in rows if r["event"] == f"{ID}event/001-CSTOMeetingMoscow2012")
    assert list(first) == ["date", "precision", "event", "eventLabel", "eventType", "source",
                           "statement", "cited_source", "sourceTitle", "quote"]
    assert first["statement"] == first["event"] == f"{ID}event/001-CSTOMeetingMoscow2012"
    assert first["cited_source"] == f"{ID}document/001_7b871defe8eb9c5c"
    assert first["sourceTitle"] == "CSTO Rift Grows Between Moscow And Astana"
    assert first["quote"] == (
        "with his Kazakh counterpart Nursultan Nazarbaev at a CSTO meeting in Moscow in 2012"
    )
    # a statement two articles share is cited from each
    memorandum = {r["cited_source"] for r in rows if r["event"].endswith("AstanaMemorandum2017")}
    assert {f"{ID}document/000_aac4614664d625b9", f"{ID}document/004_c69a8ff58275d965"} <= (
        memorandum
    )


def test_hidden_statement_variables_cite_the_membership_behind_each_row(
    cli, kg: KnowledgeGraph
) -> None:
    plain = cli("CQ2")
    rows = cli("CQ2", "--with-sources")
    assert list(rows[0]) == [*plain[0], *COLUMNS]
    assert {r["organization"] for r in rows} == {r["organization"] for r in plain}
    for row in rows:
        assert row["source"], row  # every membership cites a source (reference or article)
        member = kg.query(
            f"ASK {{ <{row['statement']}> org:member id:Kazakhstan ; "
            f"org:organization <{row['organization']}> }}"
        )
        assert member[0].answer.toPython() is True, row


def test_the_python_api_takes_with_sources(kg: KnowledgeGraph) -> None:
    rows = kg.query("CQ12", state="KZ", date="2017-06-22", with_sources=True)
    assert rows.columns[-4:] == list(COLUMNS)
    assert all(r.statement is not None and r.source is not None for r in rows)
    plain = kg.query("CQ12", state="KZ", date="2017-06-22")
    assert {tuple(r[:-4]) for r in rows} == {tuple(r) for r in plain}  # every tie, cited


def test_a_row_without_a_statement_is_kept_with_empty_citations(cli) -> None:
    rows = cli("-", "--with-sources", stdin='SELECT ?s WHERE { VALUES ?s { id:Kazakhstan } }')
    assert rows == [{"s": f"{ID}Kazakhstan", "statement": "", "source": "",
                     "sourceTitle": "", "quote": ""}]


def test_statement_header_must_name_a_variable_of_an_ungrouped_query() -> None:
    query = parse_query_text("# name: q\n# statement: x\nSELECT ?s WHERE { ?s ?p ?o }",
                             Path("q.rq"))
    assert query.statements == ["x"]
    with pytest.raises(InputError, match=r"'# statement: x' names \?x, which does not occur"):
        check_parameters(query)
    grouped = parse_query_text(
        "# name: q\n# statement: s\nSELECT (COUNT(?s) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p",
        Path("q.rq"))
    with pytest.raises(InputError, match="cannot be used on a GROUP BY query"):
        check_parameters(grouped)
