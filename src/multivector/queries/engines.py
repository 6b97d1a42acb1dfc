"""The SPARQL engines that answer queries, and the one registry every command picks them from.

An engine answers SPARQL text over the union of the multivector graphs: :class:`OxigraphEngine`
(pyoxigraph, the default and fast) or :class:`RdflibEngine` (rdflib, slow, an independent
implementation kept as the reference); ``multivector.remote.RemoteEngine`` does the same over
HTTP. :data:`ENGINES` names the embedded ones; :func:`check_engine` is the single ``--engine``
check of ``build``, ``run``, ``validate``, ``export``, ``query`` and the Python API, and the same
names choose the materialization engine (``multivector.materialize``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.term import Node

from multivector import querystore
from multivector.errors import InputError, one_line
from multivector.terms import FromOx, from_ox, to_ox

#: The embedded engines, by the name ``--engine`` takes; the first is the default.
ENGINES: tuple[str, ...] = ("oxigraph", "rdflib")
DEFAULT_ENGINE = ENGINES[0]


def check_engine(name: str, option: str = "--engine") -> str:
    """A known engine name, or a one-line InputError naming the option and the choices."""
    if name not in ENGINES:
        raise InputError(f"{option}: unknown engine {name!r} (choose from {', '.join(ENGINES)})")
    return name


@dataclass
class Answer:
    """What an engine returns: a table (SELECT), a boolean (ASK) or a graph (CONSTRUCT…)."""

    form: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[Node | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)


class Engine(Protocol):
    """Anything that answers SPARQL text over the union of the multivector graphs."""

    name: str

    def answer(self, text: str, where: Path | str) -> Answer: ...


class OxigraphEngine:
    name = "oxigraph"

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def answer(
        self, text: str, where: Path | str, substitutions: Mapping[str, Node] | None = None
    ) -> Answer:
        subs = {ox.Variable(k): to_ox(v) for k, v in (substitutions or {}).items()}
        try:
            result = querystore.query(self.store, text, substitutions=subs or None)
        except SyntaxError as exc:
            raise InputError(f"SPARQL syntax error: {one_line(exc)}", where) from None
        except (RuntimeError, OSError, ValueError) as exc:
            raise InputError(f"query failed: {one_line(exc)}", where) from None
        convert = FromOx()
        if isinstance(result, ox.QuerySolutions):
            columns = [v.value for v in result.variables]
            rows = [[None if s[c] is None else convert(s[c]) for c in columns] for s in result]
            return Answer("SELECT", columns, rows)
        if isinstance(result, ox.QueryBoolean):
            return Answer("ASK", boolean=bool(result))
        triples = [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in result]
        return Answer("CONSTRUCT", triples=triples)


class RdflibEngine:
    name = "rdflib"

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    def answer(
        self, text: str, where: Path | str, init_bindings: Mapping[str, Node] | None = None
    ) -> Answer:
        previous = self.dataset.default_union
        self.dataset.default_union = True
        try:
            result = self.dataset.query(text, initBindings=dict(init_bindings or {}))
            if result.type == "SELECT":
                columns = [str(v) for v in result.vars or []]
                rows = [[row[c] for c in columns] for row in result]  # type: ignore[index]
                return Answer("SELECT", columns, rows)
            if result.type == "ASK":
                return Answer("ASK", boolean=bool(result.askAnswer))
            return Answer("CONSTRUCT", triples=list(result))  # type: ignore[arg-type]
        except InputError:
            raise
        except Exception as exc:
            raise InputError(f"query failed: {one_line(exc)}", where) from None
        finally:
            self.dataset.default_union = previous


def make_engine(name: str, *, store: ox.Store, dataset: Dataset) -> Engine:
    """The embedded engine called ``name`` (checked) over the project's Store or Dataset."""
    if check_engine(name) == "oxigraph":
        return OxigraphEngine(store)
    return RdflibEngine(dataset)


__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "Answer",
    "Engine",
    "OxigraphEngine",
    "RdflibEngine",
    "check_engine",
    "make_engine",
]
