"""Panels (multivector.panels, ``multivector panel``, ``draw balance``): hand-checked rows on the
shipped graph, every table's columns and dtypes, CSV round trips, errors and the picture."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS
from typer.testing import CliRunner

from multivector.api import KnowledgeGraph
from multivector.cli import app
from multivector.errors import InputError
from multivector.panels import (
    KINDS,
    Table,
    build_table,
    columns,
    country_year,
    dyad_year,
    read_csv,
)
from multivector.panels.balance import ties
from multivector.panels.output import to_bytes
from multivector.queries import catalogue, internal_query

REPO = Path(__file__).resolve().parents[1]
VOCAB = "https://w3id.org/multivector/vocab/"
runner = CliRunner()


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return KnowledgeGraph.load(REPO)


@pytest.fixture(scope="module")
def country(kg: KnowledgeGraph) -> pd.DataFrame:
    return kg.panel("country-year")


@pytest.fixture(scope="module")
def events(kg: KnowledgeGraph) -> pd.DataFrame:
    return kg.panel("events")


def _pair(frame: pd.DataFrame, state: str, org: str) -> pd.DataFrame:
    rows = frame[(frame["state"] == state) & (frame["org"] == org)]
    return rows.set_index("year")


def test_uzbekistan_in_the_csto(country: pd.DataFrame) -> None:
    rows = _pair(country, "Uzbekistan", "CSTO")
    for year in range(2000, 2002):
        assert rows.at[year, "status"] == "none"
        assert rows.at[year, "sources"] == 0 and pd.isna(rows.at[year, "source_ids"])
    # withdrawn from the CSTO's founding (2002-10-07) until its return on 2006-06-23
    for year in range(2002, 2006):
        assert rows.at[year, "status"] == "withdrawn" and rows.at[year, "sources"] == 2
    # the CSTO exists from 2002-10-07: COW's "IGO not in existence" before
    assert [rows.at[y, "cow_status"] for y in range(2000, 2006)] == [-1, -1, 0, 0, 0, 0]
    for year in range(2007, 2012):
        assert (rows.at[year, "status"], rows.at[year, "cow_status"]) == ("member", 1)
    for year in range(2012, 2025):
        # suspended keeps its own status; COW codes it as full membership (docs/panels.md)
        assert (rows.at[year, "status"], rows.at[year, "cow_status"]) == ("suspended", 1)
    assert rows.at[2012, "source_ids"] == (
        "refsource/AsiaPlus-2012-08-28-CSTO;refsource/CSTOOfficial;refsource/NewsTJ-2017-01-03-CSTO")
    assert rows.at[2010, "ccode"] == 704 and rows.at[2010, "iso3"] == "UZB"
    assert rows.at[2010, "qid"] == "Q265"


def test_kazakhstan_in_the_turkic_council_and_its_rename(country: pd.DataFrame) -> None:
    rows = _pair(country, "Kazakhstan", "TurkicCouncil")
    assert set(rows.loc[:2008, "status"]) == {"none"}
    assert set(rows.loc[:2008, "cow_status"]) == {-1}
    assert set(rows.loc[2009:, "status"]) == {"founding member"}
    assert set(rows.loc[2009:, "cow_status"]) == {1}
    # renamed 2021-11-12 (the change event's mv:resultingName): the name on 31 December
    assert rows.at[2020, "org_label"] == "Turkic Council"
    assert rows.at[2021, "org_label"] == "Organization of Turkic States"
    assert rows.at[2009, "ccode"] == 705 and rows.at[2009, "qid"] == "Q232"


def test_frozen_and_other_roles_follow_the_cow_rule(country: pd.DataFrame) -> None:
    armenia = _pair(country, "Armenia", "CSTO")
    assert (armenia.at[2024, "status"], armenia.at[2024, "cow_status"]) == ("frozen", 1)
    assert (armenia.at[2023, "status"], armenia.at[2023, "cow_status"]) == ("founding member", 1)
    coded = country.drop_duplicates("status").set_index("status")["cow_status"].to_dict()
    for status, cow in coded.items():
        if status != "none":
            role = "".join(w.capitalize() for w in status.replace("-", " ").split())
            assert country_year.COW_STATUS[role] == cow, status


def test_country_year_is_the_full_grid(country: pd.DataFrame) -> None:
    first, last = int(country["year"].min()), int(country["year"].max())
    cells = country.groupby(["state", "org"]).size()
    assert set(cells) == {last - first + 1}
    assert not country.duplicated(["state", "org", "year"]).any()


def test_dyad_year_joint_memberships_and_relations(kg: KnowledgeGraph) -> None:
    table = kg.panel("dyad-year", first=2017, last=2017, states=["KZ", "Kyrgyzstan", "Russia"])
    kz_kg = table[(table["state_a"] == "Kazakhstan") & (table["state_b"] == "Kyrgyzstan")]
    assert len(kz_kg) == 1
    igos = set(kz_kg.iloc[0]["igos"].split(";"))
    assert {"CSTO", "SCO", "CIS", "EAEU", "TurkicCouncil"} <= igos
    assert kz_kg.iloc[0]["joint_igos"] == len(igos)
    ru_kz = table[(table["state_a"] == "Russia") & (table["state_b"] == "Kazakhstan")].iloc[0]
    kz_ru = table[(table["state_a"] == "Kazakhstan") & (table["state_b"] == "Russia")].iloc[0]
    # "Russia counts Kazakhstan among the states it considers its allies": directed
    assert ru_kz["alliance"] and kz_ru["alliance"]
    assert ru_kz["alliance_by"] == "Russia" and ru_kz["alliance_by_a"]
    assert not kz_ru["alliance_by_a"]
    assert ru_kz["alliance_sources"] == 1
    assert ru_kz["alliance_evidence"].endswith("/000_aac4614664d625b9/3323-3360")
    assert len(table) == 6  # 3 states: 6 ordered pairs in one year


def test_dyad_kinds_are_the_relation_kind_scheme() -> None:
    graph = Graph().parse(REPO / "ontology" / "vocabularies.ttl")
    scheme = URIRef(VOCAB + "RelationKindScheme")
    kinds = {str(c).removeprefix(VOCAB) for c in graph.subjects(SKOS.inScheme, scheme)}
    assert kinds == set(dyad_year.KINDS)


def test_events_astana_memorandum(kg: KnowledgeGraph, events: pd.DataFrame) -> None:
    memo = events[events["event"] == "event/AstanaMemorandum2017"]
    assert len(memo) == 2  # two sources state it
    for row in memo.itertuples(index=False):
        assert row.actors.split(";") == ["Russia", "Iran", "Turkey"]
        assert row.actor_ccodes == "365;630;640"
        assert row.plover == "AGREE" and row.event_type == "agreement"
        assert row.date.startswith("2017-05") and row.year == 2017
        assert row.quote and row.evidence.startswith("https://w3id.org/multivector/id/evidence/")
    # the three actors are the memorandum's guarantors (mv:guarantor, a sub-property of
    # mv:participant: the table's actors)
    guarantor = URIRef("https://w3id.org/multivector/ontology#guarantor")
    event = URIRef("https://w3id.org/multivector/id/event/AstanaMemorandum2017")
    guarantors = {str(o).rsplit("/", 1)[1] for _, _, o, _ in
                  kg.dataset.quads((event, guarantor, None, None))}
    assert guarantors == {"Russia", "Iran", "Turkey"}
    by_source = memo.set_index("source")
    assert by_source.at["document/000_aac4614664d625b9", "date_precision"] == "month"
    assert by_source.at["document/004_c69a8ff58275d965", "date"] == "2017-05-04"


def test_every_event_type_has_a_plover_category_or_is_documented(events: pd.DataFrame) -> None:
    unmapped = set(events.loc[events["plover"].isna(), "event_type"])
    text = (REPO / "docs" / "panels.md").read_text(encoding="utf-8")
    for event_type in unmapped:
        assert f"| {event_type} | — |" in text, event_type


def test_balance_has_a_russia_vector_and_matches_cq12(kg: KnowledgeGraph) -> None:
    table = kg.panel("balance", states=["Kazakhstan"])
    russia = set(table.loc[table["vector"] == "Russia", "year"])
    assert set(range(1992, int(table["year"].max()) + 1)) <= russia
    year = table[table["year"] == 2017].set_index("vector")
    rows = kg.query("CQ12", state="Kazakhstan", date="2017-12-31")
    per_vector = pd.Series([str(r.vector) for r in rows]).value_counts().to_dict()
    assert year["ties"].to_dict() == per_vector
    assert year["share"].sum() == pytest.approx(1.0)
    assert year.at["Russia", "alliances"] == 1


def test_balance_starts_at_independence(kg: KnowledgeGraph) -> None:
    """"For a long time in the 90s [...] the United States and the countries of the European
    Union were the main political and economic partners of Kazakhstan" (document 002): the
    decade of the independent state, so the tie starts on 1991-12-16, not on 1990-01-01."""
    table = kg.panel("balance", states=["Kazakhstan"])
    assert int(table["year"].min()) == 1991
    west = table[table["vector"] == "United States / the West"].set_index("year")
    # the United States and the EU (its leader: the West) of document 002 from independence,
    # then without a gap: NATO's Partnership for Peace (1994), the EU agreements, the C5+1
    assert list(west.index) == list(range(1991, int(table["year"].max()) + 1))
    assert (west.at[1991, "partnerships"], west.at[1991, "ties"]) == (2, 2)
    assert west.at[1991, "share"] == pytest.approx(2 / 3)  # beside the CIS (Russia), 1991-12-21
    assert (west.at[1994, "partnerships"], west.at[2000, "partnerships"]) == (3, 2)
    found = [t for t in ties(kg, "https://w3id.org/multivector/id/Kazakhstan")
             if t.key[2] == "https://w3id.org/multivector/id/UnitedStates"]
    # the 1990s partnership (002), KAZBAT's deployment in Iraq (a cooperation event: no end),
    # and the "very close" relations of document 003
    assert sorted((str(t.start), str(t.until)) for t in found) == [
        ("1991-12-16", "2000-01-01"), ("2003-01-01", "None"), ("2024-05-09", "None"),
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_columns_dtypes_and_csv_round_trip(kg: KnowledgeGraph, kind: str) -> None:
    options = {"states": ["Kazakhstan"]} if kind == "balance" else {"first": 2015, "last": 2017}
    table = build_table(kg, kind, **options)
    frame = table.frame()
    assert len(frame) == len(table) > 0
    assert {c: str(t) for c, t in frame.dtypes.items()} == columns(kind)
    for fmt, sep in (("csv", ","), ("tsv", "\t")):
        back = read_csv(io.BytesIO(to_bytes(table, fmt)), kind, sep=sep)
        pd.testing.assert_frame_equal(back, frame)
    back = pd.read_parquet(io.BytesIO(to_bytes(table, "parquet")))
    pd.testing.assert_frame_equal(back, frame)
    records = json.loads(to_bytes(table, "json"))
    assert list(records[0]) == list(columns(kind))
    # JSON: the DataFrame's values, missing ones as null, floats at full precision
    assert records == frame.astype(object).where(frame.notna(), None).to_dict("records")


@pytest.mark.parametrize("kind", KINDS)
def test_csv_bytes_are_what_pandas_writes(kg: KnowledgeGraph, kind: str) -> None:
    """The standard-library writer (no pandas import on the command line) gives the bytes of
    ``DataFrame.to_csv`` — the writer the tables had before — on every whole table."""
    table = build_table(kg, kind, states=["Kazakhstan"] if kind == "balance" else [])
    frame = table.frame()
    for fmt, sep in (("csv", ","), ("tsv", "\t")):
        expected = frame.to_csv(index=False, sep=sep, lineterminator="\n").encode("utf-8")
        assert to_bytes(table, fmt) == expected, fmt


def test_block_writer_quotes_each_field_as_the_csv_module() -> None:
    awkward = ("a,b", 'say "hi"', "two\nlines", None, "", 1.5, True, 3)
    table = Table(
        {f"c{i}": "string" for i in range(5)},
        [(("x", None), [("a,b", 'q"', None), (None, "", 2.25), ("a,b", 'q"', None)]),
         ((None,), [("", None, "t\tab", "\r")]),
         (("two\nlines", 1, 2.5, True, None), [()]),
         ((), [awkward[:5], awkward[3:]])],
    )
    for fmt, sep in (("csv", ","), ("tsv", "\t")):
        whole = io.StringIO()
        writer = csv.writer(whole, delimiter=sep, lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows(table.rows)
        assert to_bytes(table, fmt) == whole.getvalue().encode("utf-8"), fmt
    assert len(table) == 7 and table.rows[0] == ("x", None, "a,b", 'q"', None)


def test_unknown_values_name_the_value(kg: KnowledgeGraph) -> None:
    with pytest.raises(InputError, match="--states: .*'Kazakstann'.*did you mean"):
        kg.panel("country-year", states=["Kazakstann"])
    with pytest.raises(InputError, match="--orgs: 'Kazakhstan' is not an organization"):
        kg.panel("country-year", orgs=["Kazakhstan"])
    with pytest.raises(InputError, match=r"--from: year 1700 is outside the data \(1945–"):
        kg.panel("country-year", first=1700)
    with pytest.raises(InputError, match="unknown panel 'country'"):
        kg.panel("country")


def test_panel_queries_are_internal() -> None:
    names = {q.path.relative_to(REPO / "queries").parts[0] for q in catalogue(REPO / "queries")
             .values()}
    assert "internal" not in names and "panel" not in names


def test_cli_writes_csv_atomically_and_reports_errors(kg: KnowledgeGraph, tmp_path: Path) -> None:
    out = tmp_path / "cy.csv"
    result = runner.invoke(app, ["panel", "country-year", "--states", "UZ", "--orgs", "CSTO",
                                 "--from", "2010", "--to", "2013", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"wrote {out} (4 rows, csv)"
    table = read_csv(out, "country-year")
    assert list(table["status"]) == ["member", "member", "suspended", "suspended"]
    assert [p.name for p in tmp_path.iterdir()] == ["cy.csv"]  # no temp file left behind
    before = out.read_bytes()
    bad = runner.invoke(app, ["panel", "country-year", "--to", "2999", "--out", str(out)])
    assert bad.exit_code == 2
    assert bad.stderr.strip().splitlines() == [
        "multivector: --to: year 2999 is outside the data (%d–%d)" % country_year.span(kg)
    ]
    assert out.read_bytes() == before  # a failed run leaves the previous file alone
    assert [p.name for p in tmp_path.iterdir()] == ["cy.csv"]


@pytest.mark.parametrize(("arguments", "message"), [
    (["country-year", "--states", "Kazakstann"],
     r"multivector: --states: no entity is called 'Kazakstann' \(did you mean: id:Kazakhstan, "),
    (["country-year", "--orgs", "Kazakhstan"],
     r"multivector: --orgs: 'Kazakhstan' is not an organization with memberships in the data"),
    (["dyad-year", "--from", "1700"], r"multivector: --from: year 1700 is outside the data"),
    (["events", "--to", "2999"], r"multivector: --to: year 2999 is outside the data"),
    (["balance", "Kazakstann"],
     r"multivector: STATE: no entity is called 'Kazakstann' \(did you mean: id:Kazakhstan, "),
    (["balance"], r"multivector: balance: name the state"),
    (["balance", " "], r"multivector: balance: give exactly one state"),
    (["country"], r"multivector: unknown panel 'country' \(choose country-year, dyad-year"),
    (["events", "--format", "xlsx"], r"multivector: --format: unknown format 'xlsx'"),
    (["events", "--format", "parquet"], r"multivector: --format parquet: give --out FILE"),
])
def test_cli_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    import re

    out = tmp_path / "t.csv"
    result = runner.invoke(app, ["panel", *arguments, "--out", str(out)]
                           if "parquet" not in arguments else ["panel", *arguments])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and re.fullmatch(message + ".*", lines[0]), lines
    assert not out.exists()


@pytest.mark.slow
def test_cli_draw_balance(tmp_path: Path) -> None:
    out = tmp_path / "kz.svg"
    result = runner.invoke(app, ["draw", "balance", "Kazakhstan", "--out", str(out)])
    assert result.exit_code == 0, result.output
    svg = out.read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "Multi-vector balance of Kazakhstan" in svg
    assert "source article" in svg and "Russia" in svg


def _without(monkeypatch: pytest.MonkeyPatch, *modules: str) -> None:
    """Make ``import MODULE`` fail, as when the extra is not installed."""
    import builtins

    real = builtins.__import__

    def importer(name: str, *args: object, **kwargs: object) -> object:
        if name.split(".")[0] in modules:
            raise ImportError(f"no {name}")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", importer)


def test_csv_tsv_json_need_no_pandas(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _without(monkeypatch, "pandas", "pyarrow", "numpy")
    for fmt in ("csv", "tsv", "json"):
        out = tmp_path / f"events.{fmt}"
        result = runner.invoke(app, ["panel", "events", "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert result.stdout.strip().endswith(f"rows, {fmt})")
    assert json.loads((tmp_path / "events.json").read_text(encoding="utf-8"))[0]["event"]


def test_missing_pandas_is_one_line(
    monkeypatch: pytest.MonkeyPatch, kg: KnowledgeGraph, tmp_path: Path
) -> None:
    _without(monkeypatch, "pandas")
    message = "panels need pandas: pip install 'multivector[panels]'"
    with pytest.raises(InputError, match=r"^panels need pandas: pip install "):
        kg.panel("events")
    out = tmp_path / "e.parquet"
    result = runner.invoke(app, ["panel", "events", "--out", str(out)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"multivector: {message}"
    assert not out.exists()


def test_parquet_without_pyarrow_is_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _without(monkeypatch, "pyarrow")
    out = tmp_path / "e.parquet"
    result = runner.invoke(app, ["panel", "events", "--format", "parquet", "--out", str(out)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "multivector: --format parquet needs pyarrow: pip install 'multivector[panels]'"
    )
    assert not out.exists()


def test_every_panel_query_parses_and_is_used() -> None:
    folder = REPO / "queries" / "internal" / "panel"
    modules = (REPO / "src" / "multivector" / "panels").glob("*.py")
    code = "\n".join(p.read_text(encoding="utf-8") for p in modules)
    for path in sorted(folder.glob("*.rq")):
        query = internal_query(f"panel/{path.stem}")
        assert query.name == path.stem
        assert f'"{path.stem}"' in code, path.name
