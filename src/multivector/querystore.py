"""The pyoxigraph Store the project queries: named graphs, plus their set union as default graph.

Why this module exists: the competency queries, the QC queries and the rules are written against
the union of all named graphs ("what does the graph say", whichever source said it). Oxigraph's
``use_default_graph_as_union`` evaluates each triple pattern in every named graph and does **not**
merge duplicates: a statement node that three articles share matches every pattern three times,
and a query with five patterns on it enumerates 3⁵ combinations before ``DISTINCT`` removes them
(CQ3 on the shipped graph: 486 intermediate rows for 9 answers, 180 ms; CQ6 370 ms). SPARQL's
default graph is an RDF graph — a *set* of triples — so the store keeps that set once in its
default graph and queries read it there: CQ3 5 ms, CQ6 6 ms, same rows (``docs/benchmarks.md``).

Invariant: a Store made here holds every named-graph triple once more in its default graph, and
anything added through :func:`add_quads` keeps it so. The project never puts data in the default
graph itself, so :func:`query` tells the two kinds of Store apart by whether the default graph is
empty: a Store built elsewhere (a user's, or a test's) is still queried with
``use_default_graph_as_union`` and gives the same answers, only slower.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

_DEFAULT = ox.DefaultGraph()



def _union_copies(quads: list[ox.Quad]) -> list[ox.Quad]:
    return [ox.Quad(q.subject, q.predicate, q.object, _DEFAULT) for q in quads]


def new_store(quads: Iterable[ox.Quad] = ()) -> ox.Store:
    """An in-memory Store holding the named-graph ``quads`` and their union in the default
    graph (made inside Oxigraph by :func:`add_union`: a third faster than copying each quad
    in Python at 100 k triples)."""
    quads = list(quads)
    store = ox.Store()
    store.extend(quads)
    if any(isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
        store.extend(_union_copies(quads))  # (not the project's: it keeps no default graph)
    elif quads:
        add_union(store)
    return store


def add_quads(store: ox.Store, quads: Iterable[ox.Quad]) -> None:
    """Add named-graph quads, and their triples to the union if the Store keeps one.

    A Store without a union (built elsewhere) is left without one: a default graph holding only
    the added triples would hide everything else from :func:`query`.
    """
    quads = list(quads)
    keeps_union = has_union(store)
    store.extend(quads)
    if keeps_union:
        store.extend(_union_copies(quads))


def add_union(store: ox.Store) -> None:
    """Give a Store loaded some other way (``bulk_load`` of N-Quads) its union default graph:
    one SPARQL Update, ``queries/internal/store/union.rq``, run inside Oxigraph."""
    from multivector.queries.catalogue import internal_query  # queries' engines import this

    store.update(internal_query("store/union").text)


def has_union(store: ox.Store) -> bool:
    """Whether the default graph holds the union (it is not empty: see the module docstring)."""
    return next(store.quads_for_pattern(None, None, None, _DEFAULT), None) is not None


def query(store: ox.Store, text: str, **options: Any) -> Any:
    """``store.query`` over the union of the named graphs, read as a set when the Store allows.

    ``GRAPH ?g { … }`` sees the named graphs only, in both kinds of Store.
    """
    if not has_union(store):
        options["use_default_graph_as_union"] = True
    return store.query(text, **options)


def named_quads(store: ox.Store) -> Iterable[ox.Quad]:
    """Every quad in a named graph (the default-graph copy left out)."""
    return (q for q in store if not isinstance(q.graph_name, ox.DefaultGraph))


__all__ = ["add_quads", "add_union", "has_union", "named_quads", "new_store",
           "query"]
