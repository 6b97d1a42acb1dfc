"""`source add` writes its graph with the streaming writer (:mod:`multivector.trig_stream`):
the file must be byte for byte what ``canonical_trig`` writes for the same triples, which must be
the triples ``add_mention``/``add_draft`` put in an rdflib graph; `fmt --check` accepts it; and a
failure while writing leaves nothing behind. The speed is a benchmark (`--steps source-add`)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from typer.testing import CliRunner

from multivector import sources, trig_stream
from multivector.canonical import canonical_trig
from multivector.cli import app
from multivector.drafting import add_draft
from multivector.errors import InputError, OutputError
from multivector.evidence import document_iri
from multivector.namespaces import ID, MV, OA, source_graph
from multivector.trig_stream import Family, Iri, Lit

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "tests" / "fixtures" / "sources" / "example-article.txt"
CORPUS_IDS = [
    "000_aac4614664d625b9", "001_7b871defe8eb9c5c", "002_b5d6e7580dcd6e24",
    "003_55470d216fedd3ee", "004_c69a8ff58275d965",
]
HOSTILE = [
    'He said "no" \\ and \\" left',
    'Line one\nline two with """ triple quotes and a final quote"',
    "Windows\r\nline end, tab\there, form\x0cfeed, separators\u2028and\u2029, NEL\x85",
    "Ünïcödé — Қазақстан, Кыргызстан, 中文, emoji 🛰️, right-to-left שלום",
    '"""starts and ends with triple quotes"""',
    "@prefix ex: <http://example.org/> .\n@prefix line inside a literal",
    "x" * 20_000 + "\n" + "y" * 5_000,
    "ends with a backslash \\",
    "",
]


def corpus_dir() -> Path:
    env = os.environ.get("MULTIVECTOR_CORPUS")
    return Path(env) if env else (REPO / ".." / "shared" / "corpus").resolve()


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("stream") / "home"
    for folder in ("ontology", "data"):
        shutil.copytree(REPO / folder, root / folder)
    return root


class Captured:
    """The families ``register_source`` handed to the writer."""

    families: list[Family]


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> Captured:
    seen = Captured()
    real = sources.write_trig

    def spy(out, graph, families):
        seen.families = families
        return real(out, graph, families)

    monkeypatch.setattr(sources, "write_trig", spy)
    return seen


def graph_the_old_way(report: sources.SourceReport, families: list[Family]) -> Graph:
    """The source graph as register_source built it before the streaming writer: an rdflib
    graph filled by add_mention/add_draft (the document node taken from the families)."""
    graph = Graph()
    doc = document_iri(report.source_id)
    graph.add((doc, RDF.type, MV.SourceDocument))
    for predicate, obj in families[0].describe(0):
        graph.add((doc, predicate, trig_stream.to_rdflib(obj)))
    proposed_types = set(sources.PROPOSED_CLASS.values())
    for family in families[1:]:  # the draft entities proposed for unknown names
        if family.rdf_type in proposed_types:
            node = trig_stream.to_rdflib(family.subject(0))
            graph.add((node, RDF.type, family.rdf_type))
            for predicate, obj in family.describe(0):
                graph.add((node, predicate, trig_stream.to_rdflib(obj)))
    claimant = graph.value(doc, URIRef("http://purl.org/dc/terms/creator"))
    for mention in report.mentions:
        sources.add_mention(graph, report.source_id, mention)
    for draft in report.drafts:
        add_draft(graph, report.source_id, draft,
                  author=claimant if isinstance(claimant, URIRef) else None)
    return graph


def add_and_compare(home: Path, tmp_path: Path, captured: Captured, text_file: Path,
                    source_id: str, **metadata: str) -> sources.SourceReport:
    report = sources.register_source(text_file, source_id, project_home=home,
                                     corpus_dir=tmp_path / "corpus", force=True, **metadata)
    written = report.graph_file.read_bytes()
    streamed = Graph()
    for triple in trig_stream.graph_triples(captured.families):
        streamed.add(triple)
    old = graph_the_old_way(report, captured.families)
    assert set(streamed) == set(old)  # the families hold exactly the old triples
    expected = canonical_trig({source_graph(source_id): old}).encode("utf-8", "replace")
    assert written == expected
    result = CliRunner().invoke(app, ["fmt", "--check", str(report.graph_file)])
    assert result.exit_code == 0, result.output
    return report


@pytest.mark.slow
@pytest.mark.parametrize("source_id", CORPUS_IDS)
def test_corpus_articles_are_written_as_canonical_trig(
    home: Path, tmp_path: Path, captured: Captured, source_id: str
) -> None:
    article = corpus_dir() / f"{source_id}.txt"
    assert article.is_file(), f"corpus article not found at {article}; set MULTIVECTOR_CORPUS"
    report = add_and_compare(home, tmp_path, captured, article, source_id,
                             author="Vladimir Putin", publisher="RFE/RL", date="2021-03")
    assert len(report.mentions) > 50 and report.drafts


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_metadata_is_written_as_canonical_trig(
    home: Path, tmp_path: Path, captured: Captured, value: str
) -> None:
    add_and_compare(home, tmp_path, captured, EXAMPLE, "900_00000000000000ee",
                    title=value or "t", author=value, publisher=value + " Press",
                    date="2022-05-16", language="en-GB")


