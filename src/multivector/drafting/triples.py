"""The triples of a draft statement node, as ``source add`` writes them.

A draft is an ``mv:Claim`` with ``mv:status mv:Draft``: whatever its likely kind, the honest
reading of a tool's proposal is "this sentence reports something". The kind the curator should
make of it is ``mv:draftKind`` (a concept of ``mvv:StatementKindScheme``, each linked by
``rdfs:seeAlso`` to the class it is curated into), its actors ``mv:draftSubject`` and
``mv:draftObject`` (sub-properties of ``mv:about``), and its claimant the speaker of a reported
sentence or the author of the article's own voice. The draft is never typed as the class
itself: a draft ``mv:Membership`` would let the rules infer ``mv:memberOf`` while validating
with drafts, and the statement classes are disjoint with each other.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from multivector.drafting.reading import DraftClaim
from multivector.evidence import add_evidence, document_iri
from multivector.namespaces import MV, MVV
from multivector.trig_stream import Iri, Lit, Pairs, to_rdflib

#: statement kind → its concept in mvv:StatementKindScheme
KIND_CONCEPTS: dict[str, URIRef] = {
    "stance": MVV.StanceStatement,
    "event": MVV.EventStatement,
    "membership change": MVV.MembershipChangeStatement,
    "relation": MVV.RelationStatement,
    "proposal": MVV.ProposalStatement,
    "claim": MVV.ClaimStatement,
}

_STATUS, _DRAFT, _CLAIM_TYPE = MV.status, MV.Draft, MV.claimType
_CONTENT, _ABOUT, _CLAIMANT, _HAS_EVIDENCE = MV.content, MV.about, MV.claimant, MV.hasEvidence
_KIND, _SUBJECT, _OBJECT = MV.draftKind, MV.draftSubject, MV.draftObject
_LABEL, _DERIVED_FROM = RDFS.label, PROV.wasDerivedFrom


def _label(draft: DraftClaim, claimant: URIRef | None) -> str:
    summary = " ".join(draft.sentence.split())
    if len(summary) > 100:
        summary = summary[:99].rstrip() + "…"
    label = f"Draft {draft.kind} ({draft.cue}): {summary}"
    if draft.reported and claimant is None:
        label += (f" [claimant: {draft.speaker} — not in the graph]" if draft.speaker
                  else " [claimant: not named]")
    return label


def claim_pairs(source_id: str, draft: DraftClaim, author: URIRef | None = None) -> Pairs:
    """The triples (but ``rdf:type mv:Claim``) of one draft node; ``author`` is the claimant of
    a sentence in the article's own voice. Its evidence is the annotation
    ``Anchor(...).iri`` (:func:`multivector.evidence.annotation_part`)."""
    claimant = draft.claimant_given(author)
    pairs: Pairs = [
        (_STATUS, _DRAFT),
        (_CLAIM_TYPE, MVV[draft.claim_type]),
        (_KIND, KIND_CONCEPTS[draft.kind]),
        (_LABEL, Lit(_label(draft, claimant), "en")),
        (_CONTENT, Lit(" ".join(draft.sentence.split()), "en")),
        (_DERIVED_FROM, Iri(document_iri(source_id))),
    ]
    pairs.extend((_ABOUT, entity) for entity in draft.entities)
    pairs.extend((_SUBJECT, entity) for entity in draft.subjects)
    pairs.extend((_OBJECT, entity) for entity in draft.objects)
    if claimant is not None:
        pairs.append((_CLAIMANT, claimant))
    pairs.append((_HAS_EVIDENCE, Iri(draft.anchor(source_id).iri)))
    return pairs


def add_draft(graph: Graph, source_id: str, draft: DraftClaim,
              author: URIRef | None = None) -> URIRef:
    """Write one draft node and its evidence into ``graph``; returns the claim IRI."""
    claim = draft.iri(source_id)
    graph.add((claim, RDF.type, MV.Claim))
    for predicate, obj in claim_pairs(source_id, draft, author):
        graph.add((claim, predicate, to_rdflib(obj)))
    add_evidence(graph, claim, draft.anchor(source_id))
    return claim


__all__ = ["KIND_CONCEPTS", "add_draft", "claim_pairs"]
