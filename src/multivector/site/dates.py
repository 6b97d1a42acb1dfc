"""Dates as precise as the data says they are.

The data stores every date as a full ``xsd:date`` and says how much of it is meant with
``mv:datePrecision`` (``mv:startDatePrecision``, ``mv:endDatePrecision``, ``mv:asOfPrecision``):
a month-precision ``2017-06-01`` is "June 2017", a year-precision ``2003-01-01`` is "2003". Pages
print dates this way; the ISO form stays the sort key.
"""

from __future__ import annotations

import datetime as dt

from rdflib import URIRef

from multivector.namespaces import MVV

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def at_precision(value: str, precision: URIRef | None = None) -> str:
    """``2017-06-22`` → "22 June 2017" (day), "June 2017" (month), "2017" (year); a value
    that is not an ISO date comes back unchanged."""
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return value
    if precision == MVV.YearPrecision:
        return str(day.year)
    if precision == MVV.MonthPrecision:
        return f"{MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
