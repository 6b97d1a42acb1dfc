"""The query catalogue: headers, typed parameters, both engines, aligned tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from multivector.build import reason
from multivector.errors import InputError
from multivector.namespaces import ID, MVV
from multivector.queries import (
    Param,
    bindings,
    catalogue,
    parse_param_options,
    parse_query_file,
    render_table,
    run_query,
    to_term,
)


@pytest.fixture
def built(mini_home: Path):
    return reason(mini_home)


def test_header_is_parsed(mini_home: Path) -> None:
    queries = catalogue(mini_home / "queries")
    assert list(queries) == ["members-on-date"]
    query = queries["members-on-date"]
    assert query.question.startswith("Which states are members")
    assert query.params == [
        Param("org", "iri", "id:CSTO", "the organization O"),
        Param("date", "date", "2017-06-22", "the date D"),
    ]
    assert query.result == ["state", "stateLabel", "role"]


def test_qc_queries_are_not_in_the_catalogue(mini_home: Path) -> None:
    qc = mini_home / "queries" / "qc"
    qc.mkdir()
    (qc / "x-violation.rq").write_text("# name: x\nSELECT * WHERE { ?s ?p ?o }\n")
    assert list(catalogue(mini_home / "queries")) == ["members-on-date"]


def test_parameters_become_typed_terms() -> None:
    assert to_term(Param("o", "iri", None), "id:CSTO") == ID.CSTO
    date = Literal("2017-06-22", datatype=XSD.date)
    assert to_term(Param("d", "date", None), "2017-06-22") == date
    assert to_term(Param("n", "integer", None), "705") == Literal("705", datatype=XSD.integer)
    assert to_term(Param("s", "string", None), "Astana") == Literal("Astana")
    assert to_term(Param("o", "iri", None), "<http://x.org/a>") == URIRef("http://x.org/a")


@pytest.mark.parametrize(
    ("param", "value", "message"),
    [
        (Param("date", "date", None), "2017-02-30", "parameter date: '2017-02-30' is not a date"),
        (Param("date", "date", None), "June 2017", "is not a date"),
        (Param("n", "integer", None), "7.5", "parameter n: '7.5' is not an integer"),
        (Param("o", "iri", None), "not an iri", "parameter o: 'not an iri' is not an IRI"),
    ],
)
def test_bad_parameter_values_name_the_parameter(param: Param, value: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        to_term(param, value)


def test_unknown_and_malformed_parameters(mini_home: Path) -> None:
    query = catalogue(mini_home / "queries")["members-on-date"]
    with pytest.raises(InputError, match="unknown parameter 'year'"):
        bindings(query, {"year": "2017"})
    with pytest.raises(InputError, match="expected NAME=VALUE"):
        parse_param_options(["date"])
    assert parse_param_options(["date=2010-01-01", "org = id:CSTO"]) == {
        "date": "2010-01-01",
        "org": "id:CSTO",
    }


def test_bad_header_is_reported_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("# name: q\n# param: d when 2017\nSELECT * WHERE {}\n")
    with pytest.raises(InputError, match=r"q\.rq:2: param d: unknown type 'when'"):
        parse_query_file(path)
    path.write_text("SELECT * WHERE {}\n")
    with pytest.raises(InputError, match=r"q\.rq:1: query header lacks"):
        parse_query_file(path)


def test_members_on_date_follow_the_validity_idiom(built, mini_home: Path) -> None:
    query = catalogue(mini_home / "queries")["members-on-date"]
    on_2017 = run_query(query, store=built.store)
    assert on_2017.columns == ["state", "stateLabel", "role"]
    assert [row[0] for row in on_2017.rows] == [ID.Kazakhstan, ID.Russia]
    on_2010 = run_query(query, store=built.store, values={"date": "2010-01-01"})
    assert [(row[0], row[2]) for row in on_2010.rows] == [
        (ID.Kazakhstan, MVV.FoundingMember),
        (ID.Russia, MVV.FoundingMember),
        (ID.Uzbekistan, MVV.Member),
    ]
    # the end date is exclusive: on the day Uzbekistan left it is no longer a member
    on_exit = run_query(query, store=built.store, values={"date": "2012-06-28"})
    assert ID.Uzbekistan not in [row[0] for row in on_exit.rows]


def test_engines_give_the_same_rows(built, mini_home: Path) -> None:
    query = catalogue(mini_home / "queries")["members-on-date"]
    for date in ("2001-01-01", "2010-01-01", "2020-01-01"):
        ox = run_query(query, store=built.store, values={"date": date})
        rd = run_query(query, dataset=built.dataset, values={"date": date})
        assert sorted(map(tuple, ox.rows)) == sorted(map(tuple, rd.rows))
    assert run_query(query, store=built.store, values={"date": "2001-01-01"}).rows == []


def test_unprojected_parameter_is_bound_on_both_engines(built, tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(
        "# name: members\n# param: org iri id:CSTO\n"
        "PREFIX mv: <https://w3id.org/multivector/ontology#>\n"
        "SELECT DISTINCT ?state\nWHERE { ?state mv:memberOf ?org } ORDER BY ?state\n"
    )
    query = parse_query_file(path)
    expected = [[ID.Kazakhstan], [ID.Russia], [ID.Uzbekistan]]
    on_oxigraph = run_query(query, store=built.store)
    assert on_oxigraph.columns == ["state"] and on_oxigraph.rows == expected
    assert run_query(query, dataset=built.dataset).rows == expected
    assert run_query(query, store=built.store, values={"org": "id:Russia"}).rows == []


def test_table_is_aligned_with_curies_and_lexical_forms() -> None:
    text = render_table(
        ["state", "since"],
        [[ID.Kazakhstan, Literal("2002-10-07", datatype=XSD.date)], [ID.Russia, None]],
    )
    assert text.splitlines() == [
        "state          since",
        "-------------  ----------",
        "id:Kazakhstan  2002-10-07",
        "id:Russia",
        "(2 rows)",
    ]


def test_result_header_may_carry_prose(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(
        "# name: q\n"
        "# result: one row per membership: organization, role, end (empty when open)\n"
        "# note: free text\n#   continued\nSELECT * WHERE {}\n"
    )
    assert parse_query_file(path).result == ["organization", "role", "end"]


def test_a_colon_inside_a_column_note_keeps_every_column(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(
        "# name: q\n"
        "# result: one row per holding: holder, start, predecessor (the holding it mv:succeeds),"
        " source\n"
        "SELECT * WHERE {}\n"
    )
    assert parse_query_file(path).result == ["holder", "start", "predecessor", "source"]
