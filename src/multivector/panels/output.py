"""Writing a panel: CSV, TSV, Parquet (pyarrow) or JSON, atomically or to stdout."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from multivector.atomic import write_bytes_atomic
from multivector.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("csv", "tsv", "parquet", "json")


def format_for(out: str | None, given: str | None) -> str:
    """``--format``, else the output file's suffix, else CSV."""
    if given is not None:
        if given not in FORMATS:
            raise InputError(f"--format: unknown format {given!r} (choose {', '.join(FORMATS)})")
        return given
    suffix = Path(out).suffix.lstrip(".").lower() if out and out != "-" else ""
    return suffix if suffix in FORMATS else "csv"


def to_bytes(frame: pd.DataFrame, fmt: str) -> bytes:
    """The table serialized as ``fmt`` (NA as an empty cell / JSON null)."""
    if fmt in ("csv", "tsv"):
        return frame.to_csv(index=False, sep="," if fmt == "csv" else "\t",
                            lineterminator="\n").encode("utf-8")
    if fmt == "json":
        return (frame.to_json(orient="records", force_ascii=False, indent=1) + "\n").encode()
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise InputError("--format parquet needs pyarrow: pip install 'multivector[panels]'") \
            from None
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False, engine="pyarrow")
    return buffer.getvalue()


def write(frame: pd.DataFrame, out: str | None, fmt: str) -> None:
    """Write to ``out`` atomically, or to stdout for ``-``/None (Parquet needs a file)."""
    data = to_bytes(frame, fmt)
    if out is None or out == "-":
        if fmt == "parquet":
            raise InputError("--format parquet: give --out FILE (binary output)")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_bytes_atomic(Path(out), data)


__all__ = ["FORMATS", "format_for", "to_bytes", "write"]
