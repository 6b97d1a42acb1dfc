"""The five encoded articles: every quote is the text at its offsets, every sha256 matches the
corpus, and every article carries the kinds of statements its text plainly contains.

The corpus is read from ``MULTIVECTOR_CORPUS`` or ``../shared/corpus``; without it the checks that
need the full texts are skipped with a message saying how to point at it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef
from rdflib.namespace import RDF

from multivector import paths
from multivector.evidence import check_quotes, read_text, sha256_of
from multivector.namespaces import ID, MV

REPO = Path(__file__).resolve().parents[1]
SOURCES = sorted((REPO / "data" / "sources").glob("*.trig"))
SOURCE_IDS = [p.stem for p in SOURCES]

#: The statement kinds each article plainly contains (read from the texts): an encoding that
#: loses all statements of one of these kinds fails.
PLAINLY_CONTAINS: dict[str, set[str]] = {
    # Kazakh opinion piece, June 2017: doctrine principles, the Khachaturov scandal, the
    # Netkachev quote, Ashimbayev and Abdrakhmanov's conditions, the Astana memorandum.
    "000_aac4614664d625b9": {
        "Membership", "PostHolding", "BilateralRelation", "LeadershipAttribution",
        "ConflictParticipation", "Event", "Proposal", "Stance", "Claim", "PolicyPrinciple",
        "ForeignPolicyCharacterisation",
    },
    # RFE/RL, July 2017: Shamanov's announcement and the denial, Urazaev on Karabakh, Sarym.
    "001_7b871defe8eb9c5c": {
        "Membership", "PostHolding", "BilateralRelation", "ConflictParticipation", "Event",
        "Proposal", "Stance", "Claim", "ForeignPolicyCharacterisation",
    },
    # February 2022: the 2014 and 2020 concepts, two-vector, Lenta.ru and the Donbas offer.
    "002_b5d6e7580dcd6e24": {
        "Membership", "PostHolding", "BilateralRelation", "ConflictParticipation", "Event",
        "Proposal", "Stance", "Claim", "PolicyPrinciple", "ForeignPolicyCharacterisation",
    },
    # 2024 republication: the "NATO centre" story, Suslov, Mendkovich, Timofeev.
    "003_55470d216fedd3ee": {
        "Membership", "PostHolding", "BilateralRelation", "Event", "Stance", "Claim",
        "ForeignPolicyCharacterisation",
    },
    # Modern Diplomacy, June 2017: Shamanov, Kalın, the memorandum and its zones, Atambayev.
    "004_c69a8ff58275d965": {
        "Membership", "PostHolding", "BilateralRelation", "ConflictParticipation", "Event",
        "Proposal", "Stance", "Claim", "ForeignPolicyCharacterisation",
    },
}

STATEMENT_KINDS = (
    "Membership", "PostHolding", "BilateralRelation", "LeadershipAttribution",
    "ConflictParticipation", "Event", "Proposal", "Stance", "Claim", "PolicyPrinciple",
    "ForeignPolicyCharacterisation",
)


def load_source(path: Path) -> Dataset:
    dataset = Dataset()
    dataset.parse(path, format="trig")
    return dataset


def corpus_dir() -> Path:
    folder = paths.corpus(REPO)
    if not folder.is_dir():
        pytest.skip(
            f"corpus folder {folder} not found: put the five articles in ../shared/corpus "
            "or set MULTIVECTOR_CORPUS to the folder that holds them"
        )
    return folder


def counts_by_kind(dataset: Dataset, source_id: str) -> Counter[str]:
    graph = dataset.graph(ID[f"source/{source_id}"])
    return Counter(
        kind for kind in STATEMENT_KINDS for _ in graph.subjects(RDF.type, MV[kind])
    )


def test_every_article_is_encoded() -> None:
    assert SOURCE_IDS == sorted(PLAINLY_CONTAINS)


@pytest.mark.parametrize("path", SOURCES, ids=SOURCE_IDS)
def test_every_quote_is_the_text_at_its_offsets(path: Path) -> None:
    text = read_text(corpus_dir() / f"{path.stem}.txt")
    checks = check_quotes(load_source(path), {path.stem: text})
    assert len(checks) >= 40, "an article of this length yields dozens of evidence quotes"
    wrong = [(c.start, c.end, c.exact, c.actual) for c in checks if not c.ok]
    assert wrong == []
    assert all(len(c.exact) <= 300 for c in checks)


@pytest.mark.parametrize("path", SOURCES, ids=SOURCE_IDS)
def test_sha256_matches_the_corpus_file(path: Path) -> None:
    corpus_file = corpus_dir() / f"{path.stem}.txt"
    dataset = load_source(path)
    document = ID[f"document/{path.stem}"]
    recorded = {str(o) for o in dataset.graph(ID[f"source/{path.stem}"]).objects(
        document, MV.sha256)}
    assert recorded == {sha256_of(corpus_file)}


@pytest.mark.parametrize("path", SOURCES, ids=SOURCE_IDS)
def test_article_has_every_kind_its_text_plainly_contains(path: Path) -> None:
    counts = counts_by_kind(load_source(path), path.stem)
    print(f"\n{path.stem}: " + ", ".join(f"{k} {counts[k]}" for k in STATEMENT_KINDS))
    missing = sorted(PLAINLY_CONTAINS[path.stem] - {k for k, n in counts.items() if n})
    assert missing == [], f"{path.stem} has no {', '.join(missing)}"


@pytest.mark.parametrize("path", SOURCES, ids=SOURCE_IDS)
def test_every_statement_is_anchored_in_its_own_article(path: Path) -> None:
    graph = load_source(path).graph(ID[f"source/{path.stem}"])
    document = ID[f"document/{path.stem}"]
    statements = {
        s for kind in STATEMENT_KINDS for s in graph.subjects(RDF.type, MV[kind])
        if isinstance(s, URIRef)
    }
    assert statements
    unanchored = sorted(
        s for s in statements
        if (s, URIRef(str(MV) + "hasEvidence"), None) not in graph
        or (s, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), document) not in graph
    )
    assert unanchored == []


def test_no_duplicate_reference_entities_across_articles() -> None:
    # Articles name states by the reference IRIs; none mints its own "Kazakhstan".
    minted = Counter()
    for path in SOURCES:
        graph = load_source(path).graph(ID[f"source/{path.stem}"])
        for entity in graph.subjects(RDF.type, MV.State):
            minted[entity] += 1
    assert not minted, f"states typed inside source graphs: {sorted(minted)}"
