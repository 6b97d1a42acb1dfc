"""Tables for political scientists: country-year and dyad-year panels, coded events, balance.

Each table is built from the graph by the internal queries in ``queries/internal/panel/`` plus
the plain table code of one module per table, as plain rows (:class:`Table`);
:func:`build_table` is what ``multivector panel KIND`` calls (CSV, TSV and JSON need no pandas),
:func:`build_panel` what ``KnowledgeGraph.panel`` calls (a pandas DataFrame). The codebook is
docs/panels.md. pandas (and pyarrow, for Parquet) come with the optional extra
``multivector[panels]``.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from multivector.errors import InputError
from multivector.panels.frame import Selection, pandas
from multivector.panels.table import Table

if TYPE_CHECKING:
    import pandas as pd

    from multivector.api import KnowledgeGraph


KINDS = ("country-year", "dyad-year", "events", "balance")


def columns(kind: str) -> dict[str, str]:
    """The table's columns and their pandas dtypes (the codebook's order)."""
    return dict(_builder(kind)[1])


def _builder(kind: str) -> tuple[Callable[..., Table], dict[str, str]]:
    """The module of ``kind``'s build function and columns (only that module is imported)."""
    if kind not in KINDS:
        raise InputError(f"unknown panel {kind!r} (choose {', '.join(KINDS)})")
    module = importlib.import_module(f"multivector.panels.{kind.replace('-', '_')}")
    return module.build, module.COLUMNS


def build_table(
    kg: KnowledgeGraph,
    kind: str,
    *,
    first: int | None = None,
    last: int | None = None,
    states: Sequence[str] = (),
    orgs: Sequence[str] = (),
) -> Table:
    """The table ``kind`` as plain rows; ``states``/``orgs`` are names, ISO codes or ids
    (resolved like query parameters), ``first``/``last`` the years (inclusive)."""
    build, _ = _builder(kind)
    states = tuple(name for name in states if name.strip())  # a blank name names nothing
    if kind == "balance" and len(states) != 1:
        raise InputError("balance: give exactly one state (multivector panel balance STATE)")
    with without_cyclic_gc():
        return build(kg, Selection(first, last, tuple(states), tuple(orgs)))


@contextlib.contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a table is built: the rows are millions of
    small tuples without cycles (2.5 M rows at 1 M triples), and each generation-0 collection
    they trigger also walks the graph's objects — a third of the build time at 100 k triples.
    Reference counting still frees everything; the collector is restored afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_panel(
    kg: KnowledgeGraph,
    kind: str,
    *,
    first: int | None = None,
    last: int | None = None,
    states: Sequence[str] = (),
    orgs: Sequence[str] = (),
) -> pd.DataFrame:
    """The table ``kind`` as a pandas DataFrame with the codebook's dtypes (see
    :func:`build_table`)."""
    pandas()
    return build_table(kg, kind, first=first, last=last, states=states, orgs=orgs).frame()


def read_csv(path: object, kind: str, *, sep: str = ",") -> pd.DataFrame:
    """Read a table written by ``multivector panel`` back with the codebook's dtypes."""
    pd = pandas()
    return pd.read_csv(path, sep=sep, dtype=columns(kind), keep_default_na=False,
                       na_values=[""])


__all__ = ["KINDS", "Selection", "Table", "build_panel", "build_table", "columns", "read_csv"]
