"""``multivector query``: run named queries, ``.rq`` files or stdin — embedded or on an endpoint.

Read-only (updates are refused after parsing), guarded (size, nesting depth and SERVICE are
checked before any parser sees the text: ``multivector.querylimits``), time-limited (a worker
process killed at the deadline, parsing included), drafts skipped unless ``--include-drafts``.
Output is an aligned table for people or a SPARQL 1.1 results format (csv, tsv, json, xml) for
programs.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

import typer

from multivector.cli._common import (
    ALLOW_SERVICE_OPTION,
    EXIT_FAIL,
    HOME_OPTION,
    MAX_QUERY_DEPTH_OPTION,
    MAX_QUERY_SIZE_OPTION,
    query_limits,
    read_origin,
    reports_errors,
)
from multivector.cli.credentials import PASSWORD_ENV_OPTION, USER_OPTION, credentials
from multivector.errors import InputError
from multivector.queries import (
    DEFAULT_TIMEOUT,
    NamedQuery,
    ResultTable,
    catalogue,
    check_engine,
    parse_param_options,
    parse_query_file,
    parse_query_text,
    run_query,
)
from multivector.querylimits import (
    QueryLimits,
    check_query,
    check_timeout,
)
from multivector.results import FORMATS, compare, serialize

_PARAM_LINE = re.compile(r"^(\s*#\s*)param(\s*:)")


def _check_choices(engine: str, output_format: str, timeout: float) -> None:
    check_engine(engine)
    if output_format not in FORMATS:
        raise InputError(
            f"--format: unknown format {output_format!r} (choose from {', '.join(FORMATS)})"
        )
    check_timeout(timeout)


def _listing(queries: dict[str, NamedQuery], output_format: str) -> str:
    rows = []
    for query in queries.values():
        params = "; ".join(
            f"{p.name}:{p.type}" + (f"={p.default}" if p.default else "") for p in query.params
        )
        rows.append([query.name, query.question, params])
    if output_format in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if output_format == "csv" else "\t",
                            lineterminator="\n")
        writer.writerow(["name", "question", "parameters"])
        writer.writerows(rows)
        return out.getvalue()
    if output_format == "json":
        return json.dumps(
            [
                {"name": q.name, "question": q.question, "file": q.path.name,
                 "parameters": [{"name": p.name, "type": p.type, "default": p.default,
                                 "description": p.description} for p in q.params]}
                for q in queries.values()
            ],
            ensure_ascii=False, indent=1,
        ) + "\n"
    if output_format == "xml":
        raise InputError("--list: --format xml is not available (use table, csv, tsv or json)")
    return "".join(f"{n}\t{question}\t{params}".rstrip() + "\n" for n, question, params in rows)


def _select(name: str | None, queries: dict[str, NamedQuery], limits: QueryLimits) -> NamedQuery:
    """The named query, or the file or stdin, guarded (before the graph is loaded; run_query
    parses and checks it later, under the deadline)."""
    if name == "-":
        query = parse_query_text(sys.stdin.read(), Path("<stdin>"), require_name=False)
    elif name in queries:
        return queries[name]  # type: ignore[index]
    elif name and (name.endswith(".rq") or Path(name).is_file()):
        path = Path(name)
        if not path.is_file():
            raise InputError("query file not found", path)
        query = parse_query_file(path, require_name=False)
    else:
        known = ", ".join(queries) or "none"
        raise InputError(f"unknown query {name!r} (known: {known}; or give a .rq file or -)")
    check_query(query.user_text, limits, query.path)
    return query


def _values_for(query: NamedQuery, values: dict[str, str], at: str | None,
                strict: bool) -> dict[str, str]:
    """The --param values this query declares, plus --at for its date parameter."""
    declared = {p.name for p in query.params}
    chosen = dict(values) if strict else {k: v for k, v in values.items() if k in declared}
    if at is not None:
        dates = [p.name for p in query.params if p.type == "date"]
        if len(dates) == 1:
            chosen.setdefault(dates[0], at)
        elif strict:
            detail = ", ".join(dates) if dates else "none"
            raise InputError(
                f"--at: query {query.name} needs exactly one date parameter (has: {detail}); "
                "use --param NAME=DATE"
            )
    return chosen


_NAME = typer.Argument(
    None, help="A named query (see --list), a .rq file, or - for SPARQL on stdin."
)
_PARAM = typer.Option(
    None, "--param", "-p",
    help="NAME=VALUE (repeatable). Dates YYYY-MM-DD; entities as IRI, CURIE, or a name, "
    "ISO code or metonym ('Kazakhstan', 'KZ', 'Astana').",
)
_AT = typer.Option(None, "--at", help="Shorthand for the query's date parameter.")
_OUTPUT_FORMAT = typer.Option(
    "table", "--format", "-f", help=f"Output: {', '.join(FORMATS)}."
)
_ENGINE = typer.Option("oxigraph", "--engine", help="Embedded engine: oxigraph or rdflib.")
_TIMEOUT = typer.Option(
    DEFAULT_TIMEOUT, "--timeout", help="Seconds before a query is stopped (exit 2)."
)
_INCLUDE_DRAFTS = typer.Option(
    False, "--include-drafts", help="Also see nodes marked mv:status mv:Draft."
)
_LIST_QUERIES = typer.Option(False, "--list", help="List the named queries.")
_RUN_ALL = typer.Option(False, "--all", help="Run every named query (defaults).")
_ENDPOINT = typer.Option(
    None, "--endpoint", help="Run on a SPARQL endpoint URL instead of the embedded graph."
)
_SPARQL = typer.Option(
    False, "--sparql",
    help="Print the query as it would run — parameters bound by its VALUES block, prefixes "
    "predeclared — and do not run it.",
)
_WITH_SOURCES = typer.Option(
    False, "--with-sources",
    help="Add the statement behind each row and its source, title and quote "
    "(columns statement, source, sourceTitle, quote).",
)
_COMPARE_MODE = typer.Option(
    False, "--compare",
    help="With --endpoint: run remotely and embedded, report differing rows (exit 1).",
)


@reports_errors
def query_command(
    name: str | None = _NAME,
    param: list[str] | None = _PARAM,
    at: str | None = _AT,
    output_format: str = _OUTPUT_FORMAT,
    engine: str = _ENGINE,
    timeout: float = _TIMEOUT,
    include_drafts: bool = _INCLUDE_DRAFTS,
    list_queries: bool = _LIST_QUERIES,
    run_all: bool = _RUN_ALL,
    endpoint: str | None = _ENDPOINT,
    user: str | None = USER_OPTION,
    password_env: str = PASSWORD_ENV_OPTION,
    compare_mode: bool = _COMPARE_MODE,
    sparql: bool = _SPARQL,
    with_sources: bool = _WITH_SOURCES,
    max_query_size: str = MAX_QUERY_SIZE_OPTION,
    max_query_depth: int = MAX_QUERY_DEPTH_OPTION,
    allow_service: bool = ALLOW_SERVICE_OPTION,
    home: Path | None = HOME_OPTION,
) -> None:
    """Run a SPARQL query (read-only) over the graph with inferences and print the answer."""
    _check_choices(engine, output_format, timeout)
    limits = query_limits(max_query_size, max_query_depth, allow_service)
    origin = read_origin(home)
    queries = catalogue(origin.path / "queries")
    if list_queries or (name is None and not run_all):
        typer.echo(_listing(queries, output_format), nl=False)
        return
    if compare_mode and not endpoint:
        raise InputError("--compare needs --endpoint URL")
    if user is not None and not endpoint:
        raise InputError("--user is for --endpoint URL (the embedded graph needs no credentials)")
    if run_all and name is not None:
        raise InputError("give a query name or --all, not both")
    selected = list(queries.values()) if run_all else [_select(name, queries, limits)]
    values = parse_param_options(param or [])
    if run_all:
        unknown = set(values) - {p.name for q in selected for p in q.params}
        if unknown:
            listed = ", ".join(sorted(unknown))
            raise InputError(f"--param: no named query has parameter(s) {listed}")

    for query in selected:  # bad values fail here, before a store is opened or rebuilt
        _precheck(query, _values_for(query, values, at, strict=not run_all))
    if sparql:
        if run_all or compare_mode:
            raise InputError("--sparql prints one query: give its name, not --all or --compare")
        auth = credentials(user, password_env) if endpoint else None
        typer.echo(_bound_text(selected[0], _values_for(selected[0], values, at, strict=True),
                               origin, engine, include_drafts, endpoint, timeout, auth),
                   nl=False)
        return

    from multivector.api import KnowledgeGraph

    remote = None
    if endpoint:
        from multivector.remote import RemoteEngine

        remote = RemoteEngine(endpoint, timeout=timeout, auth=credentials(user, password_env))
    kg = None
    if remote is None or compare_mode:
        kg = KnowledgeGraph.load(origin, engine=engine, include_drafts=include_drafts)

    def run(query: NamedQuery, where: str) -> ResultTable:
        chosen = _values_for(query, values, at, strict=not run_all)
        on, resolve, deadline = _engine_for(where, remote, kg, engine, timeout)
        return _answer(query, on, chosen, resolve, deadline, limits, with_sources)

    if compare_mode:
        _compare(selected, run)
        return
    where = "remote" if remote is not None else "embedded"
    if run_all:
        _print_all(selected, run, where, output_format)
        return
    typer.echo(serialize(run(selected[0], where), output_format), nl=False)


def _engine_for(where: str, remote, kg, engine: str, timeout: float):
    """(engine, name resolver, deadline) for ``where``: "remote" (the HTTP timeout applies) or
    "embedded"."""
    if where == "remote":
        from multivector.resolve import Resolver

        return remote, Resolver(remote), None
    assert kg is not None
    on = kg.engine_for(engine)
    return on, kg.resolver(on), timeout


def _answer(query: NamedQuery, on, chosen: dict[str, str], resolve, deadline: float | None,
            limits: QueryLimits, with_sources: bool) -> ResultTable:
    """``query`` run on engine ``on``; with ``with_sources``, its rows cited
    (``multivector.sourcing``)."""
    def answer(which: NamedQuery) -> ResultTable:
        return run_query(which, engine=on, values=chosen, resolve=resolve, timeout=deadline,
                         limits=limits)

    if with_sources:
        from multivector.sourcing import run_with_sources

        return run_with_sources(query, on, answer)
    return answer(query)


def _bound_text(query: NamedQuery, chosen: dict[str, str], origin, engine: str,
                include_drafts: bool, endpoint: str | None, timeout: float,
                auth: tuple[str, str] | None = None) -> str:
    """The text ``run_query`` sends to an engine: the VALUES block of ``binding.with_values`` at
    the top of its WHERE group (with ``endpoint``: the terms written where the parameters are
    used, ``queries.inline``). Names (``state=Astana``) are resolved against the graph — the
    only case that loads it (or asks ``endpoint``)."""
    from multivector.queries import bindings, inline_values, with_values

    resolve = None
    if any(p.type == "iri" and ":" not in chosen.get(p.name, ":") for p in query.params):
        if endpoint:
            from multivector.remote import RemoteEngine
            from multivector.resolve import Resolver

            resolve = Resolver(RemoteEngine(endpoint, timeout=timeout, auth=auth))
        else:
            from multivector.api import KnowledgeGraph

            resolve = KnowledgeGraph.load(
                origin, engine=engine, include_drafts=include_drafts).resolver()
    text = query.predeclared + _header_bound(query.user_text)
    bind = inline_values if endpoint else with_values
    text = bind(text, bindings(query, chosen, resolve), query.path)
    return text if text.endswith("\n") else text + "\n"


def _header_bound(text: str) -> str:
    """``text`` with its header's ``# param:`` lines read ``# bound param:`` — comments to the
    engines, but the printed query, saved and run, must not bind its parameters a second time."""
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.strip() and not line.lstrip().startswith("#"):
            break
        lines[index] = _PARAM_LINE.sub(r"\1bound param\2", line, count=1)
    return "".join(lines)


def _precheck(query: NamedQuery, chosen: dict[str, str]) -> None:
    """Unknown parameters and malformed dates, integers and IRIs, as ``bindings`` reports them
    (names to resolve against the graph are left for later)."""
    from multivector.queries import to_term

    known = {p.name: p for p in query.params}
    for key, value in chosen.items():
        param = known.get(key)
        if param is None:
            choices = ", ".join(known) or "none"
            raise InputError(
                f"query {query.name}: unknown parameter {key!r} (parameters: {choices})"
            )
        if not (param.type == "iri" and ":" not in value):
            to_term(param, value)


def _print_all(selected: list[NamedQuery], run, where: str, output_format: str) -> None:
    if output_format == "json":
        documents = {q.name: json.loads(serialize(run(q, where), "json")) for q in selected}
        typer.echo(json.dumps(documents, ensure_ascii=False, sort_keys=True))
        return
    if output_format != "table":
        raise InputError("--all: --format must be table or json (one document per query)")
    for index, query in enumerate(selected):
        if index:
            typer.echo("")
        typer.echo(f"== {query.name}: {query.question}")
        typer.echo(run(query, where).render())


def _compare(selected: list[NamedQuery], run) -> None:
    differing = 0
    for query in selected:
        embedded = run(query, "embedded")
        remote = run(query, "remote")
        difference = compare(embedded, remote)
        if not difference:
            typer.echo(f"{query.name}: same ({len(embedded.rows)} rows)")
            continue
        differing += 1
        if difference.columns_differ:
            typer.echo(
                f"{query.name}: DIFFERENT columns: embedded {embedded.columns}, "
                f"remote {remote.columns}"
            )
            continue
        typer.echo(
            f"{query.name}: DIFFERENT: {len(difference.missing)} row(s) missing remotely, "
            f"{len(difference.extra)} extra"
        )
        for row in difference.missing:
            typer.echo(f"  missing: {_row_text(row)}")
        for row in difference.extra:
            typer.echo(f"  extra:   {_row_text(row)}")
    if differing:
        typer.echo(f"{differing} of {len(selected)} queries differ", err=True)
        raise typer.Exit(EXIT_FAIL)
    typer.echo(f"all {len(selected)} queries give the same rows")


def _row_text(row: tuple) -> str:
    from multivector.results import cell

    parts = []
    for value in row:
        if isinstance(value, tuple) and value and value[0] == "literal":
            parts.append(value[1])
        elif isinstance(value, tuple):
            parts.append("_:b")
        else:
            parts.append(cell(value))
    return " | ".join(parts)
