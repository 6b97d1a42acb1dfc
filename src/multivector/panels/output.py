"""Writing a panel: CSV, TSV, Parquet (pyarrow) or JSON, atomically or to stdout.

CSV, TSV and JSON are written from the table's rows with the standard library (no pandas
import): the same bytes as ``DataFrame.to_csv(index=False, lineterminator="\\n")`` — pandas
writes through the same ``csv`` module; a missing value is an empty cell, a bool ``True`` or
``False``, a float its shortest round-trip repr — and JSON records with ``null`` for a missing
value. Parquet goes through the DataFrame (pandas and pyarrow), so its dtypes are the codebook's.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from multivector.atomic import write_bytes_atomic
from multivector.errors import InputError
from multivector.panels.table import Table

FORMATS = ("csv", "tsv", "parquet", "json")


def format_for(out: str | None, given: str | None) -> str:
    """``--format``, else the output file's suffix, else CSV."""
    if given is not None:
        if given not in FORMATS:
            raise InputError(f"--format: unknown format {given!r} (choose {', '.join(FORMATS)})")
        return given
    suffix = Path(out).suffix.lstrip(".").lower() if out and out != "-" else ""
    return suffix if suffix in FORMATS else "csv"


def check_format(fmt: str, out: str | None) -> None:
    """What ``fmt`` needs, checked before any work: Parquet needs a file, pandas and pyarrow."""
    if fmt != "parquet":
        return
    if out is None or out == "-":
        raise InputError("--format parquet: give --out FILE (binary output)")
    from multivector.panels.frame import pandas

    pandas()
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise InputError("--format parquet needs pyarrow: pip install 'multivector[panels]'") \
            from None


def to_bytes(table: Table, fmt: str) -> bytes:
    """The table serialized as ``fmt`` (missing values: an empty cell / JSON null)."""
    if fmt in ("csv", "tsv"):
        return delimited(table, "," if fmt == "csv" else "\t")
    if fmt == "json":
        names = list(table.columns)
        records = [dict(zip(names, row, strict=True)) for row in table.rows]
        return (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    check_format(fmt, "file")
    buffer = io.BytesIO()
    table.frame().to_parquet(buffer, index=False, engine="pyarrow")
    return buffer.getvalue()


def delimited(table: Table, sep: str) -> bytes:
    """CSV (or TSV) of the table, UTF-8: the ``csv`` module's minimal quoting, as pandas writes.

    A block's prefix is formatted once, and each distinct rest of a row once (a country-year
    year without membership is one shared tuple, and states with the same status share the
    rest of their rows): joining the two with ``sep`` gives the row's line, since the csv module
    quotes each field on its own — except that a row of one empty field is written ``""``,
    which :func:`_part` undoes for a part of a longer row.
    """
    line = io.StringIO()
    # the line terminator is what makes the writer quote a field holding a line break
    writer = csv.writer(line, delimiter=sep, lineterminator="\n")

    def _row(cells: Iterable[object]) -> str:
        line.seek(0)
        line.truncate()
        writer.writerow(cells)
        return line.getvalue()[:-1]

    def _part(cells: tuple) -> str:
        text = formatted[cells] = _row(cells)
        if len(cells) == 1 and text == '""':
            text = formatted[cells] = ""
        return text

    formatted: dict[tuple, str] = {}
    get = formatted.get
    chunks = [(_row(table.columns) + "\n").encode("utf-8")]
    for prefix, rests in table.blocks:
        if not rests:
            continue
        if not prefix:
            text = "\n".join([_row(rest) for rest in rests])
        elif not all(rests):  # a row that is all prefix
            text = "\n".join([_row(prefix + rest) for rest in rests])
        else:
            head = _part(prefix) + sep
            texts = [get(rest) if rest in formatted else _part(rest) for rest in rests]
            text = head + f"\n{head}".join(texts)
        chunks.append((text + "\n").encode("utf-8"))
    return b"".join(chunks)


def write(table: Table, out: str | None, fmt: str) -> None:
    """Write to ``out`` atomically, or to stdout for ``-``/None (Parquet needs a file)."""
    check_format(fmt, out)
    data = to_bytes(table, fmt)
    if out is None or out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_bytes_atomic(Path(out), data)


__all__ = ["FORMATS", "check_format", "delimited", "format_for", "to_bytes", "write"]
