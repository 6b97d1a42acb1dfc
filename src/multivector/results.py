"""Query answers as people and programs want them, whichever engine produced them.

One :class:`ResultTable` (columns + rows of rdflib terms) comes out of pyoxigraph, rdflib or a
remote endpoint; this module renders it as an aligned text table for people, turns it into the
SPARQL 1.1 Query Results formats (CSV, TSV, JSON, XML — rdflib's serializers, TSV written here
since rdflib has none), into named-tuple rows for Python, reads SPARQL JSON back into the same
typed terms, and compares two answers as multisets of rows (what ``--compare`` and the engine
tests report).
"""

from __future__ import annotations

import io
import json
from collections import Counter, namedtuple
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rdflib import BNode, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import Node

from multivector.errors import InputError
from multivector.namespaces import curie

FORMATS = ("table", "csv", "tsv", "json", "xml")
MEDIA_TYPES = {
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
}


@dataclass
class ResultTable:
    """A query's answer: column names and rows of rdflib terms (``None`` when unbound)."""

    columns: list[str]
    rows: list[list[Node | None]]

    def render(self) -> str:
        return render_table(self.columns, self.rows)


def cell(term: Node | None) -> str:
    """A term as it appears in a table: IRIs as CURIEs, literals by lexical form."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return curie(term)
    return str(term)


def render_table(columns: Sequence[str], rows: Sequence[Sequence[Node | None]]) -> str:
    """An aligned plain-text table."""
    text_rows = [[cell(value) for value in row] for row in rows]
    widths = [len(c) for c in columns]
    for row in text_rows:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], len(value))
    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(widths[i]) for i, v in enumerate(values)).rstrip()
    out = [line(columns), line(["-" * w for w in widths])]
    out.extend(line(row) for row in text_rows)
    out.append(f"({len(text_rows)} row{'s' if len(text_rows) != 1 else ''})")
    return "\n".join(out)


def serialize(table: ResultTable, fmt: str) -> str:
    """The table in one of :data:`FORMATS` (``table`` is the aligned text for people)."""
    if fmt == "table":
        return table.render() + "\n"
    if fmt == "tsv":
        return _tsv(table)
    if fmt not in FORMATS:
        raise InputError(f"--format: unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    result = Result("SELECT")
    result.vars = [Variable(c) for c in table.columns]
    result.bindings = [
        {Variable(c): v for c, v in zip(table.columns, row, strict=True) if v is not None}
        for row in table.rows
    ]
    out = io.BytesIO()
    result.serialize(out, encoding="utf-8", format=fmt)
    text = out.getvalue().decode("utf-8")
    if fmt == "json":  # stable key order, one line per document
        text = json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True)
    return text if text.endswith("\n") else text + "\n"


def _tsv(table: ResultTable) -> str:
    """SPARQL 1.1 TSV: ``?var`` header, terms in N-Triples/Turtle syntax, tabs escaped."""
    lines = ["\t".join(f"?{c}" for c in table.columns)]
    for row in table.rows:
        cells = ["" if v is None else v.n3() for v in row]
        lines.append("\t".join(c.replace("\t", "\\t").replace("\n", "\\n") for c in cells))
    return "\n".join(lines) + "\n"


def records(table: ResultTable) -> list[Any]:
    """The rows as named tuples whose fields are the column names (values stay rdflib terms)."""
    Row = namedtuple("Row", table.columns, rename=True)  # type: ignore[misc]  # noqa: PYI024
    return [Row(*row) for row in table.rows]


def python_value(term: Node | None) -> Any:
    """A term as a plain Python value: literals via ``toPython()`` (dates, ints…), IRIs as str."""
    if term is None:
        return None
    if isinstance(term, Literal):
        return term.toPython()
    return str(term)


def from_sparql_json(document: bytes | str, where: str = "endpoint") -> ResultTable:
    """A SPARQL 1.1 JSON results document -> the same typed table the embedded engines give."""
    try:
        data = json.loads(document)
        if "boolean" in data:
            return ResultTable(columns=["answer"], rows=[[Literal(bool(data["boolean"]))]])
        columns = list(data["head"].get("vars", []))
        rows = [
            [_term(binding[c]) if c in binding else None for c in columns]
            for binding in data["results"]["bindings"]
        ]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{where}: not a SPARQL JSON result ({exc})") from None
    return ResultTable(columns=columns, rows=rows)


def _term(value: dict[str, str]) -> Node:
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return Literal(value["value"], lang=value["xml:lang"])
        datatype = value.get("datatype")
        if datatype and datatype != str(XSD.string):
            return Literal(value["value"], datatype=URIRef(datatype))
        return Literal(value["value"])
    raise KeyError(f"unknown term type {kind!r}")


def _comparable(term: Node | None) -> Any:
    """Blank node labels are local to a store: all blank nodes compare equal. Stores write the
    same term differently: language tags compare case-insensitively (``en-GB`` = ``en-gb``),
    numbers and booleans by value (``1.50`` = ``1.5``, ``01`` = ``1``, ``1`` = ``true``)."""
    if isinstance(term, BNode):
        return ("bnode",)
    if isinstance(term, Literal):
        lexical, value = str(term), term.value
        if isinstance(value, bool):
            lexical = "true" if value else "false"
        elif isinstance(value, Decimal):
            lexical = format(value.normalize(), "f") if value.is_finite() else lexical
        elif isinstance(value, int | float):
            lexical = repr(value)
        language = term.language.lower() if term.language else None
        return ("literal", lexical, language, str(term.datatype or ""))
    return term


@dataclass
class Difference:
    """Rows one answer has and the other lacks (each as often as it is missing)."""

    missing: list[tuple[Any, ...]]
    extra: list[tuple[Any, ...]]
    columns_differ: bool = False

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra or self.columns_differ)


def compare(expected: ResultTable, got: ResultTable) -> Difference:
    """Compare as multisets of rows (order-insensitive): ``missing`` from and ``extra`` in got."""
    if expected.columns != got.columns:
        return Difference([], [], columns_differ=True)
    want = Counter(tuple(_comparable(v) for v in row) for row in expected.rows)
    have = Counter(tuple(_comparable(v) for v in row) for row in got.rows)
    missing = sorted((want - have).elements(), key=repr)
    extra = sorted((have - want).elements(), key=repr)
    return Difference(missing, extra)


def order_keys(table: ResultTable, keys: Sequence[str]) -> list[tuple[Any, ...]]:
    """The sequence of ORDER BY key values (to check two engines order rows alike)."""
    index = [table.columns.index(k) for k in keys]
    return [tuple(_comparable(row[i]) for i in index) for row in table.rows]


__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "Difference",
    "ResultTable",
    "cell",
    "compare",
    "from_sparql_json",
    "order_keys",
    "python_value",
    "records",
    "render_table",
    "serialize",
]
