"""``multivector draw balance STATE``: the multi-vector balance as a stacked-area picture.

One band per vector (the leading power of CQ12), its height the number of the state's ties that
year (the ``balance`` table, as rows: no pandas needed), with the source articles' issue dates
marked as vertical lines.
Deterministic like the other pictures (``multivector.draw``): fixed SVG hash salt, no dates in
the metadata.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from multivector.panels.frame import as_date, query_rows

if TYPE_CHECKING:
    from multivector.api import KnowledgeGraph
    from multivector.panels.table import Table

#: Colours by vector (others cycle through the tab10 palette after these).
COLOURS = {
    "Russia": "#c0392b",
    "China": "#e6a817",
    "United States / the West": "#2e6fb7",
    "Turkey": "#16a085",
}


def source_dates(kg: KnowledgeGraph) -> list[tuple[float, str]]:
    """(fractional year, identifier) of every source article with an issue date."""
    marks = []
    for row in query_rows(kg, "source-dates"):
        day = as_date(row.issued)
        if day is not None:
            fraction = day.year + (day.timetuple().tm_yday - 1) / 366
            marks.append((fraction, str(row.identifier or "")))
    return sorted(marks)


def wide(table: Table) -> tuple[list[int], dict[str, list[int]]]:
    """The years that have ties, and per vector its ``ties`` in each of those years (0 when
    none)."""
    names = list(table.columns)
    year, vector, ties = (names.index(c) for c in ("year", "vector", "ties"))
    cells: dict[tuple[int, str], int] = {}
    for row in table.rows:
        cells[(row[year], row[vector])] = cells.get((row[year], row[vector]), 0) + row[ties]
    years = sorted({y for y, _ in cells})
    vectors = sorted({v for _, v in cells})
    return years, {v: [cells.get((y, v), 0) for y in years] for v in vectors}


def draw_balance(kg: KnowledgeGraph, table: Table, state_label: str,
                 fmt: str = "svg") -> bytes:
    """The picture of ``table`` (the balance panel of one state) as SVG or PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    years, bands = wide(table)
    vectors = sorted(bands, key=lambda v: (v not in COLOURS, list(COLOURS).index(v)
                                           if v in COLOURS else 0, v))
    palette = plt.get_cmap("tab10")
    colours = [COLOURS.get(v, palette(i % 10)) for i, v in enumerate(vectors)]
    marks = [m for m in source_dates(kg) if years and years[0] <= m[0] <= years[-1] + 1]
    with plt.rc_context({"svg.hashsalt": "multivector", "svg.fonttype": "none",
                         "font.family": "DejaVu Sans", "font.size": 8}):
        fig, ax = plt.subplots(figsize=(10, 4.5), dpi=100)
        if years:
            ax.stackplot(years, *(bands[v] for v in vectors), labels=vectors,
                         colors=colours, alpha=0.85, step="post")
        for i, (when, _name) in enumerate(marks):
            ax.axvline(when, color="#333333", linewidth=0.8, linestyle="--",
                       label="source article" if i == 0 else None)
        ax.set_xlabel("year (ties as on 31 December)")
        ax.set_ylabel("ties (memberships, partnerships, alliances, rivalries, cooperation)")
        ax.set_title(f"Multi-vector balance of {state_label}: ties by leading power")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.subplots_adjust(left=0.07, right=0.78, top=0.9, bottom=0.12)
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buffer, format=fmt, metadata=metadata)
        plt.close(fig)
    return buffer.getvalue()


__all__ = ["COLOURS", "draw_balance", "source_dates", "wide"]
