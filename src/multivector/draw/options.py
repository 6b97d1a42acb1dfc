"""The picture options the command line passes: a date, an output format, a layout engine.

Kept apart so that ``multivector draw`` can check its arguments (one clear line, exit 2) before
it builds the graph.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from multivector.errors import InputError

#: Graphviz layout programs ``--engine`` accepts
ENGINES = ("neato", "fdp", "dot", "sfdp", "circo")
#: picture formats, by file suffix
FORMATS = ("svg", "png")


def parse_date(value: str, parameter: str = "--at") -> dt.date:
    """An ISO date from the command line; InputError naming the parameter otherwise."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InputError(f"{parameter}: not a date (expected YYYY-MM-DD): {value!r}") from None


def output_format(out: Path) -> str:
    """``svg`` or ``png`` from the suffix of ``--out``; InputError otherwise."""
    suffix = out.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise InputError(f"--out: unsupported picture format {out.suffix!r} (use .svg or .png)")
    return suffix


def check_engine(engine: str) -> str:
    """``engine`` if it is a known Graphviz layout program; InputError otherwise."""
    if engine not in ENGINES:
        raise InputError(f"--engine: unknown layout engine {engine!r} ({', '.join(ENGINES)})")
    return engine
