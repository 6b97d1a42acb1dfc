"""Registering a new source text and checking the quotes of a source.

``register_source`` is ``multivector source add``: it puts the text in the corpus folder (the
project never ships full texts, only quotes), describes it as an ``mv:SourceDocument`` with its
SHA-256, links the entities it mentions (:mod:`multivector.linking`), proposes draft claims
(:mod:`multivector.drafts`) and writes all of it as the named graph ``id:source/<ID>`` in
``data/sources/<ID>.trig``. ``check_source`` is ``multivector source check``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from multivector import paths
from multivector.atomic import write_bytes_atomic
from multivector.canonical import canonical_trig
from multivector.drafts import DraftClaim, add_draft, find_drafts
from multivector.errors import InputError
from multivector.evidence import (
    Anchor,
    QuoteError,
    add_annotation,
    check_quotes,
    document_iri,
    read_text,
    sha256_of,
)
from multivector.linking import Candidate, Mention, find_candidates, link_text, load_gazetteer
from multivector.namespaces import ID, MV, MVV, OA, source_graph

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
    ann = ID[f"mention/{source_id}/{mention.start}-{mention.end}"]
    add_annotation(
        graph, ann, Anchor(source_id, mention.start, mention.end, mention.surface), OA.identifying
    )
    for entity in mention.bodies:
        graph.add((ann, OA.hasBody, entity))
    return ann


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
    language: str = "en",
    force: bool = False,
    project_home: Path | None = None,
    corpus_dir: Path | None = None,
) -> SourceReport:
    """``multivector source add``: see the module docstring. Raises InputError on bad input."""
    check_source_id(source_id)
    root = (project_home or paths.home()).resolve()
    text = read_source_text(file)
    issued = parse_date(date) if date else None
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", language):
        raise InputError(f"--language: {language!r} is not a BCP 47 code such as 'en'")
    graph_file = paths.data_dir(root) / "sources" / f"{source_id}.trig"
    if graph_file.exists() and not force:
        raise InputError(
            "source graph already exists; it may hold curated statements — "
            "use --force to overwrite it", graph_file
        )
    corpus_file = (corpus_dir or paths.corpus(root)).resolve() / f"{source_id}.txt"
    data = file.read_bytes()
    action = _corpus_action(corpus_file, data, source_id)
    gazetteer = load_gazetteer(root)
    mentions = link_text(text, gazetteer)
    report = SourceReport(
        source_id, graph_file, corpus_file, action, hashlib.sha256(data).hexdigest(), mentions,
        find_candidates(text, mentions), find_drafts(text, mentions),
    )
    if not CONVENTIONAL_ID.match(source_id):
        report.warnings.append(
            f"source id {source_id!r} does not follow the convention NNN_<16 hex digits> "
            "that validation checks on dcterms:identifier"
        )
    graph = Graph()
    author_iri = _describe_document(
        graph, report, gazetteer, _Metadata(source_id, title or _first_line(text), author,
                                            publisher, issued, language),
    )
    for mention in mentions:
        add_mention(graph, source_id, mention)
    for draft in report.drafts:
        add_draft(graph, source_id, draft, claimant=author_iri)
    trig = canonical_trig({source_graph(source_id): graph}).encode("utf-8")
    del graph  # the text is all that is written: free the triples before writing
    _write(corpus_file if action == "copied" else None, data, graph_file, trig)
    return report


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


@dataclass(frozen=True)
class _Metadata:
    """What ``source add`` was told about the document."""

    source_id: str
    title: str
    author: str | None
    publisher: str | None
    issued: tuple[Any, URIRef] | None
    language: str


def _describe_document(
    graph: Graph, report: SourceReport, gazetteer: Any, meta: _Metadata
) -> URIRef | None:
    """The ``mv:SourceDocument`` node; returns the author's IRI when the gazetteer knows it."""
    doc = document_iri(meta.source_id)
    graph.add((doc, RDF.type, MV.SourceDocument))
    graph.add((doc, DCTERMS.title, Literal(meta.title, lang=meta.language)))
    graph.add((doc, DCTERMS.identifier, Literal(meta.source_id)))
    graph.add((doc, DCTERMS.language, Literal(meta.language)))
    graph.add((doc, MV.sha256, Literal(report.sha256)))
    if meta.issued is not None:
        day, precision = meta.issued
        graph.add((doc, DCTERMS.issued, Literal(day.isoformat(), datatype=XSD.date)))
        graph.add((doc, MV.datePrecision, precision))
        graph.add((doc, MV.dateBasis, MVV.StatedDate))
    author_iri: URIRef | None = None
    for role, name, prop in (("author", meta.author, DCTERMS.creator),
                             ("publisher", meta.publisher, DCTERMS.publisher)):
        if not name:
            continue
        found = gazetteer.lookup(name)
        if len(found) == 1:
            graph.add((doc, prop, found[0]))
            if role == "author":
                author_iri = found[0]
        else:
            graph.add((doc, prop, Literal(name)))
            report.unresolved.append((role, name))
    return author_iri


def _write(corpus_file: Path | None, data: bytes, graph_file: Path, trig: bytes) -> None:
    """Nothing was written before this: the corpus copy first (the graph names its hash), then
    the graph; each atomically, a failure is one line naming the path, and a graph that cannot
    be written takes its corpus copy back."""
    if corpus_file is not None:
        write_bytes_atomic(corpus_file, data)
    try:
        write_bytes_atomic(graph_file, trig)
    except BaseException:
        if corpus_file is not None:
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
