"""``multivector find``: entities by name through the resolver ``--param`` uses, and how."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multivector.api import KnowledgeGraph
from multivector.cli import app

REPO = Path(__file__).resolve().parents[1]
KZ = "https://w3id.org/multivector/id/Kazakhstan"


@pytest.fixture
def find(kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(KnowledgeGraph, "load", classmethod(lambda cls, *a, **k: kg))
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, ["find", *args, "--home", str(REPO)])

    return invoke


def rows(result) -> list[dict[str, str]]:
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.mark.parametrize(("text", "matched"), [
    ("Kazakhstan", "IRI; rdfs:label"),
    ("kz", "mv:iso3166Alpha2"),
    ("KAZ", "mv:iso3166Alpha3"),
    ("Kazakstan", "skos:altLabel"),
    ("Q232", "skos:exactMatch (Wikidata)"),
])
def test_a_name_lists_the_entity_and_how_it_matched(find, text: str, matched: str) -> None:
    assert rows(find(text, "-f", "csv")) == [
        {"entity": KZ, "kinds": "mv:State", "label": "Kazakhstan", "matched": matched}
    ]


def test_a_metonym_lists_every_entity_it_names_best_first(find) -> None:
    result = find("Astana")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "entity         kinds     label       matched",
        "-------------  --------  ----------  ---------------",
        "id:Astana      mv:Place  Astana      IRI; rdfs:label",
        "id:Kazakhstan  mv:State  Kazakhstan  mv:metonym",
        "(2 rows)",
    ]


def test_without_an_exact_name_entities_containing_it_are_listed_not_statements(find) -> None:
    found = {row["entity"]: row for row in rows(find("security coun", "-f", "csv"))}
    assert {"https://w3id.org/multivector/id/CSTOCollectiveSecurityCouncil",
            "https://w3id.org/multivector/id/UNSecurityCouncil"} <= set(found)
    assert found["https://w3id.org/multivector/id/UNSecurityCouncil"]["matched"] == (
        "contains: Security Council; contains: UN Security Council; "
        "contains: United Nations Security Council"
    )
    assert not [e for e, row in found.items() if "SourcedStatement" in row["kinds"]]
    assert not [e for e in found if e.split("/id/")[1].count("/")]  # no statement nodes


def test_a_misspelt_name_lists_near_names(find) -> None:
    found = rows(find("Kazahkstan", "-f", "csv"))
    assert {"entity": KZ, "kinds": "mv:State", "label": "Kazakhstan",
            "matched": "near: Kazakhstan; near: Kazakstan"} in found


def test_json_output_is_sparql_results(find) -> None:
    document = json.loads(find("KZ", "-f", "json").stdout)
    assert document["head"]["vars"] == ["entity", "kinds", "label", "matched"]
    assert document["results"]["bindings"][0]["entity"] == {"type": "uri", "value": KZ}


def test_no_match_is_an_empty_table_and_one_line(find) -> None:
    result = find("Xyzzyqq")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "(0 rows)"
    assert result.stderr == "find: no entity is called or named like 'Xyzzyqq'\n"


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_text_is_one_line_exit_2(find, text: str) -> None:
    result = find(text)
    assert result.exit_code == 2
    assert result.stderr == "multivector: find: give a name to look for (the text is empty)\n"


def test_the_resolver_takes_a_wikidata_id_for_a_parameter_too(kg: KnowledgeGraph) -> None:
    assert str(kg.resolve("Q232")) == KZ
