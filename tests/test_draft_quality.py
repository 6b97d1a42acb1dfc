"""The drafts' evaluation (issue 15, item 6): the hand annotations of statements on the unseen
texts are well formed, the scoring counts what the README says it counts, and the measured
figures do not fall below the floor recorded when they were last written into the README."""

from __future__ import annotations

import csv
import re

import pytest
from benchmarks.draft_quality import (
    UNSEEN,
    Gold,
    measure_unseen,
    score,
    total,
    unseen_gold,
    unseen_slugs,
)
from rdflib import URIRef

from multivector.drafting import KINDS, DraftClaim
from multivector.linking import load_gazetteer
from multivector.namespaces import ID

CURIE = re.compile(r"^id:[A-Za-z0-9_-]+$")


def test_every_unseen_text_has_statement_annotations() -> None:
    texts = sorted(p.stem for p in UNSEEN.glob("*.txt"))
    assert texts and unseen_slugs() == texts


@pytest.mark.parametrize("slug", unseen_slugs())
def test_statement_annotations_are_well_formed(slug: str) -> None:
    text = (UNSEEN / f"{slug}.txt").read_text(encoding="utf-8")
    golds = unseen_gold(slug, text)  # each excerpt exactly once, a known kind
    assert golds
    with (UNSEEN / f"{slug}.statements.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["excerpt", "kind", "subject", "object", "claimant", "note"]
    for row in rows:
        assert row["kind"] in KINDS
        assert row["claimant"] == "author" or CURIE.match(row["claimant"]) or (
            row["claimant"].startswith("unknown:") and row["claimant"][8:].strip()), row
        for actors in (row["subject"], row["object"]):
            assert all(CURIE.match(a) for a in actors.split()), row


def _draft(start: int, end: int, kind: str, claimant: URIRef | None = None,
           reported: bool = False, speaker: str = "") -> DraftClaim:
    return DraftClaim(start, end, "", "", (), "cue", kind, reported=reported,
                      claimant=claimant, speaker=speaker)


def test_scoring_counts_kind_and_claimant() -> None:
    golds = [
        Gold("t", 0, 10, "stance", "author"),
        Gold("t", 20, 30, "claim", "id:VladimirPutin"),
        Gold("t", 40, 50, "claim", "unknown:Riyad Haddad"),
        Gold("t", 60, 70, "event", "author"),  # no draft at all
    ]
    drafts = [
        _draft(0, 12, "stance"),  # right kind, author's voice: right
        _draft(18, 32, "claim", ID.VladimirPutin, reported=True),  # right, right claimant
        _draft(40, 55, "claim", None, reported=True, speaker="Ambassador Riyad Haddad"),
        _draft(80, 90, "event"),  # no statement there: a wrong draft
        _draft(60, 70, "claim"),  # a draft of the wrong kind: the event is missed
    ]
    result = score(golds, drafts)
    assert (result.expected, result.found, result.drafts, result.right) == (4, 3, 5, 3)
    assert (result.claimants, result.claimants_right) == (3, 3)
    assert result.missed == ["t: event '' (drafted as claim)"]
    assert len(result.wrong) == 2
    wrong_speaker = score([Gold("t", 0, 10, "claim", "id:VladimirPutin")],
                          [_draft(0, 10, "claim", ID.Russia, reported=True)])
    assert (wrong_speaker.found, wrong_speaker.claimants_right) == (1, 0)
    assert wrong_speaker.wrong_claimant == [
        "t: '': claimant id:Russia, expected id:VladimirPutin"]


#: Floors under the figures written into README.md ("Drafts on unseen text"): the measured
#: values may rise; a fall below these is a regression of the drafting (or of the linker).
FLOOR_RECALL, FLOOR_PRECISION, FLOOR_CLAIMANT = 0.55, 0.80, 0.80


def test_drafts_on_unseen_text_stay_above_the_floor() -> None:
    from multivector.drafting.triples import KIND_CONCEPTS

    overall = total(measure_unseen(load_gazetteer(UNSEEN.parents[2])).values())
    assert overall.expected == sum(
        len(unseen_gold(s, (UNSEEN / f"{s}.txt").read_text(encoding="utf-8")))
        for s in unseen_slugs())
    assert overall.recall >= FLOOR_RECALL, overall.missed
    assert overall.precision >= FLOOR_PRECISION, overall.wrong
    assert overall.claimant_accuracy >= FLOOR_CLAIMANT, overall.wrong_claimant
    assert set(KIND_CONCEPTS) == set(KINDS)
