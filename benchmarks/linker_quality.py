"""``python -m benchmarks.linker_quality``: recall and precision of the linker, measured.

Why this module exists: the linker's quality is a claim of the README ("Measured on unseen text");
this script is how the figures are made, on two sets of texts kept apart:

* **unseen** — the hand-annotated news items of ``tests/fixtures/unseen/`` (the layout and how
  they were judged: ``tests/fixtures/unseen/README.md``). Every mention a reader would link is
  annotated, so both figures are exact: *recall* = annotated ``link`` spans covered by a mention
  of the annotated entity (or exactly the annotated set, for a group mention) / all ``link``
  spans; *precision* = linked mentions that cover a ``link`` span of their entity / all linked
  mentions. Candidates are scored the same way against the ``candidate`` rows (found with the
  right type and cleaned name) and ``none`` rows (furniture that must not be proposed).
* **corpus** — the five articles of the shared corpus, as ``tests/test_linking_corpus.py``
  measures them: recall against the entities the curated source graphs use in statements,
  precision on the hand-checked sample ``tests/fixtures/sources/precision-gold.tsv``.

The linker is run exactly as ``multivector source add`` runs it (:func:`link_text` then
:func:`find_candidates` on a :class:`TokenTable`).
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

from rdflib import URIRef

from multivector.linking import (
    Candidate,
    Gazetteer,
    Mention,
    find_candidates,
    link_text,
    load_gazetteer,
)
from multivector.linking.tokens import TokenTable
from multivector.namespaces import ID, curie

REPO = Path(__file__).resolve().parents[1]
UNSEEN = REPO / "tests" / "fixtures" / "unseen"
GOLD = REPO / "tests" / "fixtures" / "sources" / "precision-gold.tsv"
CORPUS_IDS = (
    "000_aac4614664d625b9", "001_7b871defe8eb9c5c", "002_b5d6e7580dcd6e24",
    "003_55470d216fedd3ee", "004_c69a8ff58275d965",
)
NOT_STATEMENTS = tuple(str(ID[p]) for p in ("evidence/", "document/", "mention/"))


@dataclass(frozen=True)
class Row:
    """One hand annotation, its span resolved in the text."""

    slug: str
    start: int
    end: int
    surface: str
    expect: str  # link, candidate, unlinked, none
    target: str
    name: str
    post: str

    def overlaps(self, start: int, end: int) -> bool:
        return start < self.end and self.start < end


@dataclass
class Score:
    """Counts and the mistakes behind them (for the report)."""

    expected: int = 0
    found: int = 0
    produced: int = 0
    right: int = 0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.produced if self.produced else 1.0

    def add(self, other: Score) -> None:
        self.expected += other.expected
        self.found += other.found
        self.produced += other.produced
        self.right += other.right
        self.missed += other.missed
        self.wrong += other.wrong


def _expand(target: str) -> frozenset[URIRef]:
    return frozenset(ID[t.removeprefix("id:")] for t in target.split())


def read_rows(slug: str, text: str, folder: Path = UNSEEN) -> list[Row]:
    """The annotations of ``<slug>.entities.csv``, each span found as the ``nth`` occurrence."""
    path = folder / f"{slug}.entities.csv"
    rows = []
    with path.open(encoding="utf-8", newline="") as f:
        for line, rec in enumerate(csv.DictReader(f), start=2):
            at = -1
            for _ in range(int(rec["nth"])):
                at = text.find(rec["surface"], at + 1)
                if at < 0:
                    raise ValueError(f"{path}:{line}: occurrence {rec['nth']} of "
                                     f"{rec['surface']!r} not in the text")
            rows.append(Row(slug, at, at + len(rec["surface"]), rec["surface"], rec["expect"],
                            rec["target"], rec["name"], rec["post"]))
    return rows


def analyse(text: str, gazetteer: Gazetteer) -> tuple[list[Mention], list[Candidate]]:
    """What ``source add`` finds in ``text``: mentions, then candidates."""
    tokens = TokenTable(text)
    mentions = link_text(text, gazetteer, tokens)
    return mentions, find_candidates(text, mentions, tokens)


def _where(slug: str, start: int, surface: str) -> str:
    return f"{slug}@{start} {surface!r}"


def score_links(rows: list[Row], mentions: list[Mention]) -> Score:
    links = [r for r in rows if r.expect == "link"]
    score = Score(expected=len(links), produced=len(mentions))
    for row in links:
        want = _expand(row.target)
        hit = any(
            row.overlaps(m.start, m.end)
            and (set(m.bodies) == want if len(want) > 1 else m.entity in want)
            for m in mentions
        )
        if hit:
            score.found += 1
        else:
            got = [" ".join(curie(e) for e in m.bodies) for m in mentions
                   if row.overlaps(m.start, m.end)]
            score.missed.append(f"{_where(row.slug, row.start, row.surface)} → {row.target}"
                                f" (got {', '.join(got) or 'nothing'})")
    for m in mentions:
        bodies = set(m.bodies)
        ok = any(
            r.overlaps(m.start, m.end)
            and (bodies == _expand(r.target) if len(bodies) > 1 else m.entity in _expand(r.target))
            for r in links
        )
        if ok:
            score.right += 1
        else:
            slug = rows[0].slug if rows else "?"
            score.wrong.append(f"{_where(slug, m.start, m.surface)} → "
                               + " ".join(curie(e) for e in m.bodies))
    return score


def score_candidates(rows: list[Row], candidates: list[Candidate]) -> Score:
    """Recall: ``candidate`` rows proposed with the right type and name (and post hint, when the
    row gives one). Precision: proposed candidates that answer some ``candidate`` row; a candidate
    over an ``unlinked`` row is neither right nor wrong (not counted); over a ``none`` row or over
    nothing annotated, it is wrong."""
    wanted = [r for r in rows if r.expect == "candidate"]
    neutral = [r for r in rows if r.expect == "unlinked"]
    score = Score(expected=len(wanted))
    for row in wanted:
        if any(_answers(row, c) for c in candidates):
            score.found += 1
        else:
            got = [f"{c.kind}:{c.name}|{c.post}" for c in candidates
                   if row.overlaps(c.start, c.end)]
            score.missed.append(f"{_where(row.slug, row.start, row.surface)} → {row.target}:"
                                f"{row.name}|{row.post} (got {', '.join(got) or 'nothing'})")
    slug = rows[0].slug if rows else "?"
    for c in candidates:
        if any(_answers(r, c) for r in wanted):
            score.produced += 1
            score.right += 1
        elif any(r.overlaps(c.start, c.end) for r in neutral):
            continue
        else:
            score.produced += 1
            score.wrong.append(f"{_where(slug, c.start, c.text)} → {c.kind}:{c.name}|{c.post}")
    return score


def _answers(row: Row, cand: Candidate) -> bool:
    return (
        row.overlaps(cand.start, cand.end)
        and cand.kind == row.target
        and cand.name == row.name
        and (not row.post or cand.post == row.post)
    )


def slugs(folder: Path = UNSEEN) -> list[str]:
    return sorted(p.name.removesuffix(".entities.csv") for p in folder.glob("*.entities.csv"))


def unseen(gazetteer: Gazetteer, folder: Path = UNSEEN) -> tuple[Score, Score]:
    """(links, candidates) over every annotated unseen text."""
    links, cands = Score(), Score()
    for slug in slugs(folder):
        text = (folder / f"{slug}.txt").read_text(encoding="utf-8")
        rows = read_rows(slug, text, folder)
        mentions, candidates = analyse(text, gazetteer)
        links.add(score_links(rows, mentions))
        cands.add(score_candidates(rows, candidates))
    return links, cands


def corpus_dir() -> Path:
    env = os.environ.get("MULTIVECTOR_CORPUS")
    return Path(env) if env else (REPO / ".." / "shared" / "corpus").resolve()


def sampled(source_id: str, start: int, end: int) -> bool:
    digest = hashlib.sha1(f"{source_id}:{start}:{end}".encode()).hexdigest()
    return int(digest, 16) % 4 == 0


def corpus(gazetteer: Gazetteer, folder: Path | None = None) -> Score | None:
    """Recall against the curated graphs, precision on the judged sample; None without corpus."""
    from multivector.loading import parse_trig
    from multivector.namespaces import source_graph

    folder = folder or corpus_dir()
    gold: dict[tuple[str, int, int], tuple[str, str]] = {}
    with GOLD.open(encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f, delimiter="\t"):
            gold[(rec["source_id"], int(rec["start"]), int(rec["end"]))] = (
                rec["entity"], rec["correct"])
    score = Score()
    any_text = False
    for sid in CORPUS_IDS:
        path = folder / f"{sid}.txt"
        if not path.is_file():
            continue
        any_text = True
        mentions, _ = analyse(path.read_text(encoding="utf-8"), gazetteer)
        graph_file = REPO / "data" / "sources" / f"{sid}.trig"
        curated = {
            o for s, _p, o in parse_trig(graph_file.resolve(), source_graph(sid))
            if not str(s).startswith(NOT_STATEMENTS) and o in gazetteer.types
        }
        linked = {e for m in mentions for e in m.bodies}
        score.expected += len(curated)
        score.found += len(curated & linked)
        score.missed += [f"{sid}: {curie(e)}" for e in sorted(curated - linked)]
        for m in mentions:
            if not sampled(sid, m.start, m.end):
                continue
            judged = gold.get((sid, m.start, m.end))
            score.produced += 1
            bodies = " ".join(sorted(curie(e) for e in m.bodies))
            if judged and judged[0] == bodies and judged[1] == "yes":
                score.right += 1
            else:
                score.wrong.append(f"{sid}@{m.start} {m.surface!r} → {curie(m.entity)}"
                                   f" (judged: {judged[0] + ' ' + judged[1] if judged else '-'})")
    return score if any_text else None


def _report(name: str, score: Score, lines: list[str], verbose: bool) -> None:
    lines.append(f"{name}: recall {score.recall:.3f} ({score.found}/{score.expected}), "
                 f"precision {score.precision:.3f} ({score.right}/{score.produced})")
    if verbose:
        lines += [f"  missed {m}" for m in score.missed]
        lines += [f"  wrong  {w}" for w in score.wrong]


def report(gazetteer: Gazetteer, verbose: bool = False) -> list[str]:
    lines: list[str] = []
    links, cands = unseen(gazetteer)
    _report("unseen links", links, lines, verbose)
    _report("unseen candidates", cands, lines, verbose)
    found = corpus(gazetteer)
    if found is None:
        lines.append(f"corpus: no articles in {corpus_dir()} (set MULTIVECTOR_CORPUS)")
    else:
        _report("corpus links", found, lines, verbose)
    return lines


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.linker_quality",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="list every missed and wrong link and candidate")
    args = parser.parse_args(list(argv) if argv is not None else None)
    for line in report(load_gazetteer(REPO), args.verbose):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
