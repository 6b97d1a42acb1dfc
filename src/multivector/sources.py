"""Registering a new source text and checking the quotes of a source.

``register_source`` is ``multivector source add``: it puts the text in the corpus folder (the
project never ships full texts, only quotes), describes it as an ``mv:SourceDocument`` with its
SHA-256, links the entities it mentions (:mod:`multivector.linking`), proposes draft claims
(:mod:`multivector.drafting`) and writes all of it as the named graph ``id:source/<ID>`` in
``data/sources/<ID>.trig``. ``check_source`` is ``multivector source check``.

``source add`` is linear in the length of the text, in time and memory: the graph is never an
rdflib ``Graph`` but families of subjects written one at a time as canonical TriG
(:mod:`multivector.trig_stream`), into a temporary file; nothing is written anywhere before the
mentions and drafts are all known, and the text is copied into the corpus only once the graph
file is complete, just before it is renamed into place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDFS, XSD

from multivector import paths
from multivector.atomic import write_bytes_atomic, write_stream_atomic
from multivector.drafting import DraftClaim, claim_pairs, find_drafts
from multivector.errors import InputError
from multivector.evidence import (
    ANNOTATION_PARTS,
    Anchor,
    QuoteError,
    add_annotation,
    annotation_part,
    check_quotes,
    document_iri,
    read_text,
    sha256_of,
)
from multivector.linking import (
    Candidate,
    Mention,
    find_candidates,
    link_text,
    load_gazetteer,
)
from multivector.linking.tokens import TokenTable
from multivector.namespaces import ID, MV, MVV, OA, source_graph
from multivector.source_metadata import Previous, candidate_iri, read_previous
from multivector.trig_stream import Family, Iri, Pairs, write_trig

SOURCE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
#: The identifier convention the shapes check: three digits, underscore, 16 hex digits.
CONVENTIONAL_ID = re.compile(r"^[0-9]{3}_[0-9a-f]{16}$")


@dataclass
class SourceReport:
    """What ``register_source`` did and found."""

    source_id: str
    graph_file: Path
    corpus_file: Path
    corpus_action: str  # "copied" or "already there"
    sha256: str
    mentions: list[Mention] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    drafts: list[DraftClaim] = field(default_factory=list)
    #: the author's IRI (a known entity or the draft proposed for the name): the claimant of
    #: the drafts in the article's own voice
    author: URIRef | None = None
    #: author/publisher names the gazetteer could not resolve (role, name)
    unresolved: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def check_source_id(source_id: str) -> str:
    if not SOURCE_ID.match(source_id):
        raise InputError(
            f"--id: {source_id!r} is not a valid source id (letters, digits, '_', '-', '.'; "
            "convention: NNN_<16 hex digits>)"
        )
    return source_id


def parse_date(value: str) -> tuple[dt.date, URIRef]:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` → (first day of the period, precision)."""
    try:
        if re.fullmatch(r"\d{4}", value):
            return dt.date(int(value), 1, 1), MVV.YearPrecision
        if re.fullmatch(r"\d{4}-\d{2}", value):
            year, month = value.split("-")
            return dt.date(int(year), int(month), 1), MVV.MonthPrecision
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value), MVV.DayPrecision
    except ValueError:
        pass
    raise InputError(f"--date: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")


def read_source_text(path: Path) -> str:
    """A UTF-8 text file, or an InputError naming it (binary, not UTF-8, empty, missing)."""
    if not path.is_file():
        raise InputError("no such file", path)
    try:
        text = read_text(path)
    except QuoteError as exc:
        raise InputError(str(exc)) from None
    if not text.strip():
        raise InputError("file is empty", path)
    return text


def add_mention(graph: Graph, source_id: str, mention: Mention) -> URIRef:
    """The Web Annotation of one mention: ``id:mention/<ID>/<start>-<end>``, motivated by
    ``oa:identifying``, its body the linked entity (several for a group mention)."""
    ann = mention_iri(source_id, mention)
    add_annotation(
        graph, ann, Anchor(source_id, mention.start, mention.end, mention.surface), OA.identifying
    )
    for entity in mention.bodies:
        graph.add((ann, OA.hasBody, entity))
    return ann


def mention_iri(source_id: str, mention: Mention) -> URIRef:
    return ID[f"mention/{source_id}/{mention.start}-{mention.end}"]


