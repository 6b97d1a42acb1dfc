"""Named SPARQL queries — read from ``queries/**/*.rq``, bound to typed parameters, and run.

One module per concern (see ARCHITECTURE.md's module map):

* ``catalogue`` — query files and their ``# name/question/param/result/binding`` headers; the
  catalogue of named queries, and the code's own queries in ``queries/internal/``;
* ``binding`` — parameter values -> typed RDF terms, and the VALUES block that binds them;
* ``inline`` — the terms written where the parameters are used (remote engines, Jena);
* ``sparqltext`` — finding the WHERE group, a CONSTRUCT's parts, the SELECT clause in the text;
* ``shape`` — what rdflib's parser tells about a query; the check that VALUES binding is exact;
* ``engines`` — pyoxigraph and rdflib engines and the one ``--engine`` registry;
* ``deadline`` — a time limit that stops a query (a forked worker process);
* ``runner`` — :func:`run_query`, which puts these together.

Answers are :class:`~multivector.results.ResultTable` objects (``multivector.results`` renders
and serializes them). Everything the rest of the code imports is re-exported here.
"""

from __future__ import annotations

from multivector.queries.binding import (
    Resolver,
    bindings,
    expand_curie,
    parse_param_options,
    to_term,
    values_block,
    with_values,
)
from multivector.queries.catalogue import (
    PARAM_TYPES,
    RESERVED_FOLDERS,
    NamedQuery,
    Param,
    catalogue,
    internal_query,
    parse_query_file,
    parse_query_text,
)
from multivector.queries.deadline import QueryTimeout, call_with_deadline
from multivector.queries.engines import (
    DEFAULT_ENGINE,
    ENGINES,
    Answer,
    Engine,
    OxigraphEngine,
    RdflibEngine,
    check_engine,
    make_engine,
)
from multivector.queries.inline import inline_values
from multivector.queries.runner import BINDINGS, DEFAULT_TIMEOUT, run_query
from multivector.queries.shape import QUERY_FORMS, Shape, check_parameters, is_update, query_shape
from multivector.queries.sparqltext import construct_parts, where_brace
from multivector.results import ResultTable, cell, render_table

__all__ = [
    "BINDINGS",
    "DEFAULT_ENGINE",
    "DEFAULT_TIMEOUT",
    "ENGINES",
    "PARAM_TYPES",
    "QUERY_FORMS",
    "RESERVED_FOLDERS",
    "Answer",
    "Engine",
    "NamedQuery",
    "OxigraphEngine",
    "Param",
    "QueryTimeout",
    "RdflibEngine",
    "Resolver",
    "ResultTable",
    "Shape",
    "bindings",
    "call_with_deadline",
    "catalogue",
    "cell",
    "check_engine",
    "check_parameters",
    "construct_parts",
    "expand_curie",
    "inline_values",
    "internal_query",
    "is_update",
    "make_engine",
    "parse_param_options",
    "parse_query_file",
    "parse_query_text",
    "query_shape",
    "render_table",
    "run_query",
    "to_term",
    "values_block",
    "where_brace",
    "with_values",
]
