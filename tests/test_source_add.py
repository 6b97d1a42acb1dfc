"""`multivector source add` end to end on a small article written for the tests, in a throw-away
copy of the project: exact mentions, candidates and drafts; curation of the draft; `source check`;
validation; a query; and the refusals (existing graph, different corpus text, bad input)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD
from typer.testing import CliRunner

from multivector.canonical import canonical_trig
from multivector.cli import app
from multivector.drafts import draft_nodes, exclude_drafts
from multivector.loading import load, parse_trig
from multivector.namespaces import ID, MV, MVV, OA, source_graph

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "tests" / "fixtures" / "sources" / "example-article.txt"
SID = "900_00000000000000ee"
DRAFT = ID[f"claim/{SID}/draft-411-458"]

EXPECTED_MENTIONS = [
    (14, 18, "CSTO", "CSTO"),
    (22, 28, "Moscow", "Moscow"),
    (34, 73, "Collective Security Treaty Organization", "CSTO"),
    (100, 106, "Moscow", "Moscow"),
    (123, 130, "Russian", "Russia"),
    (141, 155, "Vladimir Putin", "VladimirPutin"),
    (184, 195, "the Kremlin", "Russia"),
    (202, 212, "Kazakhstan", "Kazakhstan"),
    (225, 246, "Kassym-Jomart Tokayev", "KassymJomartTokayev"),
    (276, 288, "Central Asia", "CentralAsia"),
    (335, 348, "Stanislav Zas", "StanislavZas"),
    (350, 355, "Minsk", "Belarus"),
    (360, 367, "Yerevan", "Armenia"),
    (411, 417, "Astana", "Kazakhstan"),
    (450, 457, "Ukraine", "Ukraine"),
    (541, 547, "Kyrgyz", "Kyrgyzstan"),
    (606, 613, "Yerevan", "Yerevan"),
]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    for folder in ("ontology", "data", "shapes", "queries", "reasoning"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, home / folder)
    (tmp_path / "corpus").mkdir()
    monkeypatch.setenv("MULTIVECTOR_HOME", str(home))
    monkeypatch.setenv("MULTIVECTOR_CORPUS", str(tmp_path / "corpus"))
    return home


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def add(*extra: str):
    return run(
        "source", "add", str(EXAMPLE), "--id", SID, "--author", "Samuel Ramani",
        "--publisher", "RFE/RL", "--date", "2022-05-16", *extra,
    )


@pytest.mark.slow
def test_add_curate_check_validate_query(project: Path, tmp_path: Path) -> None:
    result = add()
    assert result.exit_code == 0, result.output
    assert f"copied {EXAMPLE} to {tmp_path / 'corpus' / (SID + '.txt')}" in result.output
    # Stanislav Zas is a reference person now (issue 16): linked, no longer a candidate
    assert ", 0 candidates" in result.output and "candidate\tperson" not in result.output
    assert (tmp_path / "corpus" / f"{SID}.txt").read_bytes() == EXAMPLE.read_bytes()

    path = project / "data" / "sources" / f"{SID}.trig"
    graph = parse_trig(path, source_graph(SID))
    doc = ID[f"document/{SID}"]
    assert graph.value(doc, MV.sha256) == Literal(
        __import__("hashlib").sha256(EXAMPLE.read_bytes()).hexdigest()
    )
    assert graph.value(doc, URIRef("http://purl.org/dc/terms/creator")) == ID.SamuelRamani
    assert graph.value(doc, URIRef("http://purl.org/dc/terms/publisher")) == ID.RFERL
    assert graph.value(doc, URIRef("http://purl.org/dc/terms/issued")) == Literal(
        "2022-05-16", datatype=XSD.date
    )
    mentions = sorted(
        (int(graph.value(URIRef(f"{a}/position"), OA.start)),
         int(graph.value(URIRef(f"{a}/position"), OA.end)),
         str(graph.value(URIRef(f"{a}/quote"), OA.exact)),
         str(graph.value(a, OA.hasBody)).rsplit("/", 1)[-1])
        for a in graph.subjects(OA.motivatedBy, OA.identifying)
    )
    assert mentions == EXPECTED_MENTIONS
    # a draft per sentence with a cue verb and two entities, typed, in the author's voice
    assert draft_nodes(graph) == {DRAFT, ID[f"claim/{SID}/draft-30-122"],
                                  ID[f"claim/{SID}/draft-123-201"]}
    assert graph.value(ID[f"claim/{SID}/draft-30-122"], MV.draftKind) == MVV.EventStatement
    assert set(graph.objects(DRAFT, MV.about)) == {ID.Kazakhstan, ID.Ukraine}
    assert graph.value(DRAFT, MV.draftKind) == MVV.StanceStatement
    assert graph.value(DRAFT, MV.draftSubject) == ID.Kazakhstan  # "Astana refused"
    assert graph.value(DRAFT, MV.draftObject) == ID.Ukraine
    assert str(graph.value(DRAFT, RDFS.label)).startswith("Draft stance (refused): Astana")
    assert graph.value(DRAFT, MV.claimant) == ID.SamuelRamani
    assert graph.value(DRAFT, MV.hasEvidence) == ID[f"evidence/{SID}/411-458"]

    # Drafts are not facts: without them the claim and its evidence are gone, mentions stay.
    loaded = load(project)
    facts = exclude_drafts(loaded.dataset)
    assert (DRAFT, RDF.type, MV.Claim) not in facts.graph(source_graph(SID))
    assert len(list(facts.quads((ID[f"evidence/{SID}/411-458"], None, None, None)))) == 0
    assert len(list(facts.quads((ID[f"mention/{SID}/411-417"], None, None, None)))) > 0

    # Curate: the draft becomes a confirmed claim of its author, dated.
    graph.remove((DRAFT, MV.status, MV.Draft))
    graph.add((DRAFT, MV.status, MV.Curated))
    graph.add((DRAFT, MV.date, Literal("2022-05-16", datatype=XSD.date)))
    path.write_text(canonical_trig({source_graph(SID): graph}), encoding="utf-8")

    check = run("source", "check", SID)
    assert check.exit_code == 0, check.output
    assert "all quotes match" in check.output

    from multivector.validation import ValidationOptions, validate_graph

    loaded = load(project)
    assert draft_nodes(loaded.dataset) == {  # the two drafts not curated yet
        ID[f"claim/{SID}/draft-30-122"], ID[f"claim/{SID}/draft-123-201"]}
    outcome = validate_graph(loaded, ValidationOptions(home=project))
    mine = [
        r for r in outcome.results
        if r.severity == "Violation" and SID in str(r.focus)
    ]
    assert mine == [], [f"{r.focus} {r.path} {r.message}" for r in mine]

    query = run("query", "CQ9", "--param", f"statement={DRAFT}", "--home", str(project))
    assert query.exit_code == 0, query.output
    assert "Astana refused to send peacekeepers to Ukraine." in query.output


def test_unknown_author_and_publisher_become_draft_entities(project: Path) -> None:
    result = run("source", "add", str(EXAMPLE), "--id", SID, "--author", "Jane Analyst",
                 "--publisher", "Nowhere Daily")
    assert result.exit_code == 0, result.output
    author, publisher = ID[f"candidate/{SID}/author"], ID[f"candidate/{SID}/publisher"]
    assert (f"candidate\tauthor\tJane Analyst\t(not in the gazetteer: a draft entity "
            f"id:candidate/{SID}/author;") in result.output
    graph = parse_trig(project / "data" / "sources" / f"{SID}.trig", source_graph(SID))
    doc = ID[f"document/{SID}"]
    dcterms = "http://purl.org/dc/terms/"
    assert graph.value(doc, URIRef(dcterms + "creator")) == author
    assert graph.value(doc, URIRef(dcterms + "publisher")) == publisher
    for node, kind, name in ((author, MV.Person, "Jane Analyst"),
                             (publisher, MV.MediaOutlet, "Nowhere Daily")):
        assert set(graph.predicate_objects(node)) == {
            (RDF.type, kind), (RDFS.label, Literal(name, lang="en")), (MV.status, MV.Draft),
            (PROV.wasDerivedFrom, doc),
        }
    assert graph.value(DRAFT, MV.claimant) == author  # the author's own voice, for now
    assert {author, publisher, DRAFT} <= draft_nodes(graph)


@pytest.mark.parametrize("metadata", [
    ("--author", "Jane Analyst", "--publisher", "Nowhere Daily", "--date", "2022-05"),
    ("--date", "2022"),  # no author at all: the draft claim has no claimant
], ids=["unknown-names", "no-author"])
@pytest.mark.slow  # validates and builds the whole project
def test_adding_never_breaks_validate_or_build(project: Path, metadata: tuple[str, ...]) -> None:
    """Right after `source add`, validate exits 0 with the drafts as sh:Info and build
    succeeds; nothing proposed reaches the built graph."""
    assert run("source", "add", str(EXAMPLE), "--id", SID, *metadata).exit_code == 0
    validated = run("validate", "--format", "json")
    assert validated.exit_code == 0, validated.output
    results = json.loads(validated.stdout)["results"]
    ours = [r for r in results if f"/{SID}" in str(r["focus"])]
    assert ours and {r["severity"] for r in ours} == {"Info"}
    if "--author" not in metadata:
        assert any(r["path"] == "mv:claimant" and r["message"].startswith(
            "Draft, awaiting curation: A claim needs mv:claimant") for r in ours)
    built = run("build")
    assert built.exit_code == 0, built.output
    published = (project / "dist" / "multivector.nq").read_text(encoding="utf-8")
    assert f"candidate/{SID}" not in published and f"claim/{SID}/draft" not in published


def test_an_id_validation_would_reject_is_refused_with_the_rule(project: Path) -> None:
    result = run("source", "add", str(EXAMPLE), "--id", "bar_probe")
    assert result.exit_code == 2
    digest = hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()
    next_number = 1 + max(int(p.name[:3]) for p in (project / "data" / "sources").glob("*.trig"))
    assert result.stderr == (
        "multivector: --id: 'bar_probe' would fail validation: a source id is three digits, '_' "
        "and 16 lower-case hex digits (dcterms:identifier must match ^[0-9]{3}_[0-9a-f]{16}$); "
        f"for example --id {next_number:03d}_{digest[:16]}\n")
    assert not (project / "data" / "sources" / "bar_probe.trig").exists()


def _document(project: Path) -> set[tuple[object, object]]:
    graph = parse_trig(project / "data" / "sources" / f"{SID}.trig", source_graph(SID))
    return set(graph.predicate_objects(ID[f"document/{SID}"]))


def test_force_keeps_the_metadata_given_before_unless_given_again(project: Path) -> None:
    first = run("source", "add", str(EXAMPLE), "--id", SID, "--title", "Summit", "--author",
                "Samuel Ramani", "--publisher", "Nowhere Daily", "--date", "2022-05",
                "--language", "en-GB")
    assert first.exit_code == 0, first.output
    path = project / "data" / "sources" / f"{SID}.trig"
    graph = parse_trig(path, source_graph(SID))  # a curator found the date was inferred
    graph.set((ID[f"document/{SID}"], MV.dateBasis, MVV.InferredDate))
    path.write_text(canonical_trig({source_graph(SID): graph}), encoding="utf-8")
    before = _document(project)
    again = run("source", "add", str(EXAMPLE), "--id", SID, "--force")
    assert again.exit_code == 0, again.output
    assert _document(project) == before  # title, author, publisher (a draft), date, language
    graph = parse_trig(project / "data" / "sources" / f"{SID}.trig", source_graph(SID))
    assert graph.value(ID[f"candidate/{SID}/publisher"], RDFS.label) == Literal(
        "Nowhere Daily", lang="en")
    changed = run("source", "add", str(EXAMPLE), "--id", SID, "--force", "--author",
                  "Jane Analyst", "--date", "2023")
    assert changed.exit_code == 0, changed.output
    dcterms = "http://purl.org/dc/terms/"
    after = dict(_document(project))
    assert after[URIRef(dcterms + "creator")] == ID[f"candidate/{SID}/author"]
    assert after[URIRef(dcterms + "issued")] == Literal("2023-01-01", datatype=XSD.date)
    assert after[URIRef(dcterms + "title")] == Literal("Summit", lang="en-GB")
    assert after[URIRef(dcterms + "publisher")] == ID[f"candidate/{SID}/publisher"]
    assert after[MV.dateBasis] == MVV.StatedDate  # a new --date is a stated one


def test_a_missing_date_is_a_warning(project: Path) -> None:
    result = run("source", "add", str(EXAMPLE), "--id", SID)
    assert result.exit_code == 0, result.output
    assert ("warning: no --date: validation needs the document's dcterms:issued; give --date "
            "(YYYY, YYYY-MM or YYYY-MM-DD) or add it to the graph before building"
            ) in result.output


@pytest.mark.slow  # validates the whole project
def test_a_curated_statement_pointing_at_a_draft_fails_validation(project: Path) -> None:
    """Curating a draft claim whose claimant is still the proposed author would publish a claim
    without claimant (every triple pointing at a draft is dropped): QC refuses it."""
    assert run("source", "add", str(EXAMPLE), "--id", SID, "--author", "Jane Analyst",
               "--date", "2022").exit_code == 0
    path = project / "data" / "sources" / f"{SID}.trig"
    graph = parse_trig(path, source_graph(SID))
    graph.remove((DRAFT, MV.status, MV.Draft))  # curated, but the claimant left as proposed
    path.write_text(canonical_trig({source_graph(SID): graph}), encoding="utf-8")
    result = run("validate")
    assert result.exit_code == 1, result.output
    assert "qc:statement-points-at-draft" in result.output
    assert f"draft=https://w3id.org/multivector/id/candidate/{SID}/author" in result.output


def test_the_same_text_under_a_second_id_is_reported(project: Path) -> None:
    assert add().exit_code == 0
    second = run("source", "add", str(EXAMPLE), "--id", "901_00000000000000ef")
    assert second.exit_code == 0, second.output
    assert (f"warning: the same text is already in the corpus as {SID}.txt (source {SID}); "
            "adding it under '901_00000000000000ef' too duplicates it") in second.output


@pytest.mark.slow
def test_refuses_to_overwrite_without_force(project: Path) -> None:
    assert add().exit_code == 0
    again = add()
    assert again.exit_code == 2
    assert "already exists" in again.output and "--force" in again.output
    assert add("--force").exit_code == 0


def test_refuses_a_different_text_under_the_same_id(project: Path, tmp_path: Path) -> None:
    (tmp_path / "corpus" / f"{SID}.txt").write_text("another text\n", encoding="utf-8")
    result = add()
    assert result.exit_code == 2
    assert "refusing to overwrite" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"\xff\xfe\x00b\x00", "binary"), (b"caf\xe9 au lait", "not UTF-8"), (b"  \n", "empty")],
)
def test_rejects_bad_text(project: Path, tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = run("source", "add", str(bad), "--id", SID)
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (project / "data" / "sources" / f"{SID}.trig").exists()


def test_bad_parameters(project: Path) -> None:
    assert run("source", "add", str(EXAMPLE), "--id", "../evil").exit_code == 2
    bad_date = run("source", "add", str(EXAMPLE), "--id", SID, "--date", "2022-02-30")
    assert bad_date.exit_code == 2 and "--date" in bad_date.output


def test_check_reports_each_mismatch(project: Path, tmp_path: Path) -> None:
    assert add().exit_code == 0
    text = EXAMPLE.read_text(encoding="utf-8").replace("Astana refused", "Astana declined")
    (tmp_path / "corpus" / f"{SID}.txt").write_text(text, encoding="utf-8")
    result = run("source", "check", SID)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert any("mv:sha256" in line for line in lines)
    assert any(f"{SID} 411-458: quote 'Astana refused" in line for line in lines)
    assert any(f"{SID} 411-417" in line for line in lines) is False  # "Astana" still there
