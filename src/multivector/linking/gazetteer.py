"""The gazetteer: every surface form of every reference entity, built from the graph itself.

Surface forms come from ``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel``, ``skos:hiddenLabel``,
``mv:metonym``,
``mv:demonym`` and ``foaf:name`` (English or untagged literals), plus name variants generated from
``foaf:givenName``/``foaf:familyName`` for people: "Given Family", "Family Given", "G. Family",
"Mr./Ms./Mrs. Family", "Mr. Family Given" and the bare family name (unless another entity uses it).
Multi-word labels also match the plural of their last word ("Nagorno-Karabakh conflicts",
"Lugansk People's Republics").

Only entities count: nodes typed with one of :data:`ENTITY_CLASSES` (or a subclass the ontology
declares). Statement nodes (memberships, leadership attributions, …) and reference sources are
left out even though they carry labels.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDF, RDFS, SKOS

from multivector import paths
from multivector.linking.fuzzy import PersonIndex
from multivector.linking.normalize import plain
from multivector.linking.tokens import tokenize
from multivector.namespaces import MV

#: The entity classes of docs/modeling.md ("Entities").
ENTITY_CLASSES = frozenset(
    MV[name]
    for name in (
        "Actor", "State", "InternationalOrganization", "MilitaryAlliance", "EconomicUnion",
        "RegionalCooperationForum", "IntergovernmentalBody", "OrganizationalUnit", "StateBody",
        "NonStateOrganization", "MediaOutlet", "ArmedGroup", "Person", "GeopoliticalBloc",
        "Place", "City", "Region", "Conflict", "PolicyDocument",
    )
)
PLACE_CLASSES = frozenset({MV.Place, MV.City, MV.Region})

#: Which property a surface form came from, in the order used to break ties.
LABEL_PROPERTIES: tuple[tuple[URIRef, str], ...] = (
    (RDFS.label, "label"),
    (SKOS.prefLabel, "label"),
    (SKOS.altLabel, "altLabel"),
    (FOAF.name, "altLabel"),
    (MV.metonym, "metonym"),
    (MV.demonym, "demonym"),
    # Phrases the texts use for an entity that are not names of it ("the events of 2022"):
    # searchable, never displayed — what SKOS hidden labels are for. Last, so that a metonym
    # (a sub-property of skos:hiddenLabel) keeps its own kind when a graph states both.
    (SKOS.hiddenLabel, "altLabel"),
)
TITLES = ("Mr.", "Ms.", "Mrs.")


@dataclass(frozen=True)
class Surface:
    """One surface form of one entity."""

    entity: URIRef
    text: str
    kind: str  # label, altLabel, metonym, demonym, name
    keys: tuple[str, ...]
    #: (position, exact plain text) of tokens matched case-sensitively (acronyms, initials)
    exact: tuple[tuple[int, str], ...]
    capitalised: bool


@dataclass
class Gazetteer:
    """Surface forms by their key sequence, and what is known of each entity."""

    forms: dict[tuple[str, ...], list[Surface]] = field(default_factory=dict)
    types: dict[URIRef, frozenset[URIRef]] = field(default_factory=dict)
    names: dict[URIRef, str] = field(default_factory=dict)
    max_tokens: int = 1
    #: (given, family) names of each person (``foaf:givenName``/``foaf:familyName``, else the
    #: first and last word of the English label), for :mod:`multivector.linking.fuzzy`
    persons: dict[URIRef, list[tuple[str, str]]] = field(default_factory=dict)
    _person_index: PersonIndex | None = field(default=None, repr=False, compare=False)

    def person_index(self) -> PersonIndex:
        """The fuzzy index of :attr:`persons` (made once per gazetteer)."""
        if self._person_index is None:
            self._person_index = PersonIndex(self.persons)
        return self._person_index

    def is_place(self, entity: URIRef) -> bool:
        return bool(self.types.get(entity, frozenset()) & PLACE_CLASSES)

    def entities(self) -> set[URIRef]:
        return set(self.types)

    def lookup(self, name: str) -> list[URIRef]:
        """Entities whose surface form is exactly ``name`` (by key); for authors and publishers."""
        keys = tuple(t.key for t in tokenize(name))
        return sorted({s.entity for s in self.forms.get(keys, [])})

    @classmethod
    def from_graph(cls, graph: Graph, ontology: Graph | None = None) -> Gazetteer:
        classes = set(ENTITY_CLASSES)
        if ontology is not None:
            classes |= _subclasses(ontology, ENTITY_CLASSES)
        gaz = cls()
        for entity in sorted({s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}):
            types = frozenset(o for o in graph.objects(entity, RDF.type) if o in classes)
            if types:
                gaz.types[entity] = types
        raw: list[tuple[URIRef, str, str]] = []
        for entity in gaz.types:
            for prop, kind in LABEL_PROPERTIES:
                for lit in graph.objects(entity, prop):
                    if isinstance(lit, Literal) and lit.language in (None, "en"):
                        raw.append((entity, str(lit), kind))
                        if kind == "label" and entity not in gaz.names:
                            gaz.names[entity] = str(lit)
            if MV.Person in gaz.types[entity]:
                raw.extend((entity, v, "name") for v in _name_variants(graph, entity))
                gaz.persons[entity] = _given_family(graph, entity)
        gaz._add_all(raw)
        return gaz

    def _add_all(self, raw: Iterable[tuple[URIRef, str, str]]) -> None:
        taken: dict[tuple[str, ...], set[URIRef]] = defaultdict(set)
        staged: list[Surface] = []
        for entity, text, kind in raw:
            for variant in _plurals(text):
                surface = _surface(entity, variant, kind)
                if surface is None:
                    continue
                staged.append(surface)
                if kind != "family":
                    taken[surface.keys].add(entity)
        seen: set[tuple[object, ...]] = set()
        for surface in staged:
            # A bare family name is dropped when another entity owns that form.
            if surface.kind == "family" and taken[surface.keys] - {surface.entity}:
                continue
            signature = (surface.entity, surface.keys, surface.exact, surface.capitalised)
            if signature in seen:
                continue
            seen.add(signature)
            self.forms.setdefault(surface.keys, []).append(surface)
            self.max_tokens = max(self.max_tokens, len(surface.keys))


def _subclasses(ontology: Graph, roots: Iterable[URIRef]) -> set[URIRef]:
    found = set(roots)
    changed = True
    while changed:
        changed = False
        for sub, sup in ontology.subject_objects(RDFS.subClassOf):
            if sup in found and isinstance(sub, URIRef) and sub not in found:
                found.add(sub)
                changed = True
    return found


def _name_variants(graph: Graph, person: URIRef) -> list[str]:
    variants: list[str] = []
    givens = [str(g) for g in graph.objects(person, FOAF.givenName)]
    families = [str(f) for f in graph.objects(person, FOAF.familyName)]
    for family in families:
        variants.append(family)  # bare family name; dropped if ambiguous (kind "family")
        variants.extend(f"{title} {family}" for title in TITLES)
        for given in givens:
            initial = given[0]
            variants += [
                f"{given} {family}",
                f"{family} {given}",
                f"{initial}. {family}",
                *(f"{title} {family} {given}" for title in TITLES),
                *(f"{title} {given} {family}" for title in TITLES),
            ]
    return variants


def _given_family(graph: Graph, person: URIRef) -> list[tuple[str, str]]:
    pairs = [(str(g), str(f)) for f in graph.objects(person, FOAF.familyName)
             for g in graph.objects(person, FOAF.givenName)]
    if not pairs:
        for lit in graph.objects(person, RDFS.label):
            words = str(lit).split()
            if isinstance(lit, Literal) and lit.language in (None, "en") and len(words) >= 2:
                pairs.append((words[0], words[-1]))
    return sorted(set(pairs))


def _plurals(text: str) -> list[str]:
    words = text.split()
    last = words[-1] if words else ""
    if len(words) > 1 and last.isalpha() and len(last) >= 4 and not last.isupper():
        if last.endswith("y") and last.islower():
            return [text, text[:-1] + "ies"]
        if not last.endswith("s"):
            return [text, text + "s"]
    return [text]


def _surface(entity: URIRef, text: str, kind: str) -> Surface | None:
    tokens = tokenize(text)
    if not tokens:
        return None
    if kind == "name" and len(tokens) == 1:
        kind = "family"
    exact: list[tuple[int, str]] = []
    for i, token in enumerate(tokens):
        p = plain(token.text)
        uppers = sum(1 for c in p if c.isupper())
        if (uppers >= 2) or (len(p) == 1 and p.isupper()):
            exact.append((i, p))
    capitalised = any(c.isupper() for c in plain(text))
    return Surface(entity, text, kind, tuple(t.key for t in tokens), tuple(exact), capitalised)


def load_gazetteer(project_home: Path | None = None) -> Gazetteer:
    """The gazetteer of a project: ``data/reference/**/*.ttl``, with ``ontology/`` for classes."""
    from multivector.loading import parse_turtle

    root = (project_home or paths.home()).resolve()
    graph = Graph()
    reference = paths.data_dir(root) / "reference"
    for path in sorted(reference.glob("**/*.ttl")):
        for triple in parse_turtle(path):
            graph.add(triple)
    ontology = Graph()
    for path in sorted(paths.ontology_dir(root).glob("*.ttl")):
        for triple in parse_turtle(path):
            ontology.add(triple)
    return Gazetteer.from_graph(graph, ontology)
