"""The fixed order in which canonical Turtle lists its subject blocks.

rdflib's Turtle serializer puts ``rdfs:Class`` members first and then sorts subjects by how often
they are referenced, so adding one ``rdfs:range`` could move a term's block hundreds of lines and a
contributor could not predict where a term lives. This serializer keeps everything else of
rdflib's (predicate order, object lists, inlined blank nodes, literal escaping) and replaces only
the subject order with one that depends on each subject's own ``rdf:type`` triples and IRI:

1. the ontology header (``owl:Ontology``);
2. classes and datatypes;
3. properties (every OWL/RDF property type);
4. SHACL shapes;
5. SKOS concept schemes;
6. SKOS concepts;
7. every other typed subject (individuals, data), grouped by type: the subject's smallest type IRI
   (``owl:NamedIndividual`` ignored), groups in IRI order;
8. untyped IRI subjects;

then by IRI within each kind. A subject with types of several kinds goes to the first. Blank nodes
that are not written inline (``[ … ]``) come last, in rdflib's own order (by reference count,
then by canonical label). docs/style-guide.md documents this for contributors.
"""

from __future__ import annotations

from io import BytesIO

from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.term import BNode, Node, URIRef

_PROPERTY_TYPES = {
    RDF.Property,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.OntologyProperty,
    OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty,
    OWL.TransitiveProperty,
    OWL.SymmetricProperty,
    OWL.AsymmetricProperty,
    OWL.ReflexiveProperty,
    OWL.IrreflexiveProperty,
}

#: (kind name, the rdf:type values that make a subject of that kind), in file order.
KINDS: tuple[tuple[str, frozenset[URIRef]], ...] = (
    ("ontology", frozenset({OWL.Ontology})),
    ("class", frozenset({OWL.Class, RDFS.Class, RDFS.Datatype})),
    ("property", frozenset(_PROPERTY_TYPES)),
    ("shape", frozenset({SH.NodeShape, SH.PropertyShape})),
    ("concept scheme", frozenset({SKOS.ConceptScheme})),
    ("concept", frozenset({SKOS.Concept})),
)
_TYPED = len(KINDS)
_UNTYPED = len(KINDS) + 1
_IGNORED_FOR_GROUPING = {OWL.NamedIndividual}


def subject_key(graph: Graph, subject: URIRef) -> tuple[int, str, str]:
    """Sort key of an IRI subject: (kind rank, type group, IRI)."""
    return kind_key(set(graph.objects(subject, RDF.type)), subject)


def kind_key(types: set[URIRef], subject: str) -> tuple[int, str, str]:
    """:func:`subject_key` of an IRI subject with the given ``rdf:type`` values."""
    for rank, (_name, members) in enumerate(KINDS):
        if types & members:
            return rank, "", str(subject)
    grouping = sorted(str(t) for t in types - _IGNORED_FOR_GROUPING)
    if grouping:
        return _TYPED, grouping[0], str(subject)
    if types:  # typed owl:NamedIndividual only
        return _TYPED, str(OWL.NamedIndividual), str(subject)
    return _UNTYPED, "", str(subject)


class KindOrderedTurtleSerializer(TurtleSerializer):
    """rdflib's Turtle serializer with the subject order of this module."""

    def orderSubjects(self) -> list[Node]:  # noqa: N802 (rdflib's method name)
        for member in self.store.subjects(RDF.type, RDFS.Class):
            # rdflib never writes an rdfs:Class member inline; keep that rule.
            self._topLevels[member] = True
        iris = [s for s in self._subjects if not isinstance(s, BNode)]
        iris.sort(key=lambda s: subject_key(self.store, s))
        blanks = [(self._references[s], s) for s in self._subjects if isinstance(s, BNode)]
        blanks.sort()
        return iris + [s for _refs, s in blanks]


def ordered_turtle(graph: Graph) -> str:
    """Turtle text of ``graph`` (its bound prefixes) with subjects in kind order."""
    stream = BytesIO()
    KindOrderedTurtleSerializer(graph).serialize(stream, base=None, encoding="utf-8")
    return stream.getvalue().decode("utf-8")
