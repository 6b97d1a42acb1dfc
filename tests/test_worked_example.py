"""The worked example of docs/adding-a-source.md ("an unknown author and a new person") run end to
end through the CLI in a throw-away copy of the project: the commands and the files to add are
read from the doc itself, so the doc cannot drift from what works. ``validate`` must exit 0 and
``build`` succeed after adding and again after curating."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS
from typer.testing import CliRunner

from multivector.canonical import canonical_trig
from multivector.cli import app
from multivector.drafts import draft_nodes
from multivector.loading import parse_trig
from multivector.namespaces import ID, MV, MVV, source_graph

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "adding-a-source.md"
SECTION = "## Worked example: an unknown author and a new person"
SID = "006_fedcba9876543210"
#: the drafts' evidence the doc keeps (the curated statements point at it)
KEPT = ("46-177", "267-356", "357-411")


def _blocks() -> list[tuple[str, str]]:
    """(language, text) of each fenced block of the section, in order."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index(SECTION):]
    section = section[:section.index("\n## ", len(SECTION))]
    return re.findall(r"```(\w+)\n(.*?)```", section, re.DOTALL)


def _commands(block: str) -> list[list[str]]:
    joined = block.replace("\\\n", " ")
    return [shlex.split(line)[1:] for line in joined.splitlines() if line.startswith("multivector")]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    for folder in ("ontology", "data", "shapes", "queries", "reasoning"):
        shutil.copytree(REPO / folder, home / folder)
    (tmp_path / "corpus").mkdir()
    shutil.copy(REPO / "tests" / "fixtures" / "sources" / "example-article-new-person.txt", home)
    monkeypatch.setenv("MULTIVECTOR_HOME", str(home))
    monkeypatch.setenv("MULTIVECTOR_CORPUS", str(tmp_path / "corpus"))
    monkeypatch.chdir(home)
    return home


def _run(args: list[str]):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, f"multivector {' '.join(args)}\n{result.output}"
    return result


def _curate_source_graph(home: Path, additions: str) -> None:
    """What the doc's prose says to do to the source graph, then its TriG block appended."""
    path = home / "data" / "sources" / f"{SID}.trig"
    graph = parse_trig(path, source_graph(SID))
    kept = {ID[f"evidence/{SID}/{span}"] for span in KEPT}
    for node in draft_nodes(graph):
        for evidence in list(graph.objects(node, MV.hasEvidence)):
            if evidence not in kept:
                for part in ("", "/target", "/quote", "/position"):
                    graph.remove((URIRef(f"{evidence}{part}"), None, None))
        graph.remove((node, None, None))
        graph.remove((None, None, node))
    graph.add((ID[f"document/{SID}"], DCTERMS.creator, ID.DanaWriter))
    path.write_text(canonical_trig({source_graph(SID): graph}) + "\n" + additions,
                    encoding="utf-8")


def test_the_doc_names_what_it_keeps_and_drops() -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index(SECTION):]
    assert "`…/0-44`" in section
    langs = [lang for lang, _b in _blocks()]
    assert langs == ["sh", "turtle", "trig", "sh"]
    for span in KEPT:
        assert f"evidence/{SID}/{span}>" in _blocks()[2][1]


@pytest.mark.slow  # validates and builds the whole project twice
def test_worked_example_unknown_author_new_person(project: Path) -> None:
    adding, people, statements, finishing = (block for _lang, block in _blocks())

    # 1. add, validate, build: green with the drafts
    add, validate, build = _commands(adding)
    added = _run(add)
    assert ("candidate\tauthor\tDana Writer\t(not in the gazetteer: a draft entity "
            f"id:candidate/{SID}/author") in added.output
    assert "candidate\tperson\tAizada Beishenova\t142-159" in added.output
    assert (f"draft\tid:claim/{SID}/draft-46-177\tstance\t\"Aizada Beishenova\"\tid:Kyrgyzstan\t"
            "id:Syria\tsend") in added.output
    assert (f"draft\tid:claim/{SID}/draft-267-356\tclaim\t\"Beishenova\"\tid:Russia\t"
            "id:Kyrgyzstan\trequested") in added.output
    assert (f"draft\tid:claim/{SID}/draft-357-411\tstance\tid:candidate/{SID}/author\t"
            "id:Kazakhstan\tid:Syria\trefused") in added.output
    graph = parse_trig(project / "data" / "sources" / f"{SID}.trig", source_graph(SID))
    draft = ID[f"claim/{SID}/draft-46-177"]
    assert graph.value(draft, MV.claimant) is None  # not the author: Beishenova's words
    assert graph.value(draft, MV.draftKind) == MVV.StanceStatement
    validated = _run(validate)
    assert "0 violations" in validated.output
    _run(build)
    published = (project / "dist" / "multivector.nq").read_text(encoding="utf-8")
    assert f"claim/{SID}/draft" not in published and f"candidate/{SID}" not in published

    # 2. curate: the people into the reference data, the drafts into statements
    with (project / "data" / "reference" / "persons.ttl").open("a", encoding="utf-8") as out:
        out.write("\n" + people)
    _curate_source_graph(project, statements)

    # 3. canonicalize, check, validate, build, query
    fmt, check, validate, build, query = _commands(finishing)
    _run(fmt)
    assert "all quotes match" in _run(check).output
    graph = parse_trig(project / "data" / "sources" / f"{SID}.trig", source_graph(SID))
    assert draft_nodes(graph) == set()
    validated = _run(validate)
    assert "0 violations" in validated.output
    _run(build)
    published = (project / "dist" / "multivector.nq").read_text(encoding="utf-8")
    claim = ID["claim/006-BeishenovaNoFormalRequest"]
    assert f"<{claim}> <{MV.claimant}> <{ID.AizadaBeishenova}>" in published
    stance = ID["stance/006-KyrgyzstanRulesOutSyriaDeployment"]
    assert f"<{stance}> <{MV.expressedBy}> <{ID.AizadaBeishenova}>" in published
    assert f"<{ID[f'document/{SID}']}> <{DCTERMS.creator}> <{ID.DanaWriter}>" in published
    assert f"<{ID['stance/006-KazakhstanRefusesSyriaDeployment']}> <{MV.position}> " \
           f"<{MVV.Opposes}>" in published
    assert f"claim/{SID}/draft" not in published and f"candidate/{SID}" not in published
    answered = _run([*query, "--format", "csv"])
    assert (f"https://w3id.org/multivector/id/Kazakhstan,Kazakhstan,opposes,,,2017-06-24,"
            f"https://w3id.org/multivector/id/document/{SID},Kazakhstan also refused to send "
            "peacekeepers to Syria.") in answered.output
    kyrgyz = [line for line in answered.output.splitlines()
              if line.startswith("https://w3id.org/multivector/id/Kyrgyzstan,") and SID in line]
    assert len(kyrgyz) == 1 and "Aizada Beishenova" in kyrgyz[0], answered.output
