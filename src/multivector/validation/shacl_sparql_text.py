"""SPARQL text for the compiled shapes (:mod:`.shacl_sparql`): constants, paths, variables,
the instance-of and distinct-values patterns, and binding ``$this`` in a SPARQL constraint.

Why this module exists: the compiler writes SPARQL as text, and these are the pieces every
constraint uses; kept apart so the compiler reads as the list of SHACL components it translates.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from multivector.namespaces import SH

#: The largest sh:minCount / sh:maxCount / qualified count compiled (each is written as that many
#: pairwise-distinct value variables, which is what keeps the queries fast on Oxigraph).
MAX_COUNT = 4


class Unsupported(Exception):
    """The shapes use something this compiler does not translate (the message says what)."""



_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def string(text: str) -> str:
    return '"' + "".join(_ESCAPES.get(c, c) for c in text) + '"'


def term(node: Node) -> str:
    """A constant of the shapes graph as SPARQL text."""
    if isinstance(node, URIRef):
        text = str(node)
        if any(c in text for c in '<>"{}|^`\\ ') or any(ord(c) < 0x21 for c in text):
            raise Unsupported(f"IRI {text!r} cannot be written in SPARQL")
        return f"<{text}>"
    if isinstance(node, Literal):
        body = string(str(node))
        if node.language:
            return f"{body}@{node.language}"
        if node.datatype is not None and node.datatype != XSD.string:
            return f"{body}^^{term(node.datatype)}"
        return body
    raise Unsupported(f"blank node {node!r} used as a constant")


class Vars:
    def __init__(self) -> None:
        self.count = 0

    def new(self, stem: str = "v") -> str:
        self.count += 1
        return f"?_{stem}{self.count}"


_RDF_TYPE = f"<{RDF.type}>"


#: Groups whose patterns already see ``?this`` bound from outside (SPARQL evaluates EXISTS with
#: the outer solution) or are joined on it (OPTIONAL, MINUS): no focus pattern is put there.
_CORRELATED = {"exists", "optional", "minus", "graph", "service", "select", "values"}


def with_focus(text: str, focus: str, shape: Node) -> str:
    """The constraint's query with the focus-node pattern at the start of its WHERE group and of
    every group evaluated on its own (UNION branches, nested groups).

    SHACL pre-binds ``$this`` in the whole query; SPARQL evaluates groups bottom-up, so a
    ``{ FILTER NOT EXISTS { ?this … } }`` branch of a UNION would see ``?this`` unbound.
    Joining the focus pattern into each such group binds it there, which for one focus node
    at a time is the pre-binding; the rows are the same (``tests/test_shacl_sparql.py``)."""
    from multivector.querylimits import sparql_tokens

    tokens = list(sparql_tokens(text))
    inserts: list[int] = []
    stack: list[str] = []
    values = False  # the next "{" opens a VALUES data block
    for i, (offset, _kind, token) in enumerate(tokens):
        if token.upper() == "VALUES":
            values = True
            continue
        if token == "}":
            if stack:
                stack.pop()
            continue
        if token != "{":
            continue
        before = tokens[i - 1][2].upper() if i else ""
        two_before = tokens[i - 2][2].upper() if i > 1 else ""
        after = tokens[i + 1][2].upper() if i + 1 < len(tokens) else ""
        if values:
            kind, values = "values", False
        elif before in ("EXISTS", "OPTIONAL", "MINUS"):
            kind = before.lower()
        elif two_before in ("GRAPH", "SERVICE") or (two_before == "SILENT"
                                                     and tokens[i - 3][2].upper() == "SERVICE"):
            kind = two_before.lower()
        elif after == "SELECT":
            kind = "select"
        else:
            kind = "group"
        if kind == "group" and not _CORRELATED.intersection(stack):
            inserts.append(offset + 1)
        stack.append(kind)
    if not inserts:
        raise Unsupported(f"{name(shape)}: SPARQL constraint without a WHERE group")
    for offset in reversed(inserts):
        text = text[:offset] + " " + focus + " " + text[offset:]
    return text


def instance(node: str, cls: Node, variables: Vars) -> str:
    """``node`` is a SHACL instance of ``cls``: ``rdf:type/rdfs:subClassOf*``, written as a type
    among the class's subclass closure (filled in by the runner, once per class), which
    Oxigraph answers with one index look-up instead of walking the hierarchy per node."""
    kind = variables.new("c")
    return f"{node} {_RDF_TYPE} {kind} . VALUES {kind} {{ __SUBCLASSES_OF {term(cls)}__ }}"


def is_instance(node: str, cls: Node, variables: Vars) -> str:
    """:func:`_instance` for a bound ``node`` (a value tested for ``sh:class``): its few types
    filtered against the closure, rather than one look-up per class of a long closure."""
    kind = variables.new("c")
    return (f"{node} {_RDF_TYPE} {kind} . "
            f"FILTER({kind} IN (__SUBCLASSES_IN {term(cls)}__))")


def distinct(names: list[str]) -> str:
    tests = [f"!sameTerm({a}, {b})" for i, a in enumerate(names) for b in names[i + 1:]]
    return f" FILTER({' && '.join(tests)})" if tests else ""


def count(shape: Node, constant: Node) -> int:
    try:
        n = int(constant)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise Unsupported(f"{name(shape)}: count {constant!r} is not an integer") from None
    if n > MAX_COUNT:
        raise Unsupported(f"{name(shape)}: a count above {MAX_COUNT}")
    return n


def node_kind(kind: Node, value: str) -> str:
    tests = {
        SH.IRI: f"isIRI({value})",
        SH.Literal: f"isLiteral({value})",
        SH.BlankNode: f"isBlank({value})",
        SH.BlankNodeOrIRI: f"(isBlank({value}) || isIRI({value}))",
        SH.BlankNodeOrLiteral: f"(isBlank({value}) || isLiteral({value}))",
        SH.IRIOrLiteral: f"(isIRI({value}) || isLiteral({value}))",
    }
    if kind not in tests:
        raise Unsupported(f"sh:nodeKind {kind!r}")
    return tests[kind]  # type: ignore[index]


def path(g: Graph, node: Node) -> str:
    """A SHACL property path as a SPARQL property path."""
    if isinstance(node, URIRef):
        return term(node)
    if isinstance(node, BNode):
        first = g.value(node, RDF.first)
        if first is not None:
            return "(" + "/".join(path(g, step) for step in Collection(g, node)) + ")"
        for key, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"),
                            (SH.zeroOrOnePath, "?")):
            inner = g.value(node, key)
            if inner is not None:
                return f"({path(g, inner)}){suffix}"
        inner = g.value(node, SH.inversePath)
        if inner is not None:
            return f"^({path(g, inner)})"
        alternatives = g.value(node, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(path(g, a) for a in Collection(g, alternatives)) + ")"
    raise Unsupported(f"sh:path {node!r} is not a SHACL path")


def name(shape: Node) -> str:
    return shape.n3() if isinstance(shape, URIRef) else f"_:{shape}"
