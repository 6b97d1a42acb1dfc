"""The catalogue of named SPARQL queries in ``queries/**/*.rq`` and how to run them.

Each query file opens with a header comment block::

    # name: CQ1
    # question: Which states are members of both organization A and organization B on date D?
    # param: a iri id:CSTO  -- organization A
    # param: date date 2017-06-22  -- the date D
    # result: state, stateLabel

Parameters (types ``iri``, ``date``, ``string``, ``integer``) are bound as typed RDF terms —
pyoxigraph ``substitutions=`` or rdflib ``initBindings=`` — never by editing the query text.
QC queries (``queries/qc/``) are not part of the catalogue.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from multivector import paths
from multivector.errors import InputError
from multivector.namespaces import PREFIXES, curie
from multivector.terms import from_ox, to_ox

PARAM_TYPES = ("iri", "date", "string", "integer")
_HEADER = re.compile(r"^#\s*(name|question|param|result)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^([A-Za-z_]\w*)\s+(\w+)(?:\s+(.*?))?(?:\s+--\s*(.*))?$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    description: str = ""


@dataclass
class NamedQuery:
    name: str
    question: str
    path: Path
    text: str
    params: list[Param] = field(default_factory=list)
    result: list[str] = field(default_factory=list)


@dataclass
class ResultTable:
    columns: list[str]
    rows: list[list[Node | None]]

    def render(self) -> str:
        return render_table(self.columns, self.rows)


def parse_query_file(path: Path) -> NamedQuery:
    """Read one ``.rq`` file and its header; raises InputError naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read query: {exc}", path) from None
    name = question = None
    params: list[Param] = []
    result: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER.match(stripped)
        if not match:
            continue
        key, value = match.groups()
        if key == "name":
            name = value
        elif key == "question":
            question = value
        elif key == "result":
            result = _result_columns(value)
        else:
            params.append(_parse_param(value, path, number))
    if not name:
        raise InputError("query header lacks '# name: …'", path, 1)
    return NamedQuery(
        name=name, question=question or "", path=path, text=text, params=params, result=result
    )


def _result_columns(value: str) -> list[str]:
    """Column names from ``# result:``; prose around them (``one row per state: …``) is allowed.

    Each comma-separated item contributes its last identifier before any parenthesis; names that
    the query does not select are ignored when the table is made.
    """
    if ":" in value:
        value = value.rsplit(":", 1)[1]
    columns = []
    for item in value.split(","):
        words = re.findall(r"[A-Za-z_]\w*", item.split("(", 1)[0])
        if words:
            columns.append(words[-1])
    return columns


def _parse_param(value: str, path: Path, line: int) -> Param:
    description = ""
    if " -- " in f" {value} ":
        value, _, description = value.partition("--")
    parts = value.split()
    if len(parts) < 2 or len(parts) > 3:
        raise InputError(
            "param must be '# param: NAME TYPE [DEFAULT] [-- description]'", path, line
        )
    name, type_ = parts[0], parts[1]
    if type_ not in PARAM_TYPES:
        raise InputError(
            f"param {name}: unknown type {type_!r} (expected one of {', '.join(PARAM_TYPES)})",
            path,
            line,
        )
    default = parts[2] if len(parts) == 3 else None
    if default is not None:
        to_term(Param(name, type_, None), default, where=f"{path}:{line}")
    return Param(name=name, type=type_, default=default, description=description.strip())


def catalogue(folder: Path | None = None) -> dict[str, NamedQuery]:
    """All named queries under ``queries/`` except ``queries/qc/``, by name."""
    folder = folder or paths.queries_dir()
    found: dict[str, NamedQuery] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.rglob("*.rq")):
        if "qc" in path.relative_to(folder).parts[:-1]:
            continue
        query = parse_query_file(path)
        if query.name in found:
            raise InputError(
                f"duplicate query name {query.name!r} (also in {found[query.name].path})", path
            )
        found[query.name] = query
    return found


def expand_curie(value: str) -> str:
    """``id:CSTO`` -> full IRI; ``<…>`` and full IRIs pass through."""
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return str(PREFIXES[prefix]) + local
    return value


def to_term(param: Param, value: str, *, where: str = "") -> Node:
    """A parameter value as a typed RDF term; raises InputError naming the parameter."""
    label = f"{where}: " if where else ""
    if param.type == "iri":
        iri = expand_curie(value)
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]*$", iri):
            raise InputError(f"{label}parameter {param.name}: {value!r} is not an IRI or CURIE")
        return URIRef(iri)
    if param.type == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise InputError(
                f"{label}parameter {param.name}: {value!r} is not a date (YYYY-MM-DD)"
            ) from None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise InputError(f"{label}parameter {param.name}: {value!r} is not YYYY-MM-DD")
        return Literal(value, datatype=XSD.date)
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise InputError(f"{label}parameter {param.name}: {value!r} is not an integer")
        return Literal(value, datatype=XSD.integer)
    return Literal(value)