def source_families(source_id: str, document: Pairs, mentions: list[Mention],
                    drafts: list[DraftClaim], author: URIRef | None = None,
                    proposed: tuple[ProposedEntity, ...] = ()) -> list[Family]:
    """The source graph as families of subjects (:mod:`multivector.trig_stream`): the document,
    the draft entities proposed for an unknown author or publisher, the four nodes of each
    mention's annotation, each draft claim and the four nodes of its evidence — the triples
    :func:`add_mention` and :func:`add_draft` put in a graph."""
    doc = Iri(document_iri(source_id))
    families = [Family(MV.SourceDocument, 1, lambda i: doc, lambda i: document)]
    for entity in proposed:
        families.append(Family(entity.rdf_type, 1, lambda i, e=entity: e.iri,
                               lambda i, e=entity: e.pairs))
    mention_base = str(ID[f"mention/{source_id}/"])
    evidence_base = str(ID[f"evidence/{source_id}/"])

    def mention_anchor(i: int) -> Anchor:
        m = mentions[i]
        return Anchor(source_id, m.start, m.end, m.surface)

    def draft_anchor(i: int) -> Anchor:
        return drafts[i].anchor(source_id)

    for base, items, anchor_of, motivation in (
        (mention_base, mentions, mention_anchor, OA.identifying),
        (evidence_base, drafts, draft_anchor, OA.describing),
    ):
        for part, rdf_type in ANNOTATION_PARTS:
            families.append(Family(
                rdf_type, len(items),
                _annotation_subject(base, items, part),
                _annotation_describer(base, items, part, anchor_of, motivation,
                                      with_bodies=base is mention_base and part == ""),
            ))
    families.append(Family(
        MV.Claim, len(drafts),
        lambda i: Iri(drafts[i].iri(source_id)),
        lambda i: claim_pairs(source_id, drafts[i], author),
    ))
    return families


def _annotation_subject(base: str, items: list[Any], part: str) -> Callable[[int], Iri]:
    return lambda i: Iri(f"{base}{items[i].start}-{items[i].end}{part}")


def _annotation_describer(base: str, items: list[Any], part: str,
                          anchor_of: Callable[[int], Anchor], motivation: URIRef,
                          with_bodies: bool) -> Callable[[int], Pairs]:
    has_body = OA.hasBody

    def describe(i: int) -> Pairs:
        item = items[i]
        found = anchor_of(i) if part else None  # the annotation node itself does not need it
        pairs = annotation_part(f"{base}{item.start}-{item.end}", part, found, motivation)
        if with_bodies:
            pairs.extend((has_body, entity) for entity in item.bodies)
        return pairs
    return describe


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return " ".join(line.split())[:200]
    return ""


def register_source(
    file: Path,
    source_id: str,
    *,
    title: str | None = None,
    author: str | None = None,
    publisher: str | None = None,
    date: str | None = None,
    language: str | None = None,
    force: bool = False,
    project_home: Path | None = None,
    corpus_dir: Path | None = None,
) -> SourceReport:
    """``multivector source add``: see the module docstring. Raises InputError on bad input."""
    check_source_id(source_id)
    root = (project_home or paths.home()).resolve()
    text = read_source_text(file)
    _check_conventional_id(source_id, root, file)
    issued = parse_date(date) if date else None
    _check_language(language, "--language")
    graph_file = paths.data_dir(root) / "sources" / f"{source_id}.trig"
    if graph_file.exists() and not force:
        raise InputError(
            "source graph already exists; it may hold curated statements — "
            "use --force to overwrite it", graph_file
        )
    # --force keeps what was given the first time, unless given again
    before = (read_previous(graph_file, document_iri(source_id), source_id)
              if graph_file.exists() else Previous())
    title = title or before.title
    if language is None and before.language is not None:
        _check_language(before.language, f"dcterms:language of {graph_file}")
    language = language or before.language or "en"
    basis = ((before.date_basis or MVV.StatedDate) if issued is None and before.issued
             else MVV.StatedDate)
    issued = issued or before.issued
    kept_author: str | URIRef | None = author or before.author
    kept_publisher: str | URIRef | None = publisher or before.publisher
    corpus_file = (corpus_dir or paths.corpus(root)).resolve() / f"{source_id}.txt"
    data = file.read_bytes()
    action = _corpus_action(corpus_file, data, source_id)
    gazetteer = load_gazetteer(root)
    tokens = TokenTable(text)
    mentions = link_text(text, gazetteer, tokens)
    candidates = find_candidates(text, mentions, tokens)
    del tokens  # the largest structure: gone before the drafts and the graph
    report = SourceReport(
        source_id, graph_file, corpus_file, action, hashlib.sha256(data).hexdigest(), mentions,
        candidates, find_drafts(text, mentions, candidates),
    )
    document, author_iri, proposed = _describe_document(
        report, gazetteer, _Metadata(source_id, title or _first_line(text), kept_author,
                                     kept_publisher, issued, language, basis),
    )
    report.author = author_iri
    if issued is None:
        report.warnings.append(
            "no --date: validation needs the document's dcterms:issued; give --date "
            "(YYYY, YYYY-MM or YYYY-MM-DD) or add it to the graph before building")
    report.warnings.extend(_same_text_elsewhere(corpus_file, data, source_id))
    families = source_families(source_id, document, mentions, report.drafts, author_iri,
                               proposed)
    _write(corpus_file if action == "copied" else None, data, graph_file,
           str(source_graph(source_id)), families)
    return report


