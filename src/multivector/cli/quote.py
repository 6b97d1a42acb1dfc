"""``multivector quote ID "exact text"``: the offsets (and evidence IRI) of a verbatim quote."""

from __future__ import annotations

from pathlib import Path

import typer

from multivector.cli._common import EXIT_FAIL, HOME_OPTION, project_home, reports_errors
from multivector.evidence import MAX_QUOTE_LENGTH, Anchor, add_evidence, occurrences


def _context(text: str, start: int, end: int, width: int = 25) -> str:
    before = " ".join(text[max(0, start - width) : start].split())
    after = " ".join(text[end : end + width].split())
    return f"…{before}[…]{after}…"


@reports_errors
def quote_command(
    source_id: str = typer.Argument(..., help="Source id (its text is <corpus>/<ID>.txt)."),
    quote: str = typer.Argument(..., help="The exact text, as it stands in the source."),
    turtle: bool = typer.Option(False, "--turtle", help="Print the annotation as Turtle."),
    corpus: Path | None = typer.Option(None, "--corpus", help="Corpus folder."),
    home: Path | None = HOME_OPTION,
) -> None:
    """Print START END and the evidence IRI of QUOTE in source ID (exit 1 if absent/ambiguous)."""
    from rdflib import Graph, URIRef

    from multivector.canonical import canonical_turtle
    from multivector.namespaces import MV
    from multivector.sources import corpus_text

    root = project_home(home) if home is not None or corpus is None else None
    _path, text = corpus_text(source_id, root, corpus)
    if not quote:
        typer.echo(f"{source_id}: empty quote", err=True)
        raise typer.Exit(EXIT_FAIL)
    if len(quote) > MAX_QUOTE_LENGTH:
        typer.echo(
            f"{source_id}: quote is {len(quote)} characters; the limit is {MAX_QUOTE_LENGTH}",
            err=True,
        )
        raise typer.Exit(EXIT_FAIL)
    starts = occurrences(text, quote)
    if not starts:
        typer.echo(f"{source_id}: quote not found in the text: {quote[:80]!r}", err=True)
        raise typer.Exit(EXIT_FAIL)
    if len(starts) > 1:
        where = "; ".join(
            f"{s}-{s + len(quote)} {_context(text, s, s + len(quote))}" for s in starts
        )
        typer.echo(
            f"{source_id}: quote occurs {len(starts)} times, lengthen it: {where}", err=True
        )
        raise typer.Exit(EXIT_FAIL)
    found = Anchor(source_id, starts[0], starts[0] + len(quote), quote)
    if not turtle:
        typer.echo(f"{found.start} {found.end} {found.iri}")
        return
    graph = Graph()
    placeholder = URIRef("urn:multivector:statement")
    add_evidence(graph, placeholder, found)
    graph.remove((placeholder, MV.hasEvidence, None))
    typer.echo(canonical_turtle(graph), nl=False)
