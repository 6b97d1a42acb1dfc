"""Draft claims: what a tool proposes from a text, kept apart from what people confirmed.

``multivector source add`` turns every sentence that names two or more linked entities together
with a cue verb ("deploy", "refuse", "sanction", …) into an ``mv:Claim`` with ``mv:status
mv:Draft``, anchored to the sentence (or, for sentences over 300 characters, to the longest run of
clauses that still holds the cue and two entities). A person confirms, edits or deletes each one.
Drafts are never facts: :func:`without_drafts` removes them (and the evidence only they use)
right after loading, before the rules run, so nothing is ever inferred from a draft; every command
that reads the graph does this unless asked to include drafts (``--include-drafts``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import PROV, RDF, RDFS

from multivector.evidence import MAX_QUOTE_LENGTH, Anchor, add_evidence, document_iri
from multivector.linking.matcher import Mention
from multivector.linking.tokens import sentences
from multivector.loading import LoadedGraph
from multivector.namespaces import ID, MV, MVV, bind_prefixes
from multivector.terms import to_ox
from multivector.trig_stream import Iri, Lit, Pairs, to_rdflib

#: Cue words (regular expressions over lower-case words) that make a sentence a draft claim.
CUES: tuple[str, ...] = (
    r"deploy\w*", r"send|sends|sending|sent", r"troops?", r"refus\w*", r"deni\w*|deny\w*",
    r"members?|membership", r"join\w*", r"suspend\w*|suspension", r"sanction\w*",
    r"support\w*", r"oppos\w*", r"propos\w*", r"sign|signs|signed|signing", r"guarantors?",
    r"exercises?", r"ban|bans|banned|banning", r"withdr\w*", r"condemn\w*", r"accus\w*",
    r"agree|agreed|agrees", r"negotiat\w*", r"allian\w*|all(y|ies)",
)
_CUE = re.compile(r"\b(?:" + "|".join(CUES) + r")\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]")


@dataclass(frozen=True)
class DraftClaim:
    """One proposed claim: the anchored span, the whole sentence, the entities, the cue."""

    start: int
    end: int
    quote: str
    sentence: str
    entities: tuple[URIRef, ...]
    cue: str

    def iri(self, source_id: str) -> URIRef:
        return ID[f"claim/{source_id}/draft-{self.start}-{self.end}"]

    def anchor(self, source_id: str) -> Anchor:
        """The anchored span (its ``iri`` is the claim's evidence annotation)."""
        return Anchor(source_id, self.start, self.end, self.quote)


class _MentionIndex:
    """Mentions by start offset, so that the entities of a span are found by bisection (testing
    every mention for every sentence was quadratic in the length of the text)."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.start)  # stable: text order kept
        self.starts = [m.start for m in self.mentions]

    def entities_in(self, start: int, end: int) -> tuple[URIRef, ...]:
        """The entities of the mentions inside ``[start, end)``, in mention order."""
        found: dict[URIRef, None] = {}
        mentions = self.mentions
        i = bisect_left(self.starts, start)
        while i < len(mentions) and mentions[i].start <= end:
            m = mentions[i]
            if m.end <= end:
                for entity in m.bodies:
                    found.setdefault(entity, None)
            i += 1
        return tuple(found)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _best_span(text: str, start: int, end: int, index: _MentionIndex) -> tuple[int, int] | None:
    """The sentence itself, or its longest clause window (≤ 300) with a cue and two entities."""
    if end - start <= MAX_QUOTE_LENGTH:
        return start, end
    cuts = [start] + [m.end() for m in _CLAUSE_BREAK.finditer(text, start, end)] + [end]
    best: tuple[int, int] | None = None
    for a in range(len(cuts) - 1):
        for b in range(a + 1, len(cuts)):
            s, e = _trim(text, cuts[a], cuts[b])
            if e - s > MAX_QUOTE_LENGTH:
                break
            if best is not None and e - s <= best[1] - best[0]:
                continue
            if _CUE.search(text, s, e) and len(index.entities_in(s, e)) >= 2:
                best = (s, e)
    return best


def find_drafts(text: str, mentions: list[Mention]) -> list[DraftClaim]:
    """Draft claims for every sentence with a cue and two or more linked entities."""
    drafts: list[DraftClaim] = []
    index = _MentionIndex(mentions)
    for s, e in sentences(text):
        if len(index.entities_in(s, e)) < 2 or not _CUE.search(text, s, e):
            continue
        span = _best_span(text, s, e, index)
        if span is None:
            continue
        cue = _CUE.search(text, *span)
        if cue is None:
            continue
        entities = index.entities_in(*span)
        drafts.append(
            DraftClaim(span[0], span[1], text[span[0]:span[1]], text[s:e], entities,
                       cue.group().lower())
        )
    return drafts


_STATUS, _DRAFT, _CLAIM_TYPE, _REPORT = MV.status, MV.Draft, MV.claimType, MVV.Report
_CONTENT, _ABOUT, _CLAIMANT, _HAS_EVIDENCE = MV.content, MV.about, MV.claimant, MV.hasEvidence
_LABEL, _DERIVED_FROM = RDFS.label, PROV.wasDerivedFrom


def claim_pairs(source_id: str, draft: DraftClaim, claimant: URIRef | None = None) -> Pairs:
    """The triples (but ``rdf:type mv:Claim``) of one draft claim node; its evidence is the
    annotation ``Anchor(...).iri`` (:func:`multivector.evidence.annotation_part`)."""
    summary = " ".join(draft.sentence.split())
    content = summary
    if len(summary) > 100:
        summary = summary[:99].rstrip() + "…"
    pairs: Pairs = [
        (_STATUS, _DRAFT),
        (_CLAIM_TYPE, _REPORT),
        (_LABEL, Lit(f"Draft ({draft.cue}): {summary}", "en")),
        (_CONTENT, Lit(content, "en")),
        (_DERIVED_FROM, Iri(document_iri(source_id))),
    ]
    pairs.extend((_ABOUT, entity) for entity in draft.entities)
    if claimant is not None:
        pairs.append((_CLAIMANT, claimant))
    pairs.append((_HAS_EVIDENCE, Iri(draft.anchor(source_id).iri)))
    return pairs


def add_draft(
    graph: Graph, source_id: str, draft: DraftClaim, claimant: URIRef | None = None
) -> URIRef:
    """Write one draft claim node and its evidence into ``graph``; returns the claim IRI."""
    claim = draft.iri(source_id)
    graph.add((claim, RDF.type, MV.Claim))
    for predicate, obj in claim_pairs(source_id, draft, claimant):
        graph.add((claim, predicate, to_rdflib(obj)))
    add_evidence(graph, claim, draft.anchor(source_id))
    return claim


def draft_nodes(graph: Graph | Dataset) -> set[URIRef]:
    """Every node marked ``mv:status mv:Draft`` (in any named graph of a Dataset)."""
    if isinstance(graph, Dataset):
        return {
            s for s, _p, _o, _g in graph.quads((None, MV.status, MV.Draft, None))
            if isinstance(s, URIRef)
        }
    return {s for s in graph.subjects(MV.status, MV.Draft) if isinstance(s, URIRef)}


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
    return replace(loaded, dataset=exclude_drafts(loaded.dataset), quads=quads, file_spans=spans)




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
    "CUES", "WITH_DRAFTS_SUFFIX", "DraftClaim", "add_draft", "draft_closure", "draft_nodes",
    "claim_pairs", "exclude_drafts", "find_drafts", "output_name", "without_drafts",
]
