"""A resource's description, asked of the engine and written by rdflib's serializers.

Why this module exists: ``GET /id/Kazakhstan`` must answer with what the graph says about
Kazakhstan — its own triples, the triples that point at it, the statement nodes about it with
their evidence, each in the named graph that holds it. The questions are query files under
``queries/internal/linked-data/`` (read by :func:`multivector.queries.internal_query`, the
resource bound by a VALUES block as for any remote endpoint); they go to the engine through the
front's proxy, under the same deadline and answer-size limit as any query, and come back as
SPARQL JSON results. The rows become an ``rdflib.Dataset`` (one graph per named graph), written
by rdflib in the negotiated format (``multivector.endpoint.negotiation``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from multivector.endpoint.negotiation import Representation
from multivector.endpoint.proxy import Exchange, Proxy
from multivector.namespaces import GRAPH_ONTOLOGY, PREFIXES
from multivector.queries import bindings, internal_query, with_values

#: which questions make up the description of each kind of resource
ENTITY = ("own", "incoming", "statements")
TERM = ("own", "incoming-ontology")
ONTOLOGY = ("ontology",)
_RESULTS = "application/sparql-results+json"
_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "json-ld": ox.RdfFormat.JSON_LD,
    "nt": ox.RdfFormat.N_TRIPLES, "xml": ox.RdfFormat.RDF_XML, "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}


class EngineAnswer(Exception):
    """The engine did not answer a description query: its one-line reason and status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Description:
    """What the graph says about one resource, quad by quad (each in its named graph)."""

    iri: str
    quads: list[ox.Quad]

    def __len__(self) -> int:
        return len(self.quads)

    def serialize(self, representation: Representation) -> bytes:
        """The description in ``representation``, written by pyoxigraph's serializers: the
        quads for a dataset format, else each triple once (the union of the graphs)."""
        data: list[ox.Quad] | list[ox.Triple] = self.quads if representation.quads else list(
            dict.fromkeys(q.triple for q in self.quads))
        prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        return ox.serialize(data, format=_FORMATS[representation.rdflib_format],
                            prefixes=prefixes)

    def statements(self) -> list[ox.Quad]:
        """Every quad, sorted (subject, predicate, object, graph) for a stable page."""
        return sorted(self.quads, key=lambda q: (str(q.subject), str(q.predicate),
                                                 str(q.object), str(q.graph_name)))


def _query_text(name: str, iri: str | None) -> str:
    query = internal_query(f"linked-data/{name}")
    if not query.params:
        return query.text
    from rdflib import URIRef

    (param,) = query.params
    return with_values(query.text, bindings(query, {param.name: URIRef(iri)}), query.path)


async def _ask_engine(proxy: Proxy, text: str) -> ox.QuerySolutions | ox.QueryBoolean:
    response = await proxy.forward(
        Exchange("POST", "/query", content=text.encode("utf-8"),
                 headers={"content-type": "application/sparql-query", "accept": _RESULTS}),
        repeatable=True,
    )
    body = bytes(response.body)
    if response.status_code != 200:
        raise EngineAnswer(response.status_code, body.decode("utf-8", "replace").strip())
    return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)


async def exists(proxy: Proxy, iri: str) -> bool:
    """Whether the graph mentions ``iri`` at all (as a subject or an object)."""
    return bool(await _ask_engine(proxy, _query_text("exists", iri)))


async def describe(proxy: Proxy, iri: str, questions: tuple[str, ...]) -> Description:
    """The quads the ``questions`` (query names under ``linked-data/``) give about ``iri``."""
    resource = ox.NamedNode(iri)
    ontology_graph = ox.NamedNode(str(GRAPH_ONTOLOGY))
    quads: dict[ox.Quad, None] = {}
    for name in questions:
        solutions = await _ask_engine(proxy, _query_text(name, iri))
        assert isinstance(solutions, ox.QuerySolutions)
        variables = {v.value for v in solutions.variables}
        for row in solutions:
            # a column the question does not select is the resource itself (or, for the
            # graph, the ontology graph the term questions read)
            quads[ox.Quad(
                row["s"] if "s" in variables else resource,
                row["p"],
                row["o"] if "o" in variables else resource,
                row["g"] if "g" in variables else ontology_graph,
            )] = None
    return Description(iri, list(quads))


__all__ = ["ENTITY", "ONTOLOGY", "TERM", "Description", "EngineAnswer", "describe", "exists"]
