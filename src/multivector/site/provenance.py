"""Provenance people can read: a source is its title, author and date, never its file id.

Every page that names a source document (the "stated in" line, the quotes, the sources of an
entity) cites it as «title», author, date (the date at its precision). An author the data knows
only as the writer of one unsigned article (a person described from that article alone, with no
name parts — ``queries/internal/site/sources.rq``) is shown as "the author of «title»" instead of
its placeholder label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import URIRef

from multivector.internal_queries import select
from multivector.namespaces import local_name
from multivector.site.dates import at_precision


@dataclass(frozen=True)
class SourceInfo:
    """What a citation of one source document shows."""

    document: URIRef
    title: str
    author: URIRef | None
    anonymous: bool  # the author is known only as the writer of this document
    issued: str  # ISO date, "" when unknown
    date: str  # the date at its precision: "June 2017"


def source_infos(store: ox.Store) -> dict[URIRef, SourceInfo]:
    """Source document -> its citation data (first title and author in IRI order)."""
    found: dict[URIRef, SourceInfo] = {}
    for row in select(store, "site/sources"):
        doc = row["doc"]
        if doc in found:
            continue
        issued = str(row.get("issued", ""))
        precision = row.get("precision")
        author = row.get("creator")
        found[doc] = SourceInfo(  # type: ignore[index]
            document=doc,  # type: ignore[arg-type]
            title=str(row.get("title", "")) or local_name(doc),
            author=author if isinstance(author, URIRef) else None,
            anonymous=str(row.get("anonymous", "")) == "true",
            issued=issued,
            date=at_precision(issued, precision) if issued else "",  # type: ignore[arg-type]
        )
    return found


def author_of(info: SourceInfo) -> str:
    """The readable name of an anonymous author."""
    return f"the author of «{info.title}»"


def readable_labels(sources: dict[URIRef, SourceInfo]) -> dict[URIRef, str]:
    """English display labels the site uses instead of the data's: documents by their title,
    anonymous authors as "the author of «title»"."""
    labels: dict[URIRef, str] = {}
    for info in sources.values():
        labels[info.document] = info.title
        if info.author is not None and info.anonymous:
            labels.setdefault(info.author, author_of(info))
    return labels


def readable_text(text: str, sources: dict[URIRef, SourceInfo]) -> str:
    """A label with source ids replaced: "The unnamed author of source 000_…" (or "of the World
    Today News article 000_…") becomes "The author of «title»", any other mention of a source's
    id becomes «title»."""
    if not sources:
        return text
    by_id = {local_name(info.document): info.title for info in sources.values()}
    ids = "|".join(re.escape(i) for i in sorted(by_id, key=len, reverse=True))
    author = re.compile(rf"\b([Tt])he unnamed author of (?:source|the [^,;()]*? article) ({ids})")
    text = author.sub(lambda m: f"{m[1]}he author of «{by_id[m[2]]}»", text)
    plain = re.compile(rf"\bunnamed author of source ({ids})")
    text = plain.sub(lambda m: f"the author of «{by_id[m[1]]}»", text)
    return re.sub(rf"\b({ids})\b", lambda m: f"«{by_id[m[1]]}»", text)


def byline(info: SourceInfo, author_label: str) -> str:
    """"Samuel Ramani, 6 August 2017" — the author (unless anonymous) and the date."""
    parts = [] if info.anonymous or info.author is None else [author_label]
    if info.date:
        parts.append(info.date)
    return ", ".join(parts)
