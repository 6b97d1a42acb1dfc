"""Parameter binding: one VALUES mechanism, proven equal to the engines' own binding."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from multivector.errors import InputError
from multivector.namespaces import ID
from multivector.queries import (
    check_parameters,
    parse_query_text,
    query_shape,
    values_block,
    where_brace,
    with_values,
)

PREFIX = "PREFIX mv: <https://w3id.org/multivector/ontology#>\n"


def named(text: str, params: str = "# param: date date 2017-06-22\n") -> object:
    return parse_query_text("# name: q\n" + params + PREFIX + text, Path("q.rq"))


def test_values_block_uses_ntriples_terms_from_the_library() -> None:
    block = values_block({"s": ID.Kazakhstan, "d": Literal("2017-06-22", datatype=XSD.date)})
    assert block == (
        'VALUES (?s ?d) { (<https://w3id.org/multivector/id/Kazakhstan> '
        '"2017-06-22"^^<http://www.w3.org/2001/XMLSchema#date>) }'
    )


def test_values_block_rejects_an_iri_that_is_not_one() -> None:
    with pytest.raises(InputError, match="not a valid RDF term"):
        values_block({"s": URIRef("http://x.org/a b>")})


def test_user_text_cannot_escape_a_string_literal() -> None:
    hostile = Literal('x" } ; DROP ALL ; #')
    text = with_values("SELECT ?x WHERE { ?x ?p ?name }", {"name": hostile})
    assert '"x\\" } ; DROP ALL ; #"' in text
    assert query_shape(text).form == "SELECT"


def test_where_brace_skips_comments_iris_strings_and_projection_expressions() -> None:
    text = (
        "# a { comment\nPREFIX x: <http://x.org/#odd>\n"
        "SELECT (IF(?a < ?b, \"{\", \"}\") AS ?c) WHERE { ?a ?p ?b }"
    )
    assert text[where_brace(text):].startswith("{ ?a ?p ?b }")
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert construct[where_brace(construct):] == "{ ?s ?p ?o }"


def test_a_parameter_tested_in_a_nested_filter_is_refused() -> None:
    query = named(
        "SELECT ?m WHERE { { ?m mv:startDate ?s FILTER (?s <= ?date) } UNION { ?m a mv:X } }"
    )
    with pytest.raises(InputError, match=r"\?date is tested by a FILTER inside a nested group"):
        check_parameters(query)  # type: ignore[arg-type]
    in_optional_of_union = named(
        "SELECT ?m WHERE { { ?m a mv:X OPTIONAL { ?m mv:d ?e BIND (?date AS ?z) } } }"
    )
    with pytest.raises(InputError, match="BIND inside a nested group"):
        check_parameters(in_optional_of_union)  # type: ignore[arg-type]


def test_tests_that_a_top_level_values_block_reaches_are_accepted() -> None:
    top = named("SELECT ?m WHERE { ?m mv:startDate ?s . FILTER (?s <= ?date) }")
    check_parameters(top)  # type: ignore[arg-type]
    optional_condition = named(
        "SELECT ?m WHERE { ?m a mv:X OPTIONAL { ?m mv:endDate ?e FILTER (?e > ?date) } }"
    )
    check_parameters(optional_condition)  # type: ignore[arg-type]
    bound_in_branch = named(
        "SELECT ?m WHERE { { ?m mv:hasParty ?state, ?o FILTER (?o != ?state) }"
        " UNION { ?m a ?state } }",
        "# param: state iri id:Kazakhstan\n",
    )
    check_parameters(bound_in_branch)  # type: ignore[arg-type]


def test_an_unused_parameter_is_refused() -> None:
    query = named("SELECT ?m WHERE { ?m a mv:Membership }")
    with pytest.raises(InputError, match=r"parameter 'date' is declared but \?date does not occur"):
        check_parameters(query)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "DROP GRAPH <http://g>",
        "LOAD <http://example.org/x.ttl>",
        "CREATE GRAPH <http://g>",
        "ADD <http://a> TO <http://b>",
        "MOVE DEFAULT TO <http://b>",
        "COPY <http://a> TO DEFAULT",
        "PREFIX x: <http://x/>\nWITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_recognised_by_parsing_and_refused(update: str) -> None:
    with pytest.raises(InputError, match="is a SPARQL Update; multivector query is read-only"):
        query_shape(update)


def test_a_query_that_mentions_insert_in_a_string_is_not_an_update() -> None:
    assert query_shape('SELECT ?x WHERE { ?x ?p "INSERT DATA" }').form == "SELECT"
    with pytest.raises(InputError, match="SPARQL syntax error"):
        query_shape("SELECT ?x WHERE { ?x ?p ")
