"""The catalogue of named SPARQL queries in ``queries/**/*.rq`` and how to run them.

Each query file opens with a header comment block::

    # name: CQ1
    # question: Which states are members of both organization A and organization B on date D?
    # param: a iri id:CSTO  -- organization A
    # param: date date 2017-06-22  -- the date D
    # result: state, stateLabel

Parameters (types ``iri``, ``date``, ``string``, ``integer``) become validated, typed RDF terms.
They reach the query by ONE mechanism on every engine (pyoxigraph, rdflib, a remote endpoint): a
``VALUES (?p1 ?p2) { (t1 t2) }`` block inserted at the start of the top-level WHERE group, the
terms written by pyoxigraph in N-Triples syntax — user text is never pasted into the query. A
VALUES block at the top does not reach a FILTER or BIND inside a nested group (SPARQL evaluates
groups bottom-up), so :func:`check_parameters` parses every catalogued query with rdflib's parser
and rejects a parameter tested in a nested group where that group does not itself bind it. The
engines' own mechanisms (pyoxigraph ``substitutions=``, rdflib ``initBindings=``) are kept as
``binding="native"``, the oracle the test-suite compares VALUES against.
QC queries (``queries/qc/``) are not part of the catalogue.
"""

from __future__ import annotations

import datetime as dt
import functools
import multiprocessing as mp
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from multivector import paths, querystore
from multivector.errors import InputError, MultivectorError
from multivector.namespaces import PREFIXES, curie
from multivector.terms import FromOx, from_ox, to_ox

PARAM_TYPES = ("iri", "date", "string", "integer")
T = TypeVar("T")
_HEADER = re.compile(r"^#\s*(name|question|param|result|binding)\s*:\s*(.*?)\s*$")
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
    #: ``# binding: native|values``: how pyoxigraph should bind the parameters (a plan hint;
    #: both give the same rows, ``tests/test_engines_equivalence.py``); "auto" if not given
    binding: str = "auto"


@dataclass
class ResultTable:
    columns: list[str]
    rows: list[list[Node | None]]

    def render(self) -> str:
        return render_table(self.columns, self.rows)


