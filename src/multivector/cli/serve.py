"""``multivector serve``: the built graph behind a guarded SPARQL 1.1 endpoint.

The Oxigraph server answers on a private loopback port; the public port is a Starlette front
(``multivector.endpoint``) that refuses what could harm it — SERVICE, oversized or too deeply
nested queries, updates unless ``--writable`` — and stops every query at ``--timeout``.
"""

from __future__ import annotations

from pathlib import Path

import typer

from multivector.cli._common import (
    ALLOW_SERVICE_OPTION,
    HOME_OPTION,
    INCLUDE_DRAFTS_OPTION,
    MAX_QUERY_DEPTH_OPTION,
    MAX_QUERY_SIZE_OPTION,
    output_root,
    query_limits,
    read_origin,
    reports_errors,
)

_PORT = typer.Option(7878, "--port", help="TCP port to listen on (0: any free port).")
_HOST = typer.Option(
    "127.0.0.1", "--host",
    help="Address to listen on. Anything but loopback is reachable from other machines.",
)
_STORE = typer.Option(
    None, "--store",
    help="Load the graph into this store folder instead of serving the persistent store.",
)
_WRITABLE = typer.Option(
    False, "--writable", help="Accept updates and Graph Store writes (default: read-only)."
)
_TIMEOUT = typer.Option(
    30.0, "--timeout", help="Seconds before a query is stopped (HTTP 504)."
)
_MAX_ANSWER_SIZE = typer.Option(
    "32M", "--max-answer-size", help="Largest answer sent, in bytes (or with K or M)."
)
_SITE = typer.Option(
    None, "--site",
    help="Static site served at / and as the HTML of the IRIs (default: dist/site when built).",
)
_REBUILD = typer.Option(False, "--rebuild", help="Rebuild dist/ (and its store) before serving.")


@reports_errors
def serve_command(
    port: int = _PORT,
    host: str = _HOST,
    store: Path | None = _STORE,
    writable: bool = _WRITABLE,
    timeout: float = _TIMEOUT,
    max_query_size: str = MAX_QUERY_SIZE_OPTION,
    max_query_depth: int = MAX_QUERY_DEPTH_OPTION,
    allow_service: bool = ALLOW_SERVICE_OPTION,
    max_answer_size: str = _MAX_ANSWER_SIZE,
    rebuild: bool = _REBUILD,
    site: Path | None = _SITE,
    home: Path | None = HOME_OPTION,
    include_drafts: bool = INCLUDE_DRAFTS_OPTION,
) -> None:
    """Serve the built graph (the persistent store, read-only) until Ctrl-C.

    Inside a workspace: dist/store, rebuilt first when stale; outside one: the packaged release.
    --writable, --store and --include-drafts load N-Quads into a store of their own."""
    from multivector import server
    from multivector.endpoint.ld_routes import site_folder
    from multivector.endpoint.run import bind, serve
    from multivector.endpoint.served import ServeRequest, served_store
    from multivector.endpoint.settings import EndpointSettings
    from multivector.errors import InputError
    from multivector.querylimits import check_timeout, parse_size

    if not 0 <= port <= 65535:
        raise InputError(f"--port: {port} is not a TCP port")
    if site is not None and not (site / "index.html").is_file():
        raise InputError("--site: not a built site (no index.html; run multivector site)", site)
    origin = read_origin(home)
    settings = EndpointSettings(
        host=host, port=port, writable=writable, timeout=check_timeout(timeout) or 30.0,
        limits=query_limits(max_query_size, max_query_depth, allow_service),
        max_answer_size=parse_size(max_answer_size, "--max-answer-size"),
        # the site as built when serve starts (none: the server draws its own pages)
        site=_built_site(site or output_root(origin) / "site"),
        queries=origin.path / "queries",
    )
    server.oxigraph_binary()  # not installed: one line before anything else
    sock = bind(settings)  # a busy port: one line, exit 2, before the store is loaded
    try:

        def log(line: str) -> None:
            typer.echo(line, err=True)

        request = ServeRequest(store=store, writable=writable, include_drafts=include_drafts,
                               rebuild=rebuild)
        with served_store(origin, request, log) as served:
            log(served.description)
            if not settings.loopback_only:
                typer.echo(
                    f"warning: listening on {host}, reachable from other machines (queries are "
                    "guarded; use --host 127.0.0.1 to keep it local)", err=True,
                )

            def ready(base: str) -> None:
                mode = "read-write" if writable else "read-only"
                typer.echo(f"SPARQL endpoint ({mode}): {base}/query (also {base}/sparql)")
                typer.echo(f"query page: {base}/sparql")
                typer.echo(f"IRIs: {base}/id/…, {base}/vocab/…, {base}/ontology")
                shown = "the site" if site_folder(settings) else "the query page (no site built)"
                typer.echo(f"{shown}: {base}/   (Ctrl-C stops the server)")

            serve(settings, served.location, sock, log=log, ready=ready,
                  union_default_graph=served.union_default_graph)
            typer.echo("server stopped")
    finally:
        sock.close()


def _built_site(folder: Path) -> Path | None:
    return folder if (folder / "index.html").is_file() else None
