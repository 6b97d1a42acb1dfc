"""``multivector serve``: the built graph behind a real SPARQL 1.1 endpoint (Oxigraph server)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import typer

from multivector.cli._common import (
    HOME_OPTION,
    INCLUDE_DRAFTS_OPTION,
    project_home,
    reports_errors,
)


@reports_errors
def serve_command(
    port: int = typer.Option(7878, "--port", help="TCP port on 127.0.0.1 (0: any free port)."),
    store: Path | None = typer.Option(
        None, "--store", help="On-disk store folder (default: a temporary one, removed at exit)."
    ),
    writable: bool = typer.Option(
        False, "--writable", help="Accept updates and Graph Store writes (default: read-only)."
    ),
    rebuild: bool = typer.Option(False, "--rebuild", help="Rebuild dist/ before loading it."),
    home: Path | None = HOME_OPTION,
    include_drafts: bool = INCLUDE_DRAFTS_OPTION,
) -> None:
    """Load dist/multivector.nq into an Oxigraph store and serve it until Ctrl-C."""
    from multivector import server
    from multivector.errors import InputError

    if not 0 <= port <= 65535:
        raise InputError(f"--port: {port} is not a TCP port")
    root = project_home(home)
    from multivector.drafts import output_name

    # dist/multivector.nq is the draft-free graph; with drafts: multivector-with-drafts.nq
    nquads = root / "dist" / output_name("multivector.nq", include_drafts)
    if rebuild or not nquads.is_file():
        from multivector.build import BuildOptions, build

        typer.echo(f"building {nquads} …")
        result = build(root, BuildOptions(include_drafts=include_drafts))
        if not result.conforms:
            raise InputError("the graph does not validate; see multivector validate")
    temporary = None
    if store is None:
        temporary = tempfile.TemporaryDirectory(prefix="multivector-store-")
        location = Path(temporary.name) / "store"
    else:
        location = store
    try:
        server.prepare_store(location)
        server.load_store(location, nquads)
        running = server.start(location, port=port or None, writable=writable, quiet=False)
        mode = "read-write" if writable else "read-only"
        typer.echo(f"SPARQL endpoint ({mode}): {running.query_url}")
        typer.echo(f"query web UI: {running.base}/   (Ctrl-C stops the server)")
        code = server.serve_forever(running)
        typer.echo(f"server stopped (exit code {code})")
    finally:
        if temporary is not None:
            temporary.cleanup()