def bindings(query: NamedQuery, values: Mapping[str, str]) -> dict[str, Node]:
    """Typed bindings for a query: given values, else defaults; unknown or missing -> InputError."""
    known = {p.name: p for p in query.params}
    for key in values:
        if key not in known:
            choices = ", ".join(known) or "none"
            raise InputError(
                f"query {query.name}: unknown parameter {key!r} (parameters: {choices})"
            )
    bound: dict[str, Node] = {}
    for param in query.params:
        value = values.get(param.name, param.default)
        if value is None:
            raise InputError(f"query {query.name}: parameter {param.name!r} needs a value")
        bound[param.name] = to_term(param, value)
    return bound


def parse_param_options(options: Iterable[str]) -> dict[str, str]:
    """``["a=id:CSTO", "date=2017-06-22"]`` -> dict; malformed -> InputError."""
    values: dict[str, str] = {}
    for option in options:
        key, sep, value = option.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--param {option!r}: expected NAME=VALUE")
        values[key.strip()] = value.strip()
    return values


def run_query(
    query: NamedQuery,
    *,
    store: ox.Store | None = None,
    dataset: Dataset | None = None,
    values: Mapping[str, str] | None = None,
) -> ResultTable:
    """Run a SELECT query over the union of all graphs, on pyoxigraph (preferred) or rdflib.

    Oxigraph substitutes only variables that the query projects (SPARQL SEP-0007); a parameter
    the query does not project is added to the top-level SELECT clause for the run and dropped
    from the answer. The values themselves are always passed as typed terms.
    The table holds the selected columns the ``# result:`` header names (all of them if it
    names none).
    """
    bound = bindings(query, values or {})
    if store is not None:
        columns, rows = _run_oxigraph(query, store, bound)
    elif dataset is not None:
        columns, rows = _run_rdflib(query, dataset, bound)
    else:
        raise ValueError("run_query needs a store or a dataset")
    # parameters that had to be projected for Oxigraph are not part of the answer
    keep = [i for i, c in enumerate(columns) if c not in bound or _projects(query.text, c)]
    if len(keep) != len(columns):
        columns = [columns[i] for i in keep]
        rows = [[row[i] for i in keep] for row in rows]
    shown = [c for c in query.result if c in columns]
    if shown and shown != columns:
        index = [columns.index(c) for c in shown]
        columns = shown
        rows = [[row[i] for i in index] for row in rows]
    return ResultTable(columns=columns, rows=rows)


_TOP_SELECT = re.compile(r"(?im)^[ \t]*SELECT\b(?:[ \t]+(?:DISTINCT|REDUCED)\b)?")


def _projects(text: str, variable: str) -> bool:
    """Whether the top-level SELECT clause of ``text`` names ``?variable`` (or is ``*``)."""
    match = _TOP_SELECT.search(text)
    if not match:
        return False
    clause = text[match.end():].split("WHERE", 1)[0].split("{", 1)[0]
    return clause.strip().startswith("*") or re.search(
        rf"[?$]{re.escape(variable)}\b", clause
    ) is not None


def _with_projected(text: str, variables: Sequence[str]) -> str:
    """The query with ``variables`` added to its top-level SELECT clause (structure, not values)."""
    missing = [v for v in variables if not _projects(text, v)]
    match = _TOP_SELECT.search(text)
    if not missing or not match:
        return text
    extra = " ".join(f"?{v}" for v in missing)
    return f"{text[: match.end()]} {extra}{text[match.end():]}"


def _run_oxigraph(
    query: NamedQuery, store: ox.Store, bound: Mapping[str, Node]
) -> tuple[list[str], list[list[Node | None]]]:
    subs = {ox.Variable(k): to_ox(v) for k, v in bound.items()}
    text = _with_projected(query.text, list(bound))
    try:
        result = store.query(text, substitutions=subs, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise InputError(f"query syntax error: {_one_line(exc)}", query.path) from None
    except (RuntimeError, OSError, ValueError) as exc:
        raise InputError(f"query failed: {_one_line(exc)}", query.path) from None
    if not isinstance(result, ox.QuerySolutions):
        raise InputError("only SELECT queries can be catalogued", query.path)
    columns = [v.value for v in result.variables]
    rows = [[None if s[c] is None else from_ox(s[c]) for c in columns] for s in result]
    return columns, rows


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _run_rdflib(
    query: NamedQuery, dataset: Dataset, bound: Mapping[str, Node]
) -> tuple[list[str], list[list[Node | None]]]:
    previous = dataset.default_union
    dataset.default_union = True
    try:
        result = dataset.query(query.text, initBindings=dict(bound))
        if result.type != "SELECT":
            raise InputError("only SELECT queries can be catalogued", query.path)
        columns = [str(v) for v in result.vars or []]
        rows = [[row[c] for c in columns] for row in result]  # type: ignore[index]
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"query failed: {exc}", query.path) from None
    finally:
        dataset.default_union = previous
    return columns, rows


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
