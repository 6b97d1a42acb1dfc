"""``multivector source add|check|link``: register a new text, verify a source's quotes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from multivector.cli._common import EXIT_FAIL, HOME_OPTION, project_home, reports_errors
from multivector.namespaces import curie

if TYPE_CHECKING:
    from rdflib import URIRef

    from multivector.drafting import DraftClaim
    from multivector.linking.candidates import Candidate

app = typer.Typer(
    name="source",
    help="Add a source text (entity linking, draft claims) or check its quotes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

CORPUS_OPTION = typer.Option(
    None, "--corpus", help="Corpus folder (default: $MULTIVECTOR_CORPUS or ../shared/corpus)."
)


@app.command("add")
@reports_errors
def add_command(
    file: Path = typer.Argument(..., help="The article as a UTF-8 text file."),
    source_id: str = typer.Option(..., "--id", help="Source id, e.g. 005_0123456789abcdef."),
    title: str | None = typer.Option(None, "--title", help="Headline (default: first line)."),
    author: str | None = typer.Option(None, "--author", help="Author's name."),
    publisher: str | None = typer.Option(None, "--publisher", help="Outlet's name."),
    date: str | None = typer.Option(None, "--date", help="Publication date: YYYY[-MM[-DD]]."),
    language: str | None = typer.Option(
        None, "--language", help="BCP 47 language code (default: en, or as given before)."),
    force: bool = typer.Option(
        False, "--force",
        help="Overwrite an existing source graph (title, author, publisher, date and language "
             "given before are kept unless given again)."),
    corpus: Path | None = CORPUS_OPTION,
    home: Path | None = HOME_OPTION,
) -> None:
    """Register FILE as source ID: corpus copy, description, mentions, draft claims."""
    from multivector.sources import register_source

    report = register_source(
        file, source_id, title=title, author=author, publisher=publisher, date=date,
        language=language, force=force, project_home=project_home(home), corpus_dir=corpus,
    )
    if report.corpus_action == "copied":
        typer.echo(f"copied {file} to {report.corpus_file}")
    else:
        typer.echo(f"text already in the corpus: {report.corpus_file}")
    typer.echo(f"wrote {report.graph_file} (sha256 {report.sha256})")
    entities = {e for m in report.mentions for e in m.bodies}
    typer.echo(
        f"{len(report.mentions)} mentions of {len(entities)} entities, "
        f"{len(report.drafts)} draft claims, {len(report.candidates)} candidates"
    )
    for role, name in report.unresolved:
        typer.echo(f"candidate\t{role}\t{name}\t(not in the gazetteer: a draft entity "
                   f"id:candidate/{source_id}/{role}; describe it in data/reference/ or link a "
                   "known one)")
    for cand in report.candidates:
        typer.echo(candidate_line(cand))
    for draft in report.drafts:
        typer.echo(draft_line(draft, source_id, report.author))
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)


def draft_line(draft: DraftClaim, source_id: str, author: URIRef | None) -> str:
    """``draft<TAB>IRI<TAB>kind<TAB>claimant<TAB>subjects<TAB>objects<TAB>cue``: the claimant a
    CURIE, a name the graph does not know in quotes, or "-"; actors as space-separated CURIEs."""
    claimant = draft.claimant_given(author)
    who = (curie(claimant) if claimant is not None
           else f'"{draft.speaker}"' if draft.speaker else "-")
    actors = [" ".join(curie(e) for e in group) or "-"
              for group in (draft.subjects, draft.objects)]
    return "\t".join(("draft", curie(draft.iri(source_id)), draft.kind, who, *actors,
                      draft.cue))


@app.command("check")
@reports_errors
def check_command(
    source_id: str = typer.Argument(..., help="Source id (data/sources/<ID>.trig)."),
    corpus: Path | None = CORPUS_OPTION,
    home: Path | None = HOME_OPTION,
) -> None:
    """Verify every quote of a source and its sha256 against the corpus text."""
    from multivector.sources import check_source

    problems = check_source(source_id, project_home(home), corpus)
    for line in problems:
        typer.echo(line)
    if problems:
        raise typer.Exit(EXIT_FAIL)
    typer.echo(f"{source_id}: sha256 and all quotes match the text")


def candidate_line(cand: Candidate) -> str:
    """``candidate<TAB>kind<TAB>name<TAB>start-end<TAB>post=…<TAB>evidence``."""
    return (f"candidate\t{cand.kind}\t{cand.text}\t{cand.start}-{cand.end}\t"
            f"post={cand.post or '-'}\t{cand.evidence}")


@app.command("link")
@reports_errors
def link_command(
    file: Path = typer.Argument(..., help="A UTF-8 text file."),
    home: Path | None = HOME_OPTION,
) -> None:
    """Print the mentions and candidates the linker finds in FILE (writes nothing)."""
    from multivector.linking import find_candidates, link_text, load_gazetteer
    from multivector.sources import read_source_text

    text = read_source_text(file)
    mentions = link_text(text, load_gazetteer(project_home(home)))
    for m in mentions:
        typer.echo(f"{m.start}\t{m.end}\t{m.surface}\t" + " ".join(curie(e) for e in m.bodies))
    for cand in find_candidates(text, mentions):
        typer.echo(f"{cand.start}\t{cand.end}\t{cand.text}\tcandidate:{cand.kind}\t"
                   f"post={cand.post or '-'}\t{cand.evidence}")
