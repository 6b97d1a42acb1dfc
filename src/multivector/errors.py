"""Errors the tools report to people: one line, naming the file (and position) or parameter.

The CLI prints ``str(error)`` on stderr and exits 2; no traceback ever reaches the user.
"""

from __future__ import annotations

from pathlib import Path


class MultivectorError(Exception):
    """Base class for errors that the CLI reports as one line and exit code 2."""


class InputError(MultivectorError):
    """Bad input: a file that cannot be read or parsed, or a bad parameter.

    ``str()`` is ``path:line:col: message`` (line and column only when known).
    """

    def __init__(
        self,
        message: str,
        path: Path | str | None = None,
        line: int | None = None,
        col: int | None = None,
    ) -> None:
        self.message = " ".join(str(message).split())  # always one line
        self.path = Path(path) if path is not None else None
        self.line = line
        self.col = col
        super().__init__(str(self))

    def __str__(self) -> str:
        parts: list[str] = []
        if self.path is not None:
            parts.append(str(self.path))
            if self.line is not None:
                parts.append(str(self.line))
                if self.col is not None:
                    parts.append(str(self.col))
        prefix = ":".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message


class ToolError(MultivectorError):
    """A tool the pipeline needs (Java, the reasoner, the validator) could not run."""


def one_line(exc: BaseException) -> str:
    """An exception's text on one line (library messages often span several)."""
    return " ".join(str(exc).split())


class OutputError(InputError):
    """An output could not be written (read-only file system, permission denied, disk full).

    ``str()`` is ``path: cannot write: reason``; what was published before is left intact.
    """
