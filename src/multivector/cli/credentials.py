"""HTTP Basic credentials for a remote store: a user name on the command line, the password
from an environment variable or a hidden prompt — never from the command line, where other
users of the machine could read it (``ps``) and shells keep it in their history."""

from __future__ import annotations

import os
import sys

import typer

from multivector.errors import InputError

PASSWORD_ENV = "MULTIVECTOR_PASSWORD"

USER_OPTION = typer.Option(
    None, "--user",
    help=f"User for HTTP Basic auth; the password comes from ${PASSWORD_ENV} (see "
    "--password-env) or, on a terminal, a prompt.",
)
PASSWORD_ENV_OPTION = typer.Option(
    PASSWORD_ENV, "--password-env", metavar="VAR",
    help="The environment variable holding the password for --user.",
)


def credentials(user: str | None, password_env: str) -> tuple[str, str] | None:
    """(user, password) for ``--user``, or None without it; no password -> InputError."""
    if user is None:
        return None
    if not user or ":" in user:
        raise InputError(f"--user: {user!r} is not a user name (no colon, not empty)")
    password = os.environ.get(password_env)
    if password is None:
        if not sys.stdin.isatty():
            raise InputError(
                f"--user {user}: no password: set the environment variable {password_env} "
                "(or run on a terminal to be asked)"
            )
        password = typer.prompt(f"password for {user}", hide_input=True)
    return user, password


__all__ = ["PASSWORD_ENV", "PASSWORD_ENV_OPTION", "USER_OPTION", "credentials"]
