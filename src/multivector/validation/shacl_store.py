"""The ``oxigraph`` SHACL engine: the compiled shapes (:mod:`.shacl_sparql`) run on a Store.

Why this module exists: it turns the SELECTs of a :class:`~.shacl_sparql.Plan` into the same SHACL
validation report graph pySHACL and pyshacl-turbo write (``sh:ValidationReport``, one
``sh:ValidationResult`` per violation with severity, focus node, path, value, source shape,
component, source constraint and messages), so everything downstream
(:mod:`multivector.validation.reading`, the text, JSON and Turtle reports) is engine-blind. The
Store is the one the caller already holds for the QC queries (the union in its default graph);
the parser's quads are read only for the ``sh:datatype`` checks the Store cannot decide.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from multivector import querystore
from multivector.namespaces import SH, bind_prefixes
from multivector.terms import FromOx
from multivector.validation.reading import copy_closure
from multivector.validation.shacl_sparql import (
    FOCUS,
    SUBCLASSES,
    Check,
    DatatypeScan,
    Plan,
    Unsupported,
    compile_shapes,
)

_PLANS: dict[str, Plan] = {}

#: The value range of each type of the integer family, as rdflib judges a literal ill-typed
#: (its lexical form read by ``int()``; None: unbounded).
_RANGES: dict[URIRef, tuple[int | None, int | None]] = {
    XSD.integer: (None, None),
    XSD.nonPositiveInteger: (None, 0), XSD.negativeInteger: (None, -1),
    XSD.nonNegativeInteger: (0, None), XSD.positiveInteger: (1, None),
    XSD.long: (-2**63, 2**63 - 1), XSD.int: (-2**31, 2**31 - 1),
    XSD.short: (-2**15, 2**15 - 1), XSD.byte: (-2**7, 2**7 - 1),
    XSD.unsignedLong: (0, 2**64 - 1), XSD.unsignedInt: (0, 2**32 - 1),
    XSD.unsignedShort: (0, 2**16 - 1), XSD.unsignedByte: (0, 2**8 - 1),
}


def plan_for(shapes: Graph, key: str | None = None) -> Plan:
    """The compiled shapes, remembered by ``key`` (:func:`.shacl.shapes_key`) in this process."""
    if key is not None and key in _PLANS:
        return _PLANS[key]
    plan = compile_shapes(shapes)
    if key is not None:
        _PLANS[key] = plan
    return plan


def run_oxigraph(store: ox.Store, quads: Iterable[ox.Quad], shapes: Graph,
                 plan: Plan | None = None) -> Graph:
    """Validate the Store's union against ``shapes``; the SHACL report graph.

    ``store`` holds the union in its default graph (:func:`multivector.querystore.new_store`);
    each target's focus nodes are written once into a named graph of their own for the
    duration of the run (every check of the shapes sharing that target reads them there) and
    removed before this returns. ``quads``: the triples as parsed (the integer-family datatype
    checks read them)."""
    if not querystore.has_union(store):
        raise ValueError("the oxigraph SHACL engine needs a Store with the union default graph "
                         "(multivector.querystore.new_store)")
    plan = plan or compile_shapes(shapes)
    report = Graph()
    bind_prefixes(report)
    root = BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    convert = FromOx()
    conforms = True
    subclasses = _Subclasses(store)
    focus = [ox.NamedNode(f"{_FOCUS_GRAPH}{i}") for i in range(len(plan.targets))]
    try:
        for i, target in enumerate(plan.targets):
            store.update(f"INSERT {{ GRAPH {focus[i]} {{ {_FOCUS_NODE} {_FOCUS_NODE} ?this }} }} "
                         f"WHERE {{ {subclasses.fill(target)} }}")
        texts = [subclasses.fill(check.query).replace(FOCUS, _focus_pattern(focus[check.target]))
                 for check in plan.checks]
        # Oxigraph evaluates a query without the GIL: the checks run on every core (as
        # Store.bulk_load parses on every core), while this thread reads the parsed quads for
        # the datatype scans; the report is then written in the plan's order.
        with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
            answers = pool.map(lambda text: _rows(store, text), texts)
            scanned = _scan(store, list(quads), plan.scans, focus) if plan.scans else []
            for check, (names, rows) in zip(plan.checks, answers, strict=True):
                for row in rows:
                    conforms &= _add(report, root, shapes, check, row, names, convert)
        for scan, subject, value in scanned:
            conforms &= _add_scan(report, root, shapes, scan, convert(subject), convert(value))
    finally:
        for graph in focus:
            store.remove_graph(graph)
    report.add((root, SH.conforms, Literal(conforms)))
    return report


#: Threads running the checks (at most this many; the machine's cores otherwise).
_WORKERS = max(1, min(4, os.cpu_count() or 1))


def _rows(store: ox.Store, text: str) -> tuple[list[str], list[Any]]:
    try:
        solutions = querystore.query(store, text)
        return [variable.value for variable in solutions.variables], list(solutions)
    except (SyntaxError, RuntimeError) as exc:  # e.g. a shape's SPARQL Oxigraph cannot run
        raise Unsupported(f"a query Oxigraph rejects ({' '.join(str(exc).split())})") from None


#: The named graphs holding the focus sets during a run, and the node they hang from.
_FOCUS_GRAPH = "urn:multivector:shacl-focus:"
_FOCUS_NODE = "<urn:multivector:shacl-focus>"


def _focus_pattern(graph: ox.NamedNode) -> str:
    return f"GRAPH {graph} {{ {_FOCUS_NODE} {_FOCUS_NODE} ?this }}"


class _Subclasses:
    """Each class's ``rdfs:subClassOf*`` closure in the data, asked once per run."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.known: dict[str, list[str]] = {}

    def fill(self, text: str) -> str:
        return SUBCLASSES.sub(
            lambda m: (" " if m.group(1) == "OF" else ", ").join(self._of(m.group(2))), text)

    def _of(self, cls: str) -> list[str]:
        if cls not in self.known:
            from multivector.internal_queries import select

            rows = select(self.store, "shacl/subclasses", {"class": URIRef(cls[1:-1])})
            found = {row["c"] for row in rows if "c" in row}
            if any(isinstance(c, BNode) for c in found):  # not writable in VALUES
                raise Unsupported(f"a blank-node subclass of {cls} in the data")
            self.known[cls] = sorted(c.n3() for c in found) or [cls]
        return self.known[cls]


