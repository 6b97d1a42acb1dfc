"""Names people type -> the entity IRIs queries need ("Kazakhstan", "KZ", "Astana").

An ``iri`` parameter given without a colon is looked up, case-insensitively, among the graph's
names: the IRI's local name in ``id:`` and ``rdfs:label``/``skos:prefLabel``/ISO codes (best),
``skos:altLabel`` (next), ``mv:metonym`` (last: "Astana" for the government of Kazakhstan); a
Wikidata item id (``Q232``) names the entity that is ``skos:exactMatch`` it. When
the parameter's default value is an entity, candidates of the same kind (state, organization,
person, place…) win over others, so "Astana" is the state for a state parameter and the city for
none. Ambiguous or unknown names are errors that list candidates.

:meth:`Resolver.matches` is what ``multivector find`` lists: the same candidates, each with the
properties its name matched, or — when no name matches exactly — the entities whose names
contain the text or come close to it.

Resolution is itself SPARQL — ``queries/internal/resolve/*.rq``, which also list the kinds — bound
by the same VALUES mechanism, so it works on every engine and on a remote endpoint alike.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from rdflib import Literal, Namespace, URIRef
from rdflib.term import Node

from multivector.errors import InputError
from multivector.namespaces import ID, MV, curie
from multivector.queries import Engine, Param, internal_query, run_query, to_term

WIKIDATA = Namespace("http://www.wikidata.org/entity/")
#: what ``matched`` says for a match by the IRI's local name and by a Wikidata item id
BY_IRI = "IRI"
BY_WIKIDATA = "skos:exactMatch (Wikidata)"
#: ranks of the looser matches of :meth:`Resolver.matches` (exact ones rank 0-2)
CONTAINS, NEAR = 3, 4


@dataclass
class Candidate:
    entity: URIRef
    rank: int
    kinds: set[URIRef] = field(default_factory=set)
    #: how the name matched: the property (``rdfs:label``, ``skos:altLabel``, ``mv:metonym``,
    #: ``mv:iso3166Alpha2``…), :data:`BY_IRI`, :data:`BY_WIKIDATA`; for looser matches
    #: ``contains: <name>`` or ``near: <name>``
    matched: set[str] = field(default_factory=set)


class Resolver:
    """Resolve names against one engine (embedded or remote); results are cached."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._cache: dict[tuple[str, str], URIRef] = {}

    def __call__(self, param: Param, value: str) -> URIRef:
        key = (param.default or "", value)
        if key not in self._cache:
            self._cache[key] = self.resolve(value, param)
        return self._cache[key]

    def _select(self, name: str, bound: dict[str, Node]) -> list[list[Node | None]]:
        """The rows of ``queries/internal/resolve/<name>.rq``, parameters bound by VALUES."""
        query = internal_query(f"resolve/{name}")
        return run_query(query, engine=self.engine, values=bound, binding="values").rows

    def candidates(self, name: str) -> list[Candidate]:
        found: dict[URIRef, Candidate] = {}
        normal = " ".join(name.split())
        rows = self._select("by-name", {"name": Literal(normal.lower())})
        if normal and all(c.isalnum() or c in "_-" for c in normal):
            rows += [
                [row[0], Literal(0), row[1], BY_IRI]
                for row in self._select("by-iri", {"entity": ID[normal]})
            ]
        if re.fullmatch(r"[Qq][1-9]\d*", normal):
            rows += [
                [row[0], Literal(0), row[1], BY_WIKIDATA]
                for row in self._select("by-wikidata", {"item": WIKIDATA[normal.upper()]})
            ]
        for entity, rank, kind, how in rows:
            if not isinstance(entity, URIRef):
                continue
            candidate = found.setdefault(entity, Candidate(entity, int(rank)))  # type: ignore[arg-type]
            candidate.rank = min(candidate.rank, int(rank))  # type: ignore[arg-type]
            if isinstance(kind, URIRef):
                candidate.kinds.add(kind)
            if how is not None:
                candidate.matched.add(curie(how) if isinstance(how, URIRef) else str(how))
        return sorted(found.values(), key=lambda c: (c.rank, str(c.entity)))

    def matches(self, text: str) -> list[Candidate]:
        """The entities ``text`` names (:meth:`candidates`); when none, the entities (typed, not
        statements) with a name that contains it (rank :data:`CONTAINS`) or comes close to it
        (rank :data:`NEAR`)."""
        exact = self.candidates(text)
        if exact:
            return exact
        wanted = " ".join(text.split()).lower()
        found: dict[URIRef, Candidate] = {}
        names = self._names()
        close = set(difflib.get_close_matches(wanted, list(names), n=5, cutoff=0.6))
        for name, entries in names.items():
            rank = CONTAINS if wanted in name else NEAR if name in close else None
            if rank is None:
                continue
            for entity, literal in entries:
                candidate = found.setdefault(entity, Candidate(entity, rank))
                candidate.rank = min(candidate.rank, rank)
                word = "contains" if rank == CONTAINS else "near"
                candidate.matched.add(f"{word}: {literal}")
        kept = []
        for candidate in found.values():
            candidate.kinds = self.kinds_of(candidate.entity)
            if not candidate.kinds - {MV.SourcedStatement}:
                continue  # loose matches list entities, not statements whose summary has the word
            if candidate.rank == CONTAINS:  # a name contains it: the near ones add nothing
                candidate.matched = {m for m in candidate.matched if m.startswith("contains")}
            kept.append(candidate)
        return sorted(kept, key=lambda c: (c.rank, str(c.entity)))

    def _names(self) -> dict[str, list[tuple[URIRef, str]]]:
        """Every name, lower-cased -> (entity, name as written) of the entities it names."""
        names: dict[str, list[tuple[URIRef, str]]] = {}
        for entity, literal, _ in self._select("all-names", {}):
            if isinstance(entity, URIRef) and literal is not None:
                entries = names.setdefault(str(literal).lower(), [])
                if (entity, str(literal)) not in entries:
                    entries.append((entity, str(literal)))
        return names

    def kinds_of(self, entity: URIRef) -> set[URIRef]:
        rows = self._select("by-iri", {"entity": entity})
        return {row[1] for row in rows if isinstance(row[1], URIRef)}

    def label(self, entity: URIRef) -> str:
        rows = self._select("label", {"entity": entity})
        return str(rows[0][0]) if rows and rows[0][0] is not None else ""

    def resolve(self, name: str, param: Param | None = None) -> URIRef:
        """The one entity ``name`` denotes; InputError naming the parameter otherwise."""
        label = f"parameter {param.name}: " if param else ""
        candidates = self.candidates(name)
        if param is not None and param.default and candidates:
            wanted = self.kinds_of(to_term(param, param.default))  # type: ignore[arg-type]
            same_kind = [c for c in candidates if c.kinds & wanted]
            if wanted and not same_kind:
                listed = ", ".join(
                    f"{curie(c.entity)} ({kind_names(c.kinds)})" for c in candidates
                )
                raise InputError(
                    f"{label}{name!r} names {listed}, not a {kind_names(wanted)} "
                    "like the parameter's default; give an IRI or CURIE to insist"
                )
            candidates = same_kind or candidates
        if not candidates:
            near = self._near(name)
            hint = f" (did you mean: {', '.join(near)}?)" if near else ""
            raise InputError(f"{label}no entity is called {name!r}{hint}")
        best = [c for c in candidates if c.rank == candidates[0].rank]
        if len(best) > 1:
            listed = ", ".join(f"{curie(c.entity)} ({self.label(c.entity)})" for c in best)
            raise InputError(f"{label}{name!r} is ambiguous: {listed}; give an IRI or CURIE")
        return best[0].entity

    def _near(self, name: str) -> list[str]:
        names = self._names()
        close = difflib.get_close_matches(name.lower(), list(names), n=5, cutoff=0.6)
        return list(dict.fromkeys(curie(names[c][0][0]) for c in close))


def kind_names(kinds: set[URIRef]) -> str:
    names = sorted(str(k).rsplit("#", 1)[-1] for k in kinds)
    return "/".join(names) if names else "untyped entity"


__all__ = ["BY_IRI", "BY_WIKIDATA", "CONTAINS", "NEAR", "Candidate", "Resolver", "kind_names"]