def parse_query_file(path: Path, *, require_name: bool = True) -> NamedQuery:
    """Read one ``.rq`` file and its header; raises InputError naming file and line.

    Without ``require_name`` a file with no ``# name:`` is named after its stem (ad-hoc queries).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read query: {exc}", path) from None
    return parse_query_text(text, path, require_name=require_name)


def parse_query_text(text: str, path: Path, *, require_name: bool = True) -> NamedQuery:
    """A query and its (optional) header from text; ``path`` names it in error messages."""
    name = question = None
    params: list[Param] = []
    result: list[str] = []
    binding = "auto"
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
        elif key == "binding":
            binding = value.split("--")[0].strip()  # "native -- why" is allowed
            if binding not in ("native", "values"):
                raise InputError(
                    f"'# binding: {binding}': choose native or values", path, number
                )
        else:
            params.append(_parse_param(value, path, number))
    if not name:
        if require_name:
            raise InputError("query header lacks '# name: …'", path, 1)
        name = path.stem
    return NamedQuery(
        name=name, question=question or "", path=path, text=text, params=params, result=result,
        binding=binding,
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
        check_parameters(query)
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


Resolver = Callable[[Param, str], Node]


def bindings(
    query: NamedQuery, values: Mapping[str, str | Node], resolve: Resolver | None = None
) -> dict[str, Node]:
    """Typed bindings for a query: given values, else defaults; unknown or missing -> InputError.

    A value may already be an RDF term. For an ``iri`` parameter a value without a colon (a name
    such as ``Kazakhstan`` or ``KZ``) is handed to ``resolve`` when one is given.
    """
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
        if isinstance(value, Node):
            bound[param.name] = value
        elif param.type == "iri" and resolve is not None and ":" not in value:
            bound[param.name] = resolve(param, value)
        else:
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


# --- reading a query's structure (rdflib's SPARQL parser) ------------------------------------

QUERY_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


@dataclass(frozen=True)
class Shape:
    """What the parser tells about a query: its form, variables, ORDER BY keys, aggregation."""

    form: str
    variables: frozenset[str]
    order_by: tuple[str, ...]
    grouped: bool
    #: (variable, FILTER/BIND) tested where a top-level VALUES block cannot reach
    nested_tests: tuple[tuple[str, str], ...]


@functools.lru_cache(maxsize=256)
def _parse(text: str) -> Any:
    from rdflib.plugins.sparql.parser import parseQuery

    return parseQuery(text)


def query_shape(text: str, where: Path | str = "query") -> Shape:
    """Parse ``text`` as a SPARQL query (never an update); raises InputError.

    A SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY…) is recognised
    by parsing it as one, and refused: querying is read-only.
    """
    try:
        parsed = _parse(text)
    except Exception as query_error:
        if _is_update(text):
            raise InputError(
                "this is a SPARQL Update; multivector query is read-only (SELECT, ASK, "
                "CONSTRUCT, DESCRIBE only)",
                where,
            ) from None
        raise InputError(f"SPARQL syntax error: {_one_line(query_error)}", where) from None
    algebra = parsed[1]
    form = QUERY_FORMS.get(algebra.name, algebra.name)
    order: list[str] = []
    if algebra.orderby is not None:
        for condition in algebra.orderby.condition:
            order.extend(sorted(_variables(condition)))
    grouped = algebra.groupby is not None or _has_aggregate(algebra.projection)
    nested: list[tuple[str, str]] = []
    where_clause = algebra.where
    if where_clause is not None:
        _nested_tests(where_clause, top=True, optional_of_top=False, out=nested)
    return Shape(
        form=form,
        variables=frozenset(_variables(algebra)),
        order_by=tuple(order),
        grouped=grouped,
        nested_tests=tuple(nested),
    )


def _is_update(text: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:
        return False
    return True


def _children(node: Any) -> Iterator[Any]:
    if isinstance(node, dict):  # CompValue is an OrderedDict
        yield from node.values()
    elif isinstance(node, list | tuple):  # ParseResults behaves as a list
        yield from node
    elif hasattr(node, "asList") and not isinstance(node, str):
        yield from node


def _variables(node: Any) -> set[str]:
    """Every variable named anywhere below ``node``."""
    from rdflib.term import Variable

    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Variable):
            found.add(str(item))
        elif not isinstance(item, str | Node):
            stack.extend(_children(item))
    return found


def _has_aggregate(node: Any) -> bool:
    stack = [node]
    while stack:
        item = stack.pop()
        if item is None or isinstance(item, str | Node):
            continue
        name = getattr(item, "name", "")
        if isinstance(name, str) and name.startswith("Aggregate_"):
            return True
        stack.extend(_children(item))
    return False


def _triple_variables(group: Any) -> set[str]:
    found: set[str] = set()
    for part in group.part or []:
        if getattr(part, "name", "") == "TriplesBlock":
            found |= _variables(part)
    return found


def _nested_tests(
    group: Any, *, top: bool, optional_of_top: bool, out: list[tuple[str, str]]
) -> None:
    """Collect (variable, construct) for FILTERs/BINDs a top-level VALUES block cannot reach.

    At the top level every test sees the VALUES block; a FILTER directly inside an OPTIONAL of
    the top level is the OPTIONAL's join condition and sees it too. Anywhere deeper a test only
    sees what its own group binds, so a variable it uses must be bound by a triple pattern of
    that same group.
    """
    if getattr(group, "name", "") == "SubSelect":
        _nested_tests(group.where, top=False, optional_of_top=False, out=out)
        return
    bound_here = _triple_variables(group)
    for part in group.part or []:
        name = getattr(part, "name", "")
        if name in ("Filter", "Bind"):
            if top or (name == "Filter" and optional_of_top):
                continue
            for variable in sorted(_variables(part.expr) - bound_here):
                out.append((variable, "FILTER" if name == "Filter" else "BIND"))
        elif name == "GroupOrUnionGraphPattern":
            for branch in part.graph:
                _nested_tests(branch, top=False, optional_of_top=False, out=out)
        elif name == "OptionalGraphPattern":
            _nested_tests(part.graph, top=False, optional_of_top=top, out=out)
        elif name in ("GraphGraphPattern", "MinusGraphPattern", "ServiceGraphPattern"):
            _nested_tests(part.graph, top=False, optional_of_top=False, out=out)


def check_parameters(query: NamedQuery) -> Shape:
    """Catalogue-time check that VALUES binding is exact for ``query``; returns its shape.

    Refused: a declared parameter the query never uses, and a parameter tested by a FILTER or
    BIND inside a nested group (UNION branch, OPTIONAL, GRAPH, MINUS, sub-select) that does not
    bind it itself — such a test would silently see the parameter unbound.
    """
    shape = query_shape(query.text, query.path)
    names = {p.name for p in query.params}
    for param in query.params:
        if param.name not in shape.variables:
            raise InputError(
                f"query {query.name}: parameter {param.name!r} is declared but ?{param.name} "
                "does not occur in the query",
                query.path,
            )
    if query.binding == "native" and shape.grouped:
        raise InputError(
            f"query {query.name}: '# binding: native' cannot bind a GROUP BY query on pyoxigraph "
            "(substitutions only reach projected variables); remove the line",
            query.path,
        )
    for variable, construct in shape.nested_tests:
        if variable in names:
            raise InputError(
                f"query {query.name}: parameter ?{variable} is tested by a {construct} inside "
                "a nested group, where the VALUES block that binds parameters cannot reach it; "
                "move the test to the top level of the WHERE clause (docs/querying.md)",
                query.path,
            )
    return shape


# --- VALUES binding --------------------------------------------------------------------------


def values_block(bound: Mapping[str, Node]) -> str:
    """``VALUES (?a ?b) { (<…> "…"^^<…>) }``: the terms are serialized by pyoxigraph."""
    if not bound:
        return ""
    names = " ".join(f"?{name}" for name in bound)
    try:
        terms = " ".join(str(to_ox(term)) for term in bound.values())
    except (ValueError, TypeError) as exc:
        raise InputError(f"parameter value is not a valid RDF term: {_one_line(exc)}") from None
    return f"VALUES ({names}) {{ ({terms}) }}"


_IRI_TOKEN = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_STRING_TOKEN = re.compile(
    r"'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\""
    r"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\""
)


def _skip_token(text: str, i: int) -> int | None:
    """The offset just past a comment, IRI or string starting at ``i``; None if none starts there.

    Braces and parentheses inside those tokens are not syntax, so both scanners below skip them.
    """
    char = text[i]
    if char == "#":
        newline = text.find("\n", i)
        return len(text) if newline < 0 else newline + 1
    if char == "<" and (match := _IRI_TOKEN.match(text, i)):
        return match.end()
    if char in "'\"" and (match := _STRING_TOKEN.match(text, i)):
        return match.end()
    return None


def _syntax_chars(text: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """(offset, character) of every character from ``start`` that is SPARQL syntax — those in
    comments, IRIs and strings skipped (:func:`_skip_token`)."""
    i = start
    while i < len(text):
        skipped = _skip_token(text, i)
        if skipped is not None:
            i = skipped
            continue
        yield i, text[i]
        i += 1


def _top_level_braces(text: str) -> Iterator[int]:
    """Offsets of the ``{`` of each top-level group (outside parentheses), each group skipped to
    its closing brace before looking further."""
    depth, resume = 0, 0
    for i, char in _syntax_chars(text):
        if i < resume:
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "{" and depth == 0:
            yield i
            resume = _matching_brace(text, i) + 1


def _opens_construct_template(text: str, brace: int) -> bool:
    return text[:brace].rstrip().upper().endswith("CONSTRUCT")


def where_brace(text: str) -> int:
    """Offset of the ``{`` that opens the top-level WHERE group (-1 if none).

    It is the first top-level ``{``: the prologue and the SELECT/CONSTRUCT/ASK clauses before it
    hold none (a CONSTRUCT template is the one exception, handled by taking the group that
    follows the template).
    """
    for count, brace in enumerate(_top_level_braces(text)):
        if count == 0 and _opens_construct_template(text, brace):
            continue
        return brace
    return -1


def construct_parts(text: str) -> tuple[str, str, str] | None:
    """(prologue, template, WHERE body) of a ``CONSTRUCT { … } WHERE { … }`` query, or None when
    the text is not exactly that (another form, a short-form CONSTRUCT, solution modifiers)."""
    braces = _top_level_braces(text)
    template = next(braces, None)
    if template is None or not _opens_construct_template(text, template):
        return None
    where = next(braces, None)
    if where is None:
        return None
    template_end = _matching_brace(text, template)
    where_end = _matching_brace(text, where)
    if re.sub(r"#[^\n]*", "", text[where_end + 1:]).strip():  # only comments may follow
        return None
    head = text[:template].rstrip()
    return head[: -len("CONSTRUCT")], text[template + 1:template_end], text[where + 1:where_end]


def _matching_brace(text: str, start: int) -> int:
    level = 0
    for i, char in _syntax_chars(text, start):
        if char == "{":
            level += 1
        elif char == "}":
            level -= 1
            if level == 0:
                return i
    return len(text)


def with_values(text: str, bound: Mapping[str, Node], where: Path | str = "query") -> str:
    """The query with its parameters bound by a VALUES block at the top of its WHERE group."""
    block = values_block(bound)
    if not block:
        return text
    brace = where_brace(text)
    if brace < 0:
        raise InputError("cannot find the WHERE clause to bind parameters in", where)
    return f"{text[: brace + 1]}\n  {block}\n{text[brace + 1:]}"


# --- engines ---------------------------------------------------------------------------------


@dataclass
class Answer:
    """What an engine returns: a table (SELECT), a boolean (ASK) or a graph (CONSTRUCT…)."""

    form: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[Node | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)


class Engine(Protocol):
    """Anything that answers SPARQL text over the union of the multivector graphs."""

    name: str

    def answer(self, text: str, where: Path | str) -> Answer: ...


class OxigraphEngine:
    name = "oxigraph"

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def answer(
        self, text: str, where: Path | str, substitutions: Mapping[str, Node] | None = None
    ) -> Answer:
        subs = {ox.Variable(k): to_ox(v) for k, v in (substitutions or {}).items()}
        try:
            result = querystore.query(self.store, text, substitutions=subs or None)
        except SyntaxError as exc:
            raise InputError(f"SPARQL syntax error: {_one_line(exc)}", where) from None
        except (RuntimeError, OSError, ValueError) as exc:
            raise InputError(f"query failed: {_one_line(exc)}", where) from None
        convert = FromOx()
        if isinstance(result, ox.QuerySolutions):
            columns = [v.value for v in result.variables]
            rows = [[None if s[c] is None else convert(s[c]) for c in columns] for s in result]
            return Answer("SELECT", columns, rows)
        if isinstance(result, ox.QueryBoolean):
            return Answer("ASK", boolean=bool(result))
        triples = [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in result]
        return Answer("CONSTRUCT", triples=triples)


class RdflibEngine:
    name = "rdflib"

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    def answer(
        self, text: str, where: Path | str, init_bindings: Mapping[str, Node] | None = None
    ) -> Answer:
        previous = self.dataset.default_union
        self.dataset.default_union = True
        try:
            result = self.dataset.query(text, initBindings=dict(init_bindings or {}))
            if result.type == "SELECT":
                columns = [str(v) for v in result.vars or []]
                rows = [[row[c] for c in columns] for row in result]  # type: ignore[index]
                return Answer("SELECT", columns, rows)
            if result.type == "ASK":
                return Answer("ASK", boolean=bool(result.askAnswer))
            return Answer("CONSTRUCT", triples=list(result))  # type: ignore[arg-type]
        except InputError:
            raise
        except Exception as exc:
            raise InputError(f"query failed: {_one_line(exc)}", where) from None
        finally:
            self.dataset.default_union = previous


# --- running ---------------------------------------------------------------------------------

BINDINGS = ("auto", "values", "native")
DEFAULT_TIMEOUT = 30.0


def run_query(
    query: NamedQuery,
    *,
    store: ox.Store | None = None,
    dataset: Dataset | None = None,
    engine: Engine | None = None,
    values: Mapping[str, str | Node] | None = None,
    resolve: Resolver | None = None,
    binding: str = "auto",
    timeout: float | None = None,
) -> ResultTable:
    """Run a SELECT (or ASK) query over the union of all graphs.

    The engine is ``engine`` if given, else pyoxigraph on ``store``, else rdflib on ``dataset``.
    ``binding="values"`` inserts the VALUES block (pyoxigraph, remote endpoints);
    ``binding="native"`` uses pyoxigraph substitutions / rdflib initBindings instead (the oracle
    for tests; pyoxigraph substitutions cannot bind a parameter of a GROUP BY query);
    ``binding="auto"`` (the default) is VALUES everywhere except on rdflib, whose evaluator joins
    a VALUES block only after evaluating the rest of the group (orders of magnitude slower), so
    rdflib gets initBindings, and on pyoxigraph for a query whose header says
    ``# binding: native`` (Oxigraph joins a VALUES block to a UNION without pushing it into the
    branches: CQ12 at 100 k triples, 420 ms with VALUES, 18 ms with substitutions).
    The test-suite proves that all paths give the same rows.
    ``timeout`` (seconds) runs the query in a worker process that is killed at the deadline.
    The table holds the selected columns the ``# result:`` header names (all of them if it names
    none); a parameter appears only when the query selects it.
    """
    if binding not in BINDINGS:
        raise ValueError(f"binding must be one of {BINDINGS}")
    if engine is None:
        if store is not None:
            engine = OxigraphEngine(store)
        elif dataset is not None:
            engine = RdflibEngine(dataset)
        else:
            raise ValueError("run_query needs an engine, a store or a dataset")
    bound = bindings(query, values or {}, resolve)
    shape = query_shape(query.text, query.path)
    if shape.form not in ("SELECT", "ASK"):
        raise InputError(
            f"query {query.name}: only SELECT and ASK queries give tables ({shape.form})",
            query.path,
        )

    def work() -> Answer:
        return _answer(engine, query, bound, binding)

    answer = call_with_deadline(work, timeout, what=f"query {query.name}")
    if answer.form == "ASK":
        return ResultTable(columns=["answer"], rows=[[Literal(bool(answer.boolean))]])
    columns, rows = answer.columns, answer.rows
    projected = [c for c in columns if c not in bound or _projects(query.text, c)]
    if projected != columns:
        keep = [columns.index(c) for c in projected]
        columns = projected
        rows = [[row[i] for i in keep] for row in rows]
    shown = [c for c in query.result if c in columns]
    if shown and shown != columns:
        index = [columns.index(c) for c in shown]
        columns = shown
        rows = [[row[i] for i in index] for row in rows]
    return ResultTable(columns=columns, rows=rows)


def _answer(engine: Engine, query: NamedQuery, bound: Mapping[str, Node], binding: str) -> Answer:
    if binding == "auto":
        if isinstance(engine, RdflibEngine):
            binding = "native"
        elif isinstance(engine, OxigraphEngine) and query.binding == "native":
            binding = "native"
        else:
            binding = "values"
    if binding == "values":
        return engine.answer(with_values(query.text, bound, query.path), query.path)
    if isinstance(engine, OxigraphEngine):
        text = _with_projected(query.text, list(bound))
        return engine.answer(text, query.path, substitutions=bound)
    if isinstance(engine, RdflibEngine):
        return engine.answer(query.text, query.path, init_bindings=bound)
    raise InputError(f"engine {engine.name} has no native parameter binding; use VALUES")


def call_with_deadline(func: Callable[[], T], timeout: float | None, *, what: str) -> T:
    """``func()``, in a forked worker process killed when ``timeout`` seconds have passed.

    A thread cannot be stopped, a process can: a runaway query really ends. Without a timeout
    (or where fork is unavailable) ``func`` runs in this process.
    """
    if timeout is None or "fork" not in mp.get_all_start_methods():
        return func()
    context = mp.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_worker, args=(func, sender), daemon=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork in a threaded process
        process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryTimeout(f"{what} did not finish within {timeout:g} s (stopped)")
        try:
            ok, payload = receiver.recv()
        except EOFError:
            raise InputError(f"{what}: the worker process died") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receiver.close()
    if ok:
        return payload
    raise payload


def _worker(func: Callable[[], Any], sender: Any) -> None:
    try:
        result: tuple[bool, Any] = (True, func())
    except MultivectorError as exc:
        result = (False, exc)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent as one line
        result = (False, InputError(f"query failed: {_one_line(exc)}"))
    try:
        sender.send(result)
    finally:
        sender.close()


class QueryTimeout(InputError):
    """A query ran past its time limit and was stopped."""


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
    """The query with ``variables`` added to its top-level SELECT clause (native oxigraph only)."""
    missing = [v for v in variables if not _projects(text, v)]
    match = _TOP_SELECT.search(text)
    if not missing or not match:
        return text
    extra = " ".join(f"?{v}" for v in missing)
    return f"{text[: match.end()]} {extra}{text[match.end():]}"


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


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
