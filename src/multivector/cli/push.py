"""``multivector push``: upload every named graph to a store (SPARQL 1.1 Graph Store Protocol).

Credentials (HTTP Basic) come from ``--user`` and an environment variable or a prompt
(``multivector.cli.credentials``); a refusal names what to set on the common stores."""

from __future__ import annotations

from pathlib import Path

import typer

from multivector.cli._common import (
    HOME_OPTION,
    INCLUDE_DRAFTS_OPTION,
    read_origin,
    reports_errors,
)
from multivector.cli.credentials import PASSWORD_ENV_OPTION, USER_OPTION, credentials
from multivector.remote import DEFAULT_TIMEOUT


@reports_errors
def push_command(
    endpoint: str = typer.Option(..., "--endpoint", help="The store's SPARQL query endpoint."),
    graph_store: str | None = typer.Option(
        None, "--graph-store",
        help="Graph Store Protocol URL (default: beside the endpoint, …/query -> …/store).",
    ),
    include_drafts: bool = INCLUDE_DRAFTS_OPTION,
    timeout: float = typer.Option(DEFAULT_TIMEOUT, "--timeout", help="Seconds per request."),
    user: str | None = USER_OPTION,
    password_env: str = PASSWORD_ENV_OPTION,
    home: Path | None = HOME_OPTION,
) -> None:
    """PUT each named graph (N-Triples) so Oxigraph, Fuseki, Virtuoso or GraphDB hold the graph."""
    from multivector.api import KnowledgeGraph
    from multivector.remote import _check_url, graph_store_url, push

    _check_url(endpoint, "--endpoint")
    target = graph_store or graph_store_url(endpoint)
    auth = credentials(user, password_env)
    kg = KnowledgeGraph.load(read_origin(home), include_drafts=include_drafts)
    pushed = push(kg.dataset, target, timeout=timeout, auth=auth)
    for item in pushed:
        typer.echo(f"PUT <{item.graph}>: {item.triples} triples")
    typer.echo(f"pushed {len(pushed)} graphs to {target}")
