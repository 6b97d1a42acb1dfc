"""``multivector query``: names, files and stdin; typed parameters; formats; read-only; deadline."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multivector.api import KnowledgeGraph
from multivector.cli import app

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def cli(kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch):
    """Invoke the CLI in-process, with the graph loaded once for the module."""
    monkeypatch.setattr(KnowledgeGraph, "load", classmethod(lambda cls, *a, **k: kg))
    runner = CliRunner()

    def invoke(*args: str, stdin: str | None = None):
        return runner.invoke(app, ["query", *args, "--home", str(REPO)], input=stdin)

    return invoke


def test_list_names_questions_and_parameters(cli) -> None:
    listing = cli("--list")
    assert listing.exit_code == 0
    first = listing.stdout.splitlines()[0].split("\t")
    assert first[0] == "CQ1" and first[1].startswith("Which states are members of both")
    assert "date:date=2017-06-22" in first[2]
    rows = list(csv.reader(io.StringIO(cli("--list", "--format", "csv").stdout)))
    assert rows[0] == ["name", "question", "parameters"]
    assert [r[0] for r in rows[1:]] == [f"CQ{n}" for n in range(1, 17)]


@pytest.mark.parametrize("name", ["Kazakhstan", "KZ", "Astana", "kazakhstan", "id:Kazakhstan"])
def test_entities_by_name_iso_code_or_metonym(cli, name: str) -> None:
    result = cli("CQ2", "-p", f"state={name}", "--at", "2017-06-22", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    organizations = {row["organization"] for row in csv.DictReader(io.StringIO(result.stdout))}
    assert "https://w3id.org/multivector/id/CSTO" in organizations
    assert "https://w3id.org/multivector/id/UNSecurityCouncil" in organizations


def test_cq1_with_names_in_the_python_api_style(cli) -> None:
    result = cli("CQ1", "-p", "a=CSTO", "-p", "b=TurkicCouncil", "--at", "2017-06-22")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[2:] == [
        "id:Kazakhstan  Kazakhstan", "id:Kyrgyzstan  Kyrgyzstan", "(2 rows)"
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["CQ2", "--at", "2017-13-45"], "parameter date: '2017-13-45' is not a date"),
        (["CQ2", "-p", "date=2017-02-30"], "parameter date: '2017-02-30' is not a date"),
        (["CQ2", "-p", "state=Kazahkstan"], "no entity is called 'Kazahkstan' (did you mean: "
                                            "id:Kazakhstan"),
        (["CQ1", "-p", "a=Astana"], "'Astana' names id:Astana (Place), id:Kazakhstan (State)"),
        (["CQ7", "--at", "2017-01-01"], "--at: query CQ7 needs exactly one date parameter"),
        (["CQ2", "-p", "colour=red"], "unknown parameter 'colour'"),
        (["CQ2", "-f", "yaml"], "--format: unknown format 'yaml'"),
        (["nope"], "unknown query 'nope'"),
    ],
)
def test_bad_input_is_one_line_exit_2(cli, args: list[str], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_ambiguous_name_lists_the_candidates() -> None:
    import pyoxigraph as ox

    from multivector.errors import InputError
    from multivector.queries import OxigraphEngine
    from multivector.resolve import Resolver

    store = ox.Store()
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for local in ("GeorgiaTheState", "GeorgiaTheUSState"):
        store.add(ox.Quad(ox.NamedNode(f"https://w3id.org/multivector/id/{local}"), label,
                          ox.Literal("Georgia", language="en")))
    resolver = Resolver(OxigraphEngine(store))
    with pytest.raises(InputError, match=(
        r"^'Georgia' is ambiguous: id:GeorgiaTheState \(Georgia\), "
        r"id:GeorgiaTheUSState \(Georgia\); give an IRI or CURIE$"
    )):
        resolver.resolve("Georgia")
    from multivector.namespaces import ID

    assert resolver.resolve("GeorgiaTheState") == ID.GeorgiaTheState  # the IRI's local name


def test_sparql_results_formats(cli) -> None:
    as_json = json.loads(cli("CQ1", "-f", "json").stdout)
    assert as_json["head"]["vars"] == ["state", "stateLabel"]
    first = as_json["results"]["bindings"][0]
    assert first["state"] == {"type": "uri", "value": "https://w3id.org/multivector/id/Kazakhstan"}
    assert first["stateLabel"] == {"type": "literal", "value": "Kazakhstan", "xml:lang": "en"}
    tsv = cli("CQ1", "-f", "tsv").stdout.splitlines()
    assert tsv[0] == "?state\t?stateLabel"
    assert tsv[1] == "<https://w3id.org/multivector/id/Kazakhstan>\t\"Kazakhstan\"@en"
    xml = cli("CQ1", "-f", "xml").stdout
    assert "<sparql" in xml and 'xml:lang="en">Kazakhstan</literal>' in xml
    assert cli("CQ1", "-f", "csv").stdout.splitlines()[0] == "state,stateLabel"


def test_file_and_stdin_queries_with_header_parameters(cli, tmp_path: Path) -> None:
    path = tmp_path / "members.rq"
    path.write_text(
        "# param: org iri id:CSTO\nPREFIX mv: <https://w3id.org/multivector/ontology#>\n"
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s mv:memberOf ?org }\n"
    )
    from_file = cli(str(path), "-f", "csv", "-p", "org=CSTO")
    assert from_file.exit_code == 0, from_file.stderr
    from_stdin = cli("-", "-f", "csv", stdin=path.read_text())
    assert from_file.stdout == from_stdin.stdout
    assert int(from_file.stdout.splitlines()[1]) >= 7  # members past and present


def test_updates_are_refused(cli) -> None:
    result = cli("-", stdin="PREFIX x: <http://x/>\nDELETE WHERE { ?s ?p ?o }")
    assert result.exit_code == 2
    assert "SPARQL Update; multivector query is read-only" in result.stderr


def test_a_runaway_query_is_stopped_at_the_deadline(cli) -> None:
    started = time.monotonic()
    result = cli("-", "--timeout", "1",
                 stdin="SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i")
    assert result.exit_code == 2
    assert result.stderr.strip() == "multivector: query <stdin> did not finish within 1 s (stopped)"
    assert time.monotonic() - started < 15


def test_all_runs_every_named_query(cli) -> None:
    result = cli("--all", "-f", "json")
    assert result.exit_code == 0
    documents = json.loads(result.stdout)
    assert sorted(documents, key=lambda n: int(n[2:])) == [f"CQ{n}" for n in range(1, 17)]
    assert all(doc["results"]["bindings"] for doc in documents.values())


def test_engines_flag(cli) -> None:
    ox = cli("CQ1", "-f", "csv", "--engine", "oxigraph").stdout
    assert cli("CQ1", "-f", "csv", "--engine", "rdflib").stdout == ox


def test_sparql_prints_the_query_with_its_parameters_bound_and_does_not_run_it(cli) -> None:
    source = (REPO / "queries" / "cq" / "cq02-memberships-on-date.rq").read_text(encoding="utf-8")
    result = cli("CQ2", "--sparql", "-p", "state=KG", "--at", "2022-02-24")
    assert result.exit_code == 0, result.stderr
    values = (
        '  VALUES (?state ?date) { (<https://w3id.org/multivector/id/Kyrgyzstan> '
        '"2022-02-24"^^<http://www.w3.org/2001/XMLSchema#date>) }\n'
    )
    head, _, tail = source.partition("WHERE {")
    head = head.replace("# param: ", "# bound param: ")  # saved and run, not bound twice
    assert result.stdout == f"{head}WHERE {{\n{values}{tail}"
    # the printed text, run as an ad-hoc query, gives the named query's rows
    ran = cli("-", "-f", "csv", stdin=result.stdout)
    assert ran.exit_code == 0, ran.stderr
    assert ran.stdout == cli("CQ2", "-p", "state=KG", "--at", "2022-02-24", "-f", "csv").stdout
    assert "id:CSTO" not in result.stdout and ran.stdout.count("\n") > 3


def test_sparql_of_stdin_shows_the_predeclared_prefixes(cli) -> None:
    result = cli("-", "--sparql", stdin="SELECT * WHERE { ?s mv:x ?o }")
    assert result.exit_code == 0
    assert result.stdout == (
        "PREFIX mv: <https://w3id.org/multivector/ontology#> SELECT * WHERE { ?s mv:x ?o }\n"
    )
    refused = cli("--all", "--sparql")
    assert refused.exit_code == 2
    assert refused.stderr == (
        "multivector: --sparql prints one query: give its name, not --all or --compare\n"
    )
