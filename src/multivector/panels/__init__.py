"""Tables for political scientists: country-year and dyad-year panels, coded events, balance.

Each table is built from the graph by the internal queries in ``queries/internal/panel/`` plus
the plain table code of one module per table; :func:`build_panel` is what
``multivector panel KIND`` and ``KnowledgeGraph.panel`` call. The codebook is docs/panels.md.
pandas (and pyarrow, for Parquet) come with the optional extra ``multivector[panels]``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from multivector.errors import InputError
from multivector.panels.frame import Selection, pandas

if TYPE_CHECKING:
    import pandas as pd

    from multivector.api import KnowledgeGraph


def _builders() -> dict[str, tuple[Callable[..., pd.DataFrame], dict[str, str]]]:
    from multivector.panels import balance, country_year, dyad_year, events

    return {
        "country-year": (country_year.build, country_year.COLUMNS),
        "dyad-year": (dyad_year.build, dyad_year.COLUMNS),
        "events": (events.build, events.COLUMNS),
        "balance": (balance.build, balance.COLUMNS),
    }


KINDS = ("country-year", "dyad-year", "events", "balance")


def columns(kind: str) -> dict[str, str]:
    """The table's columns and their pandas dtypes (the codebook's order)."""
    return dict(_builder(kind)[1])


def _builder(kind: str) -> tuple[Callable[..., pd.DataFrame], dict[str, str]]:
    builders = _builders()
    if kind not in builders:
        raise InputError(f"unknown panel {kind!r} (choose {', '.join(KINDS)})")
    return builders[kind]


def build_panel(
    kg: KnowledgeGraph,
    kind: str,
    *,
    first: int | None = None,
    last: int | None = None,
    states: Sequence[str] = (),
    orgs: Sequence[str] = (),
) -> pd.DataFrame:
    """The table ``kind`` as a DataFrame; ``states``/``orgs`` are names, ISO codes or ids
    (resolved like query parameters), ``first``/``last`` the years (inclusive)."""
    pandas()
    build, _ = _builder(kind)
    if kind == "balance" and len(states) != 1:
        raise InputError("balance: give exactly one state (multivector panel balance STATE)")
    return build(kg, Selection(first, last, tuple(states), tuple(orgs)))


def read_csv(path: object, kind: str, *, sep: str = ",") -> pd.DataFrame:
    """Read a table written by ``multivector panel`` back with the codebook's dtypes."""
    pd = pandas()
    return pd.read_csv(path, sep=sep, dtype=columns(kind), keep_default_na=False,
                       na_values=[""])


__all__ = ["KINDS", "Selection", "build_panel", "columns", "read_csv"]
