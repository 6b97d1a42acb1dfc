"""Query answers as pandas DataFrames with typed columns (``Rows.to_df()``).

Why this module exists: analysts load answers into pandas, and ``pd.DataFrame(rows.values())``
leaves every column as ``object`` (dates as ``datetime.date``, numbers mixed with ``None``). Each
column's dtype is chosen from the RDF datatypes of its cells, the SPARQL variable order kept:

* ``xsd:date`` / ``xsd:dateTime`` → ``datetime64``
* integer types (``xsd:integer``, ``xsd:int``, ``xsd:nonNegativeInteger``, …) → ``int64``, or
  pandas' nullable ``Int64`` when some cells are unbound
* ``xsd:decimal``, ``xsd:double``, ``xsd:float`` → ``float64`` (unbound → NaN)
* ``xsd:boolean`` → ``bool`` (nullable ``boolean`` when some cells are unbound)
* IRIs, strings, anything else or a mix → ``str`` (pandas' string dtype; unbound → missing)

pandas is an optional dependency (``pip install 'multivector[pandas]'``); it is imported here
only, when asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multivector.errors import InputError

XSD = "http://www.w3.org/2001/XMLSchema#"
DATES = {XSD + "date", XSD + "dateTime", XSD + "dateTimeStamp"}
INTEGERS = {XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte",
)}
FLOATS = {XSD + "decimal", XSD + "double", XSD + "float"}
BOOLEAN = XSD + "boolean"
INSTALL_HINT = (
    "Rows.to_df() needs pandas: pip install 'multivector[pandas]' (or pip install pandas)"
)


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise InputError(INSTALL_HINT) from None
    return pandas


def column_kind(cells: Sequence[Any]) -> str:
    """``date``, ``integer``, ``float``, ``boolean`` or ``str`` for a column of rdflib terms."""
    from rdflib import Literal

    kinds = set()
    for cell in cells:
        if cell is None:
            continue
        if not isinstance(cell, Literal) or cell.datatype is None:
            return "str"
        datatype = str(cell.datatype)
        if datatype in DATES:
            kinds.add("date")
        elif datatype in INTEGERS:
            kinds.add("integer")
        elif datatype in FLOATS:
            kinds.add("float")
        elif datatype == BOOLEAN:
            kinds.add("boolean")
        else:
            return "str"
    if kinds == {"integer", "float"}:
        return "float"
    return kinds.pop() if len(kinds) == 1 else "str"


def to_frame(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> Any:
    """A DataFrame of the rows (rdflib terms or None), one typed column per variable."""
    pd = _pandas()
    data: dict[str, Any] = {}
    string_dtype = "str" if int(pd.__version__.split(".")[0]) >= 3 else "string"
    for index, name in enumerate(columns):
        cells = [row[index] for row in rows]
        kind = column_kind(cells)
        missing = any(c is None for c in cells)
        if kind == "date":
            data[name] = pd.to_datetime(pd.Series(
                [None if c is None else str(c) for c in cells], dtype="object"), utc=False,
                format="ISO8601")
        elif kind == "integer":
            values = [None if c is None else int(str(c)) for c in cells]
            data[name] = pd.Series(values, dtype="Int64" if missing else "int64")
        elif kind == "float":
            data[name] = pd.Series(
                [float("nan") if c is None else float(str(c)) for c in cells], dtype="float64")
        elif kind == "boolean":
            values = [None if c is None else str(c).strip() in ("true", "1") for c in cells]
            data[name] = pd.Series(values, dtype="boolean" if missing else "bool")
        else:
            data[name] = pd.Series([None if c is None else str(c) for c in cells],
                                   dtype=string_dtype)
    return pd.DataFrame(data, columns=list(columns))


__all__ = ["INSTALL_HINT", "column_kind", "to_frame"]