def _check_language(language: str | None, where: str) -> None:
    if language is not None and not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", language):
        raise InputError(f"{where}: {language!r} is not a BCP 47 code such as 'en'")


def _check_conventional_id(source_id: str, root: Path, file: Path) -> None:
    """Refuse an id that validation would reject (the shapes' ``dcterms:identifier`` pattern),
    suggesting the next free number with the first 16 hex digits of the text's SHA-256."""
    if CONVENTIONAL_ID.match(source_id):
        return
    used = {int(p.name[:3]) for p in (paths.data_dir(root) / "sources").glob("*.trig")
            if re.match(r"[0-9]{3}_", p.name)}
    free = [n for n in range(1000) if n not in used and n > max(used, default=-1)]
    free = free or [n for n in range(1000) if n not in used]
    example = (f"; for example --id {free[0]:03d}_{sha256_of(file)[:16]}" if free else "")
    raise InputError(
        f"--id: {source_id!r} would fail validation: a source id is three digits, '_' and 16 "
        f"lower-case hex digits (dcterms:identifier must match {CONVENTIONAL_ID.pattern})"
        + example
    )


def _same_text_elsewhere(corpus_file: Path, data: bytes, source_id: str) -> list[str]:
    """A warning per other corpus file holding the same bytes: the same article under a second
    id would double every statement drawn from it. Only files of the same size are hashed."""
    folder = corpus_file.parent
    if not folder.is_dir():
        return []
    digest = hashlib.sha256(data).hexdigest()
    found = []
    for other in sorted(folder.glob("*.txt")):
        if other.name == corpus_file.name or not other.is_file():
            continue
        if other.stat().st_size == len(data) and sha256_of(other) == digest:
            found.append(f"the same text is already in the corpus as {other.name} (source "
                         f"{other.stem}); adding it under {source_id!r} too duplicates it")
    return found


def _corpus_action(corpus_file: Path, data: bytes, source_id: str) -> str:
    """"copied" when the text still has to be copied into the corpus, "already there" when the
    same bytes are; a different text under the same id is refused."""
    if not corpus_file.exists():
        return "copied"  # written by _write, once the source graph is complete
    if sha256_of(corpus_file) != hashlib.sha256(data).hexdigest():
        raise InputError(
            f"a different text is already in the corpus as {source_id}.txt; "
            "refusing to overwrite it (choose another --id)", corpus_file
        )
    return "already there"


#: The class of a draft entity proposed for a name given with ``--author``/``--publisher`` that
#: the gazetteer does not know: an author is taken for a person, a publisher for a media outlet
#: (the curator changes the type if not).
PROPOSED_CLASS = {"author": MV.Person, "publisher": MV.MediaOutlet}


@dataclass(frozen=True)
class ProposedEntity:
    """A draft entity node for an unknown author or publisher: ``id:candidate/<ID>/<role>``,
    typed, labelled with the name as given, ``mv:status mv:Draft``, derived from the document.
    Drafts never reach a built graph (with the statements pointing at them), and validation
    reports them as ``sh:Info``, so adding a source never breaks the build."""

    iri: URIRef
    rdf_type: URIRef
    pairs: Pairs

    @classmethod
    def for_name(cls, source_id: str, role: str, name: str) -> ProposedEntity:
        return cls(candidate_iri(source_id, role), PROPOSED_CLASS[role], [
            (RDFS.label, Literal(name, lang="en")),
            (MV.status, MV.Draft),
            (PROV.wasDerivedFrom, document_iri(source_id)),
        ])


@dataclass(frozen=True)
class _Metadata:
    """What ``source add`` was told about the document."""

    source_id: str
    title: str
    author: str | URIRef | None  # a name to look up, or (kept by --force) a known entity
    publisher: str | URIRef | None
    issued: tuple[Any, URIRef] | None
    language: str
    date_basis: URIRef = MVV.StatedDate  # how the date is known (kept by --force)