def _add(report: Graph, root: Node, shapes: Graph, check: Check, row: Any, names: list[str],
         convert: FromOx) -> bool:
    path = check.path
    if check.constraint is not None and "path" in names and row["path"] is not None:
        path = convert(row["path"])  # a SPARQL constraint's ?path is the result's path
    node = _result(report, root, shapes, check.shape, check.component, check.severity,
                   path, convert(row["this"]))
    value = None
    if check.has_value:
        found = row["value"] if "value" in names else None
        if found is not None:
            value = convert(found)
            report.add((node, SH.value, value))
    if check.constraint is not None:
        report.add((node, SH.sourceConstraint, check.constraint))
    for message in check.messages:
        if check.templated:
            bound = {name: convert(row[name]) for name in names if row[name] is not None}
            message = Literal(_fill(str(message), bound))
        report.add((node, SH.resultMessage, message))
    if not check.messages:
        report.add((node, SH.resultMessage, Literal(_generic(check.component))))
    return check.severity != SH.Violation


def _add_scan(report: Graph, root: Node, shapes: Graph, scan: DatatypeScan, focus: Node,
              value: Node) -> bool:
    node = _result(report, root, shapes, scan.shape, SH.DatatypeConstraintComponent,
                   scan.severity, scan.path, focus)
    report.add((node, SH.value, value))
    for message in scan.messages or (Literal(_generic(SH.DatatypeConstraintComponent)),):
        report.add((node, SH.resultMessage, message))
    return scan.severity != SH.Violation


def _result(report: Graph, root: Node, shapes: Graph, shape: Node, component: URIRef,
            severity: URIRef, path: Node | None, focus: Node) -> BNode:
    node = BNode()
    report.add((root, SH.result, node))
    report.add((node, RDF.type, SH.ValidationResult))
    report.add((node, SH.resultSeverity, severity))
    report.add((node, SH.focusNode, focus))
    report.add((node, SH.sourceShape, shape))
    report.add((node, SH.sourceConstraintComponent, component))
    if path is not None:
        report.add((node, SH.resultPath, path))
        if isinstance(path, BNode):
            copy_closure(shapes, path, report)  # so the report renders the path on its own
    return node


def _fill(message: str, bound: dict[str, Node]) -> str:
    """pySHACL's message templates: each ``{?name}`` / ``{$name}`` becomes the row's value."""
    for name, value in bound.items():
        message = re.sub("{[?$]" + re.escape(name) + "}", lambda _m, v=value: str(v), message)
    return message


def _generic(component: URIRef) -> str:
    name = str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    return f"Value does not satisfy the {name} constraint"


def _scan(store: ox.Store, quads: list[ox.Quad], scans: list[DatatypeScan],
          focus: list[ox.NamedNode]) -> list[tuple[DatatypeScan, Any, Any]]:
    """The integer-family datatype checks: one pass over the parsed quads for the constrained
    predicates; the failing subjects that are focus nodes of the shape are kept."""
    by_predicate: dict[ox.NamedNode, list[DatatypeScan]] = {}
    for scan in scans:
        by_predicate.setdefault(ox.NamedNode(str(scan.predicate)), []).append(scan)
    failing: dict[int, list[tuple[Any, Any]]] = {}
    seen: set[tuple[object, object, object]] = set()
    for quad in quads:
        checks = by_predicate.get(quad.predicate)
        if checks is None:
            continue
        key = (quad.subject, quad.predicate, quad.object)
        if key in seen:  # the same triple in several graphs: one value node
            continue
        seen.add(key)
        for scan in checks:
            if not _well_typed(quad.object, scan.datatype):
                failing.setdefault(id(scan), []).append((quad.subject, quad.object))
    found: list[tuple[DatatypeScan, Any, Any]] = []
    node = ox.NamedNode(_FOCUS_NODE[1:-1])
    for scan in scans:
        for subject, value in failing.get(id(scan), []):
            if next(store.quads_for_pattern(node, node, subject, focus[scan.target]), None):
                found.append((scan, subject, value))
    return found


def _well_typed(value: object, datatype: URIRef) -> bool:
    if not isinstance(value, ox.Literal) or value.datatype.value != str(datatype):
        return False
    low, high = _RANGES[datatype]
    try:
        number = int(value.value)
    except ValueError:
        return False
    return (low is None or number >= low) and (high is None or number <= high)


__all__ = ["plan_for", "run_oxigraph"]
