"""Rows of the site's and the pictures' own queries (``queries/internal/{site,draw}/*.rq``).

Why this module exists: the site (:mod:`multivector.site`) and the pictures
(:mod:`multivector.draw`) ask the built graph a couple of dozen fixed questions and read the
answers row by row. Those questions are query files like every other, read by
:func:`multivector.queries.internal_query` (header, parameter check; from the code's own checkout,
never listed by ``multivector query --list``) and run by :func:`multivector.queries.run_query`
(parameters bound as a VALUES block, never formatted into the text). This module only turns the
answer table into one ``{variable: term}`` dict per row, the shape both consumers index.

A query is named by its path under ``queries/internal/`` without ``.rq``:
``"draw/memberships-on-date"``.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox
from rdflib.term import Node

from multivector.queries import internal_query, run_query

#: the consumers' folders under ``queries/internal/``
FOLDERS = ("site", "draw")

Row = dict[str, Node]


def select(store: ox.Store, name: str, values: Mapping[str, str | Node] | None = None) -> list[Row]:
    """Rows of the internal SELECT query ``name`` over ``store``, parameters bound from
    ``values``; each row maps a selected variable to its rdflib term (unbound ones left out)."""
    table = run_query(internal_query(name), store=store, values=values or {})
    names = table.columns
    return [{c: v for c, v in zip(names, row, strict=True) if v is not None} for row in table.rows]


__all__ = ["FOLDERS", "Row", "select"]
