"""Drafts are never facts: the one draft policy.

``multivector source add`` proposes draft statements (:mod:`multivector.drafting`: every sentence
that names two or more linked entities with a cue verb becomes an ``mv:Claim`` with ``mv:status
mv:Draft``, typed by its likely kind) and draft entities for unknown authors and publishers. A
person confirms, edits or deletes each one. :func:`without_drafts` removes drafts (and the
evidence only they use) right after loading, before the rules run, so nothing is ever inferred
from a draft; every command that reads the graph does this unless asked to include drafts
(``--include-drafts``).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from multivector.loading import LoadedGraph
from multivector.namespaces import MV, bind_prefixes
from multivector.terms import to_ox


def draft_nodes(graph: Graph | Dataset) -> set[URIRef]:
    """Every node marked ``mv:status mv:Draft`` (in any named graph of a Dataset)."""
    if isinstance(graph, Dataset):
        return {
            s for s, _p, _o, _g in graph.quads((None, MV.status, MV.Draft, None))
            if isinstance(s, URIRef)
        }
    return {s for s in graph.subjects(MV.status, MV.Draft) if isinstance(s, URIRef)}


_STATUS = ox.NamedNode(str(MV.status))
_DRAFT = ox.NamedNode(str(MV.Draft))


def marks_drafts(quads: list[ox.Quad]) -> bool:
    """Whether any IRI is marked ``mv:status mv:Draft`` in ``quads`` (:func:`draft_nodes` is
    empty exactly when not)."""
    return any(q.predicate == _STATUS and q.object == _DRAFT
               and isinstance(q.subject, ox.NamedNode) for q in quads)


def _evidence_parts(annotation: URIRef) -> set[URIRef]:
    base = str(annotation)
    return {annotation, URIRef(f"{base}/target"), URIRef(f"{base}/quote"),
            URIRef(f"{base}/position")}


def draft_closure(dataset: Dataset) -> set[URIRef]:
    """The draft nodes plus the evidence nodes (annotation, target, quote, position) that only
    drafts use: everything the draft policy removes (an annotation shared with a curated
    statement stays)."""
    drafts = draft_nodes(dataset)
    if not drafts:
        return set()
    used_by_drafts: set[URIRef] = set()
    used_by_others: set[URIRef] = set()
    for s, _p, o, _g in dataset.quads((None, MV.hasEvidence, None, None)):
        (used_by_drafts if s in drafts else used_by_others).add(o)
    drop: set[URIRef] = set(drafts)
    for annotation in used_by_drafts - used_by_others:
        if isinstance(annotation, URIRef):
            drop |= _evidence_parts(annotation)
    return drop


def exclude_drafts(dataset: Dataset) -> Dataset:
    """A copy of ``dataset`` without the :func:`draft_closure` nodes and every triple that has
    one of them as subject or object."""
    drop = draft_closure(dataset)
    copy = Dataset()
    bind_prefixes(copy)
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if s in drop or o in drop:
            continue
        name = g.identifier if isinstance(g, Graph) else g
        if name is None:
            name = DATASET_DEFAULT_GRAPH_ID
        copy.graph(name).add((s, p, o))
    return copy


def without_drafts(loaded: LoadedGraph) -> LoadedGraph:
    """The loaded project without drafts (:func:`exclude_drafts`), its quads and per-file spans
    filtered alike; ``loaded`` itself when it holds no draft (nothing is copied).

    This is the project's one draft policy, applied by :func:`multivector.build.reason` right
    after loading and *before* materialization, so that no inference from a draft exists in a
    graph built without drafts.
    """
    if loaded.quads and not loaded.has_dataset and not marks_drafts(loaded.quads):
        return loaded  # no draft: the Dataset need not be made to know it
    drop = draft_closure(loaded.dataset)
    if not drop:
        return loaded
    dropped = {to_ox(node) for node in drop}
    quads: list[ox.Quad] = []
    spans: list[tuple[Path, int, int]] = []
    for path, start, end in loaded.file_spans:
        first = len(quads)
        quads.extend(
            q for q in loaded.quads[start:end]
            if q.subject not in dropped and q.object not in dropped
        )
        spans.append((path, first, len(quads)))
    return loaded.replace(dataset=exclude_drafts(loaded.dataset), quads=quads, file_spans=spans)




#: What distinguishes an output written with drafts from the draft-free one of the same format.
WITH_DRAFTS_SUFFIX = "-with-drafts"


def output_name(filename: str, include_drafts: bool) -> str:
    """The file name of an output: ``multivector.trig`` for the draft-free graph,
    ``multivector-with-drafts.trig`` with drafts — one name never holds both contents."""
    if not include_drafts:
        return filename
    stem, dot, suffix = filename.partition(".")
    return f"{stem}{WITH_DRAFTS_SUFFIX}{dot}{suffix}"


__all__ = [
    "WITH_DRAFTS_SUFFIX", "draft_closure", "draft_nodes", "exclude_drafts", "output_name",
    "without_drafts",
]
