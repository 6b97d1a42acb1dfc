"""``multivector find TEXT``: which entities a name denotes — their IRIs, kinds, labels and how the
name matched — through the resolver ``--param`` uses (``multivector.resolve``).

A newcomer needs an entity's IRI to write a query; this lists it. Exact matches (a label, an
alternative label, a metonym, an ISO code, the IRI's local name, a Wikidata item id) come first;
when there is none, the entities whose names contain the text or come close to it. No match is
an empty table (exit 0, like a query without rows) and one line on stderr.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rdflib import Literal

from multivector.cli._common import HOME_OPTION, read_origin, reports_errors
from multivector.cli.credentials import PASSWORD_ENV_OPTION, USER_OPTION, credentials
from multivector.errors import InputError
from multivector.namespaces import curie
from multivector.results import FORMATS, ResultTable, serialize

COLUMNS = ["entity", "kinds", "label", "matched"]

_TEXT = typer.Argument(..., help="A name, ISO code, metonym, IRI local name or Wikidata id.")
_OUTPUT_FORMAT = typer.Option("table", "--format", "-f", help=f"Output: {', '.join(FORMATS)}.")
_ENDPOINT = typer.Option(
    None, "--endpoint", help="Look the name up on a SPARQL endpoint URL instead."
)


@reports_errors
def find_command(
    text: str = _TEXT,
    output_format: str = _OUTPUT_FORMAT,
    endpoint: str | None = _ENDPOINT,
    user: str | None = USER_OPTION,
    password_env: str = PASSWORD_ENV_OPTION,
    home: Path | None = HOME_OPTION,
) -> None:
    """List the entities a name denotes: IRI, kinds, English label, and how the name matched."""
    if not text.strip():
        raise InputError("find: give a name to look for (the text is empty)")
    if output_format not in FORMATS:
        raise InputError(
            f"--format: unknown format {output_format!r} (choose from {', '.join(FORMATS)})"
        )
    from multivector.resolve import Resolver

    if endpoint:
        from multivector.remote import RemoteEngine

        resolver = Resolver(RemoteEngine(endpoint, auth=credentials(user, password_env)))
    else:
        from multivector.api import KnowledgeGraph

        resolver = KnowledgeGraph.load(read_origin(home)).resolver()
    found = resolver.matches(text)
    rows = [
        [c.entity, Literal(", ".join(sorted(curie(k) for k in c.kinds))),
         Literal(resolver.label(c.entity)), Literal("; ".join(sorted(c.matched)))]
        for c in found
    ]
    if not found:
        typer.echo(f"find: no entity is called or named like {text.strip()!r}", err=True)
    typer.echo(serialize(ResultTable(COLUMNS, rows), output_format), nl=False)
