"""``multivector release``: write the release the wheel carries (``make wheel`` runs it)."""

from __future__ import annotations

from pathlib import Path

import typer

from multivector.cli._common import EXIT_FAIL, HOME_OPTION, project_home, reports_errors


@reports_errors
def release_command(
    out: Path | None = typer.Option(
        None, "--out", help="Release folder (default: src/multivector/release of the workspace)."
    ),
    home: Path | None = HOME_OPTION,
) -> None:
    """Build and validate the graph, then write the packaged release (see multivector.release).

    The folder holds the ontology, vocabularies, shapes, named queries and rules, and the built
    graph (an Oxigraph store and canonical N-Quads, drafts excluded). Exit 1 if the graph does
    not validate (nothing written).
    """
    from multivector import diskstore, release
    from multivector.build import BuildOptions, build
    from multivector.stamp import stamp_for

    root = project_home(home)
    target = out or release.default_out(root)
    key = diskstore.fingerprint(root)
    result = build(root, BuildOptions(full=True))  # a release is never built incrementally
    if not result.conforms:
        typer.echo("release: the graph does not validate (run multivector build); nothing "
                   "written", err=True)
        raise typer.Exit(EXIT_FAIL)
    quads = result.all_quads()
    from multivector.dumps import CanonicalDump

    report = release.write_release(
        root, quads, target, fingerprint=key, stamp_key=stamp_for(root).key(),
        nquads=CanonicalDump(quads).nquads(),
    )
    typer.echo(
        f"wrote {report.out}: release {report.version}, {report.quads} quads, "
        f"{report.files} source files"
    )