def _describe_document(
    report: SourceReport, gazetteer: Any, meta: _Metadata
) -> tuple[Pairs, URIRef | None, tuple[ProposedEntity, ...]]:
    """The triples of the ``mv:SourceDocument`` node (but its type), the author's IRI (a known
    entity, or the draft entity proposed for an unknown name) and the proposed entities."""
    pairs: Pairs = [
        (DCTERMS.title, Literal(meta.title, lang=meta.language)),
        (DCTERMS.identifier, Literal(meta.source_id)),
        (DCTERMS.language, Literal(meta.language)),
        (MV.sha256, Literal(report.sha256)),
    ]
    if meta.issued is not None:
        day, precision = meta.issued
        pairs += [(DCTERMS.issued, Literal(day.isoformat(), datatype=XSD.date)),
                  (MV.datePrecision, precision), (MV.dateBasis, meta.date_basis)]
    author_iri: URIRef | None = None
    proposed: list[ProposedEntity] = []
    for role, name, prop in (("author", meta.author, DCTERMS.creator),
                             ("publisher", meta.publisher, DCTERMS.publisher)):
        if not name:
            continue
        found = [name] if isinstance(name, URIRef) else gazetteer.lookup(name)
        if len(found) == 1:
            entity = found[0]
        else:
            proposal = ProposedEntity.for_name(meta.source_id, role, name)
            proposed.append(proposal)
            entity = proposal.iri
            report.unresolved.append((role, name))
        pairs.append((prop, entity))
        if role == "author":
            author_iri = entity
    return pairs, author_iri, tuple(proposed)


def _write(corpus_file: Path | None, data: bytes, graph_file: Path, graph: str,
           families: list[Family]) -> None:
    """The graph is streamed into a hidden temporary file beside ``graph_file``
    (:func:`~multivector.atomic.write_stream_atomic`); only once it is complete is the text
    copied into the corpus (the graph names its hash) and the graph renamed into place. A
    failure is one line naming the path; a graph that cannot be put in place takes its corpus
    copy back, and the temporary file is removed."""
    copied = False

    def copy_text() -> None:
        nonlocal copied
        if corpus_file is not None:
            write_bytes_atomic(corpus_file, data)
            copied = True

    try:
        write_stream_atomic(graph_file, lambda out: write_trig(out, graph, families), copy_text)
    except BaseException:
        if copied and corpus_file is not None:
            corpus_file.unlink(missing_ok=True)
        raise


def load_source_graph(source_id: str, project_home: Path | None = None) -> tuple[Path, Graph]:
    """The named graph of one source file (InputError if absent or malformed)."""
    from multivector.loading import parse_trig

    check_source_id(source_id)
    root = (project_home or paths.home()).resolve()
    path = paths.data_dir(root) / "sources" / f"{source_id}.trig"
    if not path.is_file():
        raise InputError(f"no graph for source {source_id!r}", path)
    return path, parse_trig(path, source_graph(source_id))


def corpus_text(source_id: str, project_home: Path | None = None,
                corpus_dir: Path | None = None) -> tuple[Path, str]:
    """The corpus file of a source and its text (InputError if absent or not UTF-8)."""
    check_source_id(source_id)
    corpus = (corpus_dir or paths.corpus(project_home)).resolve()
    path = corpus / f"{source_id}.txt"
    if not path.is_file():
        raise InputError(
            f"source text {source_id}.txt not in the corpus (set {paths.CORPUS_ENV} or --corpus)",
            path,
        )
    return path, read_source_text(path)


def check_source(source_id: str, project_home: Path | None = None,
                 corpus_dir: Path | None = None) -> list[str]:
    """One line per problem: a sha256 that differs from the text's, a quote not at its offsets."""
    graph_path, graph = load_source_graph(source_id, project_home)
    text_path, text = corpus_text(source_id, project_home, corpus_dir)
    problems: list[str] = []
    actual = sha256_of(text_path)
    recorded = [str(o) for o in graph.objects(document_iri(source_id), MV.sha256)]
    if not recorded:
        problems.append(f"{graph_path}: {source_id}: no mv:sha256 on {document_iri(source_id)}")
    for value in recorded:
        if value != actual:
            problems.append(
                f"{graph_path}: {source_id}: mv:sha256 {value} differs from the text's {actual}"
            )
    dataset = Dataset()
    named = dataset.graph(source_graph(source_id))
    for triple in graph:
        named.add(triple)
    for check in check_quotes(dataset, {source_id: text}):
        if not check.ok:
            problems.append(
                f"{graph_path}: {source_id} {check.start}-{check.end}: quote {check.exact!r} "
                f"but the text there is {check.actual!r} ({check.annotation})"
            )
    return problems