def test_hostile_text_and_source_id(home: Path, tmp_path: Path, captured: Captured) -> None:
    text = tmp_path / "hostile.txt"
    text.write_text(
        '"Kazakhstan"\u2028and "Russia" signed.\nNATO\x0cdeployed troops to Ukraine; '
        'Moscow\x85refused. Astana\\ and Minsk """ agreed\r\nwith Armenia.\n' * 40,
        encoding="utf-8",
    )
    report = add_and_compare(home, tmp_path, captured, text, "950_0dd1d00000000aaa")
    assert report.mentions and report.drafts


def test_writer_matches_rdflib_on_synthetic_families() -> None:
    """Terms the source graph does not use but the writer accepts: a subject shared by two
    families, objects in namespaces without a prefix, numbers and booleans in rdflib's short
    form, decimals, language tags, several objects of one predicate, IRIs and literals mixed."""
    ex = "http://example.org/"
    people = [URIRef(f"{ex}p{i}") for i in range(5)]

    def person(i: int) -> trig_stream.Pairs:
        return [
            (RDFS.label, Lit(f"Person {i}", "en")),
            (MV.age, Literal(30 + i)),
            (MV.ok, Literal(i % 2 == 0)),
            (MV.score, Literal(f"{i}.50", datatype=XSD.decimal)),
            (OA.start, Lit(f"{i}", None, XSD.nonNegativeInteger)),
            (OA.end, URIRef(f"http://unbound.example/ns/o{i}")),
            (MV.about, ID[f"Entity{i % 3}"]),
            (MV.about, ID["Entity9"]),
            (MV.about, Lit("a literal among IRIs")),
            (MV.content, Lit('multi\nline "quoted"', "en")),
        ]

    families = [
        Family(MV.Claim, 5, lambda i: people[i], person),
        Family(MV.Claim, 2, lambda i: people[i * 2], lambda i: [(MV.status, MV.Draft)]),
        Family(OA.Annotation, 3, lambda i: Iri(ID[f"mention/x/{i}-{i + 1}"]),
               lambda i: [(OA.hasBody, ID.Kazakhstan), (OA.hasBody, ID[f"E{i}"])]),
        Family(MV.Person, 2, lambda i: ID[f"Person{i}"],  # one object a predicate
               lambda i: [(OA.exact, Lit("x")), (MV.about, ID.Russia),
                          (RDFS.label, Lit(f"P{i}", "en")), (OA.hasBody, Iri(ID["mention/x"]))]),
    ]
    graph = Graph()
    for triple in trig_stream.graph_triples(families):
        graph.add(triple)
    name = str(source_graph("synthetic"))
    assert trig_stream.trig_text(name, families) == canonical_trig({URIRef(name): graph})


def test_a_predicate_without_a_prefix_is_refused() -> None:
    families = [Family(MV.Claim, 1, lambda i: ID.c, lambda i: [(URIRef("http://a.example/p"),
                                                                Lit("x"))])]
    with pytest.raises(ValueError, match="has no prefix"):
        trig_stream.trig_text("http://example.org/g", families)


def test_blank_nodes_are_refused() -> None:
    from rdflib import BNode

    families = [Family(MV.Claim, 1, lambda i: BNode("b0"), lambda i: [])]
    with pytest.raises(ValueError, match="blank node"):
        trig_stream.trig_text("http://example.org/g", families)


def test_a_failure_while_writing_leaves_nothing(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(out, graph, families):
        out.write(b"half a graph")
        raise InputError("synthetic failure")

    monkeypatch.setattr(sources, "write_trig", broken)
    corpus = tmp_path / "corpus"
    with pytest.raises(InputError, match="synthetic failure"):
        sources.register_source(EXAMPLE, "901_00000000000000ee", project_home=home,
                                corpus_dir=corpus)
    folder = home / "data" / "sources"
    assert not (folder / "901_00000000000000ee.trig").exists()
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert not (corpus / "901_00000000000000ee.txt").exists()


def test_a_graph_folder_that_cannot_be_written_is_one_error(
    home: Path, tmp_path: Path
) -> None:
    if os.geteuid() == 0:
        blocked = tmp_path / "file-not-folder"
        blocked.write_text("x")
        project = tmp_path / "project"
        shutil.copytree(home / "ontology", project / "ontology")
        shutil.copytree(home / "data", project / "data")
        shutil.rmtree(project / "data" / "sources")
        (project / "data" / "sources").write_text("a file where the folder should be")
    else:
        project = tmp_path / "project"
        shutil.copytree(home / "ontology", project / "ontology")
        shutil.copytree(home / "data", project / "data")
        (project / "data" / "sources").chmod(0o555)
    corpus = tmp_path / "corpus"
    with pytest.raises(OutputError) as error:
        sources.register_source(EXAMPLE, "902_00000000000000ee", project_home=project,
                                corpus_dir=corpus)
    assert "902_00000000000000ee.trig" in str(error.value)
    assert not (corpus / "902_00000000000000ee.txt").exists()
