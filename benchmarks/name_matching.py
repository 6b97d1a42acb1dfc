"""``python -m benchmarks.name_matching``: the fuzzy person-name threshold, measured.

Why this module exists: :mod:`multivector.linking.fuzzy` links a known person under a spelling
the gazetteer does not list when the surnames are similar enough; how similar is a number to
measure, not to guess. This script runs the matcher's decision
(:func:`multivector.linking.fuzzy.same_person`) on the hand-made pairs of
``tests/fixtures/name-pairs.tsv`` — transliteration variants of one person (``yes``) and different
persons with similar names (``no``: relatives, namesakes, one consonant apart) — over a sweep of
thresholds and prints precision, recall and F1 of "same person" at each.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from multivector.linking.fuzzy import THRESHOLD, same_person

PAIRS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "name-pairs.tsv"


@dataclass(frozen=True)
class Point:
    threshold: float
    precision: float
    recall: float
    false_merges: tuple[str, ...]
    missed: tuple[str, ...]

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_pairs(path: Path = PAIRS) -> list[tuple[str, str, bool]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [(r["text_name"], r["person_name"], r["same"] == "yes")
                for r in csv.DictReader(f, delimiter="\t")]


def sweep(pairs: list[tuple[str, str, bool]], thresholds: list[float]) -> list[Point]:
    points = []
    for t in thresholds:
        said = [(a, b, same, same_person(a, b, t)) for a, b, same in pairs]
        tp = sum(1 for *_x, same, yes in said if same and yes)
        fp = [f"{a} ~ {b}" for a, b, same, yes in said if yes and not same]
        fn = [f"{a} ~ {b}" for a, b, same, yes in said if same and not yes]
        precision = tp / (tp + len(fp)) if tp + len(fp) else 1.0
        recall = tp / (tp + len(fn)) if tp + len(fn) else 1.0
        points.append(Point(t, precision, recall, tuple(fp), tuple(fn)))
    return points


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.name_matching",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="list the false merges and misses at each threshold")
    args = parser.parse_args(argv)
    pairs = read_pairs()
    same = sum(1 for *_x, s in pairs if s)
    print(f"{len(pairs)} pairs ({same} same person, {len(pairs) - same} different); "
          f"chosen threshold {THRESHOLD:.2f}")
    print("threshold  precision  recall  F1")
    for p in sweep(pairs, [round(0.60 + 0.02 * i, 2) for i in range(20)]):
        mark = "  <- chosen" if abs(p.threshold - THRESHOLD) < 1e-9 else ""
        print(f"  {p.threshold:.2f}      {p.precision:.3f}    {p.recall:.3f}  {p.f1:.3f}{mark}")
        if args.verbose:
            print("".join(f"      false merge: {x}\n" for x in p.false_merges)
                  + "".join(f"      missed: {x}\n" for x in p.missed), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
