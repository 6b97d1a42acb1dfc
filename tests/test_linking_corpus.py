"""The linker measured on the five corpus articles: recall against the curated graphs, precision
against a hand-checked sample (tests/fixtures/sources/precision-gold.tsv).

Recall: for each article, the share of the reference entities its curated graph
(``data/sources/<id>.trig``) uses in statement nodes that the linker finds at least once in the
article. Precision: a deterministic ~25 % sample of the linked mentions (SHA-1 of
"<source>:<start>:<end>" divisible by 4) was judged by reading each sentence; a sampled mention
missing from the gold file (or linked to another entity than the one judged) fails the test, so
the gold list stays in step with the linker. ``pytest -s`` prints the figures.
"""

from __future__ import annotations

import csv

import pytest
from benchmarks import linker_quality
from rdflib import URIRef

from multivector.linking import link_text, load_gazetteer
from multivector.loading import parse_trig
from multivector.namespaces import curie, source_graph

# The corpus folder, the article ids, the sample rule and what counts as a statement are the
# benchmark's (``python -m benchmarks.linker_quality``), so the test and the figures agree.
REPO = linker_quality.REPO
GOLD = linker_quality.GOLD
SOURCE_IDS = linker_quality.CORPUS_IDS
NOT_STATEMENTS = linker_quality.NOT_STATEMENTS
corpus_dir = linker_quality.corpus_dir
sampled = linker_quality.sampled


@pytest.fixture(scope="module")
def linked():
    corpus = corpus_dir()
    if not corpus.is_dir():
        pytest.fail(f"corpus not found at {corpus}; set MULTIVECTOR_CORPUS")
    gazetteer = load_gazetteer(REPO)
    out = {}
    for sid in SOURCE_IDS:
        path = corpus / f"{sid}.txt"
        if not path.is_file():  # a missing article fails the test, it never skips it
            pytest.fail(f"corpus article not found: {path}")
        out[sid] = link_text(path.read_text(encoding="utf-8"), gazetteer)
    return gazetteer, out


def curated_entities(sid: str, entities: set[URIRef]) -> set[URIRef] | None:
    path = REPO / "data" / "sources" / f"{sid}.trig"
    if not path.is_file():
        return None
    graph = parse_trig(path.resolve(), source_graph(sid))
    return {
        o for s, _p, o in graph
        if not str(s).startswith(NOT_STATEMENTS) and o in entities
    }


@pytest.mark.slow
def test_recall_against_curated_graphs(linked) -> None:
    gazetteer, mentions = linked
    found_total = curated_total = 0
    for sid, found in mentions.items():
        curated = curated_entities(sid, gazetteer.entities())
        if curated is None:
            print(f"\n{sid}: no curated graph yet, skipped")
            continue
        seen = {e for m in found for e in m.bodies}
        hits = curated & seen
        found_total += len(hits)
        curated_total += len(curated)
        missed = " ".join(sorted(curie(e) for e in curated - seen))
        print(f"\nrecall {sid}: {len(hits)}/{len(curated)}  missed: {missed or '-'}")
    assert curated_total > 0, "no curated source graph to compare with (data/sources/)"
    recall = found_total / curated_total
    print(f"\nrecall overall: {found_total}/{curated_total} = {recall:.3f}")
    # The 0.95 target is on unseen text (tests/test_linking_unseen.py). Here the gold is
    # every entity a curated statement uses, and some are named only indirectly ("Russian
    # deputies", "the religious leaders of the two countries", an anonymous author): a name
    # linker cannot find those, so the floor is the measured 222/234 less a little.
    assert recall >= 0.94


def test_precision_against_gold_sample(linked) -> None:
    _gazetteer, mentions = linked
    with GOLD.open(encoding="utf-8", newline="") as handle:
        gold = {
            (r["source_id"], int(r["start"]), int(r["end"])): r
            for r in csv.DictReader(handle, delimiter="\t")
        }
    judged = correct = 0
    missing: list[str] = []
    for sid, found in mentions.items():
        for m in found:
            if not sampled(sid, m.start, m.end):
                continue
            entity = " ".join(sorted(curie(e) for e in m.bodies))
            row = gold.get((sid, m.start, m.end))
            if row is None or row["entity"] != entity or row["surface"] != m.surface:
                missing.append(f"{sid}\t{m.start}\t{m.end}\t{m.surface}\t{entity}")
                continue
            judged += 1
            correct += row["correct"] == "yes"
    assert not missing, "sampled mentions not in the gold list (judge and add them):\n" + (
        "\n".join(missing)
    )
    assert judged >= 100
    precision = correct / judged
    print(f"\nprecision on the gold sample: {correct}/{judged} = {precision:.3f}")
    assert precision >= 0.9
