"""Where each page lives, and how one page links to another (relative links only).

Every node ``id:<path>`` gets ``id/<path>.html``; concepts live on ``vocab/index.html#<name>``,
ontology terms on ``ontology/index.html#<anchor>``; evidence annotations link to the quote's anchor
on its source document's page. Relative links make the site work from ``file://`` and from any
static host under any prefix.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

from markupsafe import Markup, escape
from rdflib import Literal, URIRef
from rdflib.term import Node

from multivector.namespaces import ID, MV, local_name
from multivector.site.collect import SiteData
from multivector.site.provenance import byline

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
ID_PREFIX = str(ID)


def _safe_segment(segment: str) -> str:
    safe = _UNSAFE.sub(lambda m: "_" + "".join(f"{b:02x}" for b in m.group().encode()), segment)
    return safe or "_"


def node_path(iri: URIRef) -> str:
    """Site path of the page of an ``id:`` node."""
    tail = str(iri)[len(ID_PREFIX) :]
    return "id/" + "/".join(_safe_segment(part) for part in tail.split("/")) + ".html"


def type_path(cls: URIRef) -> str:
    return f"type/{_safe_segment(local_name(cls))}.html"


def anchor_name(term: URIRef) -> str:
    return _safe_segment(local_name(term))


class Linker:
    """Turns terms into links relative to the page being written."""

    def __init__(self, data: SiteData, ontology_anchors: dict[URIRef, str]) -> None:
        self.data = data
        self.ontology_anchors = ontology_anchors
        self.current = "index.html"

    def rel(self, target: str) -> str:
        """``target`` (a site path, optionally with #fragment) relative to the current page."""
        path, _, fragment = target.partition("#")
        here = posixpath.dirname(self.current) or "."
        link = posixpath.relpath(path, here) if path else posixpath.basename(self.current)
        return f"{link}#{fragment}" if fragment else link

    def href(self, term: Node) -> str | None:
        if not isinstance(term, URIRef):
            return None
        text = str(term)
        if term in self.data.nodes:
            return self.rel(node_path(term))
        if text.startswith(str(ID["evidence/"])):
            quote = self.data.quote_of.get(term)
            if quote is None:
                return None
            return self.rel(f"{node_path(quote.document)}#{quote.anchor}")
        schemes = self.data.schemes
        if term in schemes or any(term in concepts for concepts in schemes.values()):
            return self.rel(f"vocab/index.html#{anchor_name(term)}")
        if term in self.ontology_anchors:
            return self.rel(f"ontology/index.html#{self.ontology_anchors[term]}")
        if text.startswith(str(MV)):
            return self.rel("ontology/index.html")
        if text.startswith(("http://", "https://")) and not text.startswith(ID_PREFIX):
            return text
        return None

    def label(self, term: Node) -> str:
        if isinstance(term, URIRef) and "wikidata.org/entity/" in str(term):
            return f"Wikidata {local_name(term)}"
        return self.data.label(term)

    def link(self, term: Node, text: str | None = None) -> Markup:
        """``<a href=…>label</a>`` for an IRI, the escaped text for a literal."""
        if isinstance(term, Literal):
            return Markup(escape(str(term)))
        shown = text if text is not None else self.label(term)
        target = self.href(term)
        if target is None:
            return Markup(escape(shown))
        external = target.startswith(("http://", "https://"))
        extra = ' class="ext" rel="noopener"' if external else ""
        return Markup(f'<a href="{escape(target)}"{extra}>{escape(shown)}</a>')

    def cite(self, document: Node) -> Markup:
        """A source document as «title» (linked), author, date; any other term as its link."""
        info = self.data.sources.get(document)  # type: ignore[arg-type]
        if info is None:
            return self.link(document)
        author = self.data.label(info.author) if info.author is not None else ""
        line = byline(info, author)
        title = Markup("«") + self.link(document) + Markup("»")
        if not line:
            return title
        return title + Markup(' <span class="byline">') + escape(line) + Markup("</span>")


LinkFn = Callable[[Node], Markup]
