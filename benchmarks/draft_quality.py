"""``python -m benchmarks.draft_quality``: how many drafts are worth curating, measured.

Why this module exists: the README's figures for the drafts of ``source add`` are made here, on
two sets of texts kept apart:

* **unseen** — the news items of ``tests/fixtures/unseen/`` with their hand-annotated statements
  (``<slug>.statements.csv``; layout and judging: that folder's README). *Recall* = annotated
  statements whose sentence produced a draft of the annotated kind / all annotated statements;
  *precision* = drafts whose span holds an annotated statement of the draft's kind / all drafts.
  For the statements found, the *claimant* is scored too: the author for the article's own
  voice, the annotated entity for reported words, or no claimant (and the speaker's name in the
  label) for a speaker the graph does not know.
* **corpus** — the five articles of the shared corpus, against their curated source graphs
  (``data/sources/*.trig``): each curated statement of one of the draft kinds, at each of its
  evidence spans, is a gold statement of its class's kind. The curators encoded what mattered to
  them, not every statement of a text, so precision there is a lower bound.
* **corpus sample** — a third of the corpus drafts (those whose SHA-1("source:start:end") leaves
  remainder 1 modulo 3) judged by hand (``tests/fixtures/sources/drafts-sample-gold.tsv``: the
  right kind and claimant of each sentence): precision and claimant accuracy; drafts of the
  sample that were not judged (new spans) are counted apart.

The drafts are made exactly as ``multivector source add`` makes them (linker on a
:class:`TokenTable`, candidates, :func:`multivector.drafting.find_drafts`).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, URIRef

from multivector.drafting import KINDS, DraftClaim, find_drafts
from multivector.linking import Gazetteer, find_candidates, link_text, load_gazetteer
from multivector.linking.tokens import TokenTable
from multivector.loading import parse_trig
from multivector.namespaces import MV, OA, curie, source_graph

REPO = Path(__file__).resolve().parents[1]
UNSEEN = REPO / "tests" / "fixtures" / "unseen"
SAMPLE_GOLD = REPO / "tests" / "fixtures" / "sources" / "drafts-sample-gold.tsv"
CORPUS_IDS = (
    "000_aac4614664d625b9", "001_7b871defe8eb9c5c", "002_b5d6e7580dcd6e24",
    "003_55470d216fedd3ee", "004_c69a8ff58275d965",
)
#: ontology class → statement kind (the inverse of :data:`multivector.drafting.KINDS`)
CLASS_KINDS = {MV[name]: kind for kind, name in KINDS.items()}


@dataclass(frozen=True)
class Gold:
    """One hand-annotated (or curated) statement at a span of a text."""

    where: str  # slug or source id
    start: int
    end: int
    kind: str
    claimant: str = ""  # "author", a CURIE, "unknown:<name>", or "" (not judged)
    text: str = ""

    def overlaps(self, draft: DraftClaim) -> bool:
        return draft.start < self.end and self.start < draft.end


@dataclass
class Score:
    """Counts, and the mistakes behind them."""

    expected: int = 0
    found: int = 0
    drafts: int = 0
    right: int = 0
    claimants: int = 0  # of the found statements whose claimant was judged
    claimants_right: int = 0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    wrong_claimant: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.drafts if self.drafts else 1.0

    @property
    def claimant_accuracy(self) -> float:
        return self.claimants_right / self.claimants if self.claimants else 1.0

    def add(self, other: Score) -> None:
        for name in ("expected", "found", "drafts", "right", "claimants", "claimants_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.missed += other.missed
        self.wrong += other.wrong
        self.wrong_claimant += other.wrong_claimant


def drafts_of(text: str, gazetteer: Gazetteer) -> list[DraftClaim]:
    """The drafts ``source add`` proposes for ``text``."""
    tokens = TokenTable(text)
    mentions = link_text(text, gazetteer, tokens)
    candidates = find_candidates(text, mentions, tokens)
    return find_drafts(text, mentions, candidates)


def claimant_right(gold: Gold, draft: DraftClaim) -> bool:
    """Does the draft's claimant match the annotation?"""
    if gold.claimant == "author":
        return not draft.reported
    if gold.claimant.startswith("unknown:"):
        family = gold.claimant.removeprefix("unknown:").split()[-1]
        return draft.reported and draft.claimant is None and family in draft.speaker
    return draft.reported and draft.claimant is not None and curie(draft.claimant) == gold.claimant


