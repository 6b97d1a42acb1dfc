"""A panel as plain rows: the codebook's columns with their dtypes, and the DataFrame on demand.

The table code builds rows of plain Python values (str, int, float, bool; None for a missing
value) so that ``multivector panel`` can write CSV, TSV and JSON without importing pandas (about
a second of a one-second budget). :meth:`Table.frame` makes the pandas DataFrame of the API —
the codebook's dtypes (``string``, ``Int64``, ``int64``, ``float64``, ``bool``), missing values
as ``<NA>`` — and is what Parquet is written from.

Rows are held as *blocks*: a prefix of cells shared by a run of rows, and the rest of each row.
Most of a panel's cells repeat — a country-year pair's identifiers in every year; the cells of a
year without membership are the same tuple for every state — so the table code makes each only
once and the CSV writer formats each distinct tuple once (``multivector.panels.output``): at
1 M triples the country-year panel has 2.5 M rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from multivector.panels.frame import pandas

if TYPE_CHECKING:
    import pandas as pd

#: One block: the cells its rows start with, and the rest of each row.
Block = tuple[tuple, Sequence[tuple]]


@dataclass
class Table:
    """The rows of one panel, in the order of ``columns`` (name -> pandas dtype)."""

    columns: dict[str, str]
    blocks: list[Block] = field(default_factory=list)

    @classmethod
    def of_rows(cls, columns: dict[str, str], rows: Sequence[tuple]) -> Table:
        """A table of whole rows (one block without a prefix)."""
        return cls(columns, [((), rows)])

    def __len__(self) -> int:
        return sum(len(rest) for _, rest in self.blocks)

    @property
    def rows(self) -> list[tuple]:
        """Every row, whole."""
        return [prefix + rest for prefix, rests in self.blocks for rest in rests]

    def frame(self) -> pd.DataFrame:
        """The table as a pandas DataFrame with the codebook's dtypes (needs pandas)."""
        pd = pandas()
        rows = self.rows
        cells = list(zip(*rows, strict=True)) if rows else [()] * len(self.columns)
        return pd.DataFrame({
            name: pd.array(list(values), dtype=dtype)
            for (name, dtype), values in zip(self.columns.items(), cells, strict=True)
        })


__all__ = ["Block", "Table"]