def score(golds: list[Gold], drafts: list[DraftClaim]) -> Score:
    """Recall, precision and claimant accuracy of ``drafts`` against ``golds`` (one text)."""
    result = Score(expected=len(golds), drafts=len(drafts))
    for gold in golds:
        hits = [d for d in drafts if gold.overlaps(d) and d.kind == gold.kind]
        if not hits:
            made = [d.kind for d in drafts if gold.overlaps(d)]
            result.missed.append(f"{gold.where}: {gold.kind} {gold.text!r}"
                                 + (f" (drafted as {', '.join(made)})" if made else ""))
            continue
        result.found += 1
        if gold.claimant:
            result.claimants += 1
            if any(claimant_right(gold, d) for d in hits):
                result.claimants_right += 1
            else:
                d = hits[0]
                said = (curie(d.claimant) if d.claimant else repr(d.speaker) if d.reported
                        else "author")
                result.wrong_claimant.append(
                    f"{gold.where}: {gold.text!r}: claimant {said}, expected {gold.claimant}")
    for draft in drafts:
        if any(g.overlaps(draft) and g.kind == draft.kind for g in golds):
            result.right += 1
        else:
            result.wrong.append(f"{draft.kind} ({draft.cue}): {draft.quote[:90]!r}")
    return result


def unseen_gold(slug: str, text: str) -> list[Gold]:
    """The statements annotated for one unseen text, each at its excerpt."""
    golds = []
    path = UNSEEN / f"{slug}.statements.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            excerpt = row["excerpt"]
            if text.count(excerpt) != 1 or row["kind"] not in KINDS:
                raise ValueError(f"{path}:{line}: excerpt not exactly once in the text, or "
                                 f"unknown kind {row['kind']!r}")
            start = text.index(excerpt)
            golds.append(Gold(slug, start, start + len(excerpt), row["kind"], row["claimant"],
                              excerpt))
    return golds


def corpus_gold(source_id: str, data: Path) -> list[Gold]:
    """The curated statements of one corpus article, one per evidence span."""
    graph = parse_trig(data / "sources" / f"{source_id}.trig", source_graph(source_id))
    golds = []
    for cls, kind in CLASS_KINDS.items():
        for node in graph.subjects(RDF.type, cls):
            if (node, MV.status, MV.Draft) in graph:
                continue
            for evidence in graph.objects(node, MV.hasEvidence):
                position = URIRef(f"{evidence}/position")
                start, end = graph.value(position, OA.start), graph.value(position, OA.end)
                if start is not None and end is not None:
                    golds.append(Gold(source_id, int(start), int(end), kind,
                                      text=str(node).rsplit("/", 1)[-1]))
    return golds


def unseen_slugs() -> list[str]:
    """The unseen texts with statement annotations (an annotation may wait for its text: the
    texts and the annotations of statements are written by different hands)."""
    return sorted(slug for p in UNSEEN.glob("*.statements.csv")
                  if (UNSEEN / f"{(slug := p.name.removesuffix('.statements.csv'))}.txt")
                  .is_file())


def measure_unseen(gazetteer: Gazetteer) -> dict[str, Score]:
    results = {}
    for slug in unseen_slugs():
        text = (UNSEEN / f"{slug}.txt").read_text(encoding="utf-8")
        results[slug] = score(unseen_gold(slug, text), drafts_of(text, gazetteer))
    return results


def measure_corpus(gazetteer: Gazetteer, corpus: Path, data: Path) -> dict[str, Score]:
    results = {}
    for source_id in CORPUS_IDS:
        text = (corpus / f"{source_id}.txt").read_text(encoding="utf-8")
        results[source_id] = score(corpus_gold(source_id, data), drafts_of(text, gazetteer))
    return results


def in_sample(source_id: str, draft: DraftClaim) -> bool:
    """Is the draft in the hand-judged third of the corpus drafts?"""
    digest = hashlib.sha1(f"{source_id}:{draft.start}:{draft.end}".encode()).hexdigest()
    return int(digest, 16) % 3 == 1


def sample_gold() -> dict[tuple[str, int, int], tuple[str, str]]:
    """(source, start, end) → (kind, claimant) of the hand-judged corpus drafts."""
    rows = [line.split("\t") for line in SAMPLE_GOLD.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    return {(r[0], int(r[1]), int(r[2])): (r[3], r[4]) for r in rows[1:]}


def claimant_matches(judged: str, draft: DraftClaim) -> bool:
    """A judged claimant (several CURIEs: any of them) against a draft."""
    return any(claimant_right(Gold("", 0, 0, "", one), draft) for one in judged.split(" ")
               ) if judged.startswith("id:") else claimant_right(Gold("", 0, 0, "", judged), draft)


def measure_corpus_sample(gazetteer: Gazetteer, corpus: Path) -> tuple[Score, int]:
    """Precision and claimant accuracy on the hand-judged sample; and how many drafts of the
    sample were not judged."""
    judged = sample_gold()
    result, unjudged = Score(), 0
    for source_id in CORPUS_IDS:
        text = (corpus / f"{source_id}.txt").read_text(encoding="utf-8")
        for draft in drafts_of(text, gazetteer):
            if not in_sample(source_id, draft):
                continue
            row = judged.get((source_id, draft.start, draft.end))
            if row is None:
                unjudged += 1
                continue
            result.drafts += 1
            result.claimants += 1
            where = f"{source_id} {draft.start}-{draft.end}"
            if draft.kind == row[0]:
                result.right += 1
            else:
                result.wrong.append(f"{where}: {draft.kind}, judged {row[0]}")
            if claimant_matches(row[1], draft):
                result.claimants_right += 1
            else:
                result.wrong_claimant.append(f"{where}: judged {row[1]}")
    return result, unjudged


def total(scores: Iterable[Score]) -> Score:
    overall = Score()
    for item in scores:
        overall.add(item)
    return overall


def report(name: str, scores: dict[str, Score], verbose: bool) -> list[str]:
    lines = [f"## {name}", "", "| text | statements found | drafts right | claimant right |",
             "|---|---|---|---|"]
    for where, s in [*scores.items(), ("**all**", total(scores.values()))]:
        lines.append(f"| {where} | {s.found}/{s.expected} | {s.right}/{s.drafts} | "
                     f"{s.claimants_right}/{s.claimants} |")
    overall = total(scores.values())
    lines += ["", f"recall {overall.recall:.2f}, precision {overall.precision:.2f}, "
              f"claimant {overall.claimant_accuracy:.2f}", ""]
    if verbose:
        for title, items in (("missed", overall.missed), ("wrong drafts", overall.wrong),
                             ("wrong claimant", overall.wrong_claimant)):
            lines += [f"{title}:", *(f"  - {item}" for item in items), ""]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.draft_quality",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=os.environ.get(
        "MULTIVECTOR_CORPUS", str(REPO.parent / "shared" / "corpus")),
        help="folder of the corpus texts (default: $MULTIVECTOR_CORPUS or ../shared/corpus)")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every mistake")
    args = parser.parse_args(argv)
    gazetteer = load_gazetteer(REPO)
    lines = report("unseen", measure_unseen(gazetteer), args.verbose)
    corpus = Path(args.corpus)
    if corpus.is_dir():
        lines += report("corpus", measure_corpus(gazetteer, corpus, REPO / "data"),
                        args.verbose)
        sample, unjudged = measure_corpus_sample(gazetteer, corpus)
        lines += ["## corpus sample (judged by hand)", "",
                  f"precision {sample.precision:.2f} ({sample.right}/{sample.drafts}), "
                  f"claimant {sample.claimant_accuracy:.2f} "
                  f"({sample.claimants_right}/{sample.claimants}); "
                  f"{unjudged} drafts of the sample not judged", ""]
        if args.verbose:
            lines += [*(f"  - {w}" for w in sample.wrong + sample.wrong_claimant), ""]
    else:
        print(f"draft_quality: no corpus folder {corpus}; corpus figures skipped",
              file=sys.stderr)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
