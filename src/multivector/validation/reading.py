"""Reading a SHACL report graph — and QC query rows — into :class:`Result` objects.

QC rows are added to the report graph too, as ``sh:ValidationResult`` nodes (severity
``sh:Violation``, component ``sh:SPARQLConstraintComponent``, source shape
``mvqc:<query name>``), so the Turtle report, the results list and the text say the same.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from multivector.namespaces import SH, bind_prefixes, curie
from multivector.qc import QCResult
from multivector.validation.outcome import SEVERITIES, Result
from multivector.validation.terms import label_of, render_path, render_term, shape_curie

#: The source shape of a QC result: ``mvqc:<query file name without -violation.rq>``.
MVQC = Namespace("https://w3id.org/multivector/qc#")

Sources = Callable[[list[Node]], Mapping[Node, tuple[str, ...]]]


def shacl_results(report: Graph, labels: Graph, shapes: Graph) -> list[Result]:
    """The report's own results (nested ``sh:detail`` results are not repeated), no sources."""
    results: list[Result] = []
    for node in top_level_results(report):
        severity_iri = report.value(node, SH.resultSeverity)
        focus = _simple(report.value(node, SH.focusNode))
        path = report.value(node, SH.resultPath)
        component = report.value(node, SH.sourceConstraintComponent)
        results.append(
            Result(
                severity=str(severity_iri).rsplit("#", 1)[-1] if severity_iri else "Violation",
                focus=focus,  # type: ignore[arg-type]
                focus_label=label_of(labels, focus),
                path=render_path(report, path) if path is not None else "",
                value=_simple(report.value(node, SH.value)),
                component=curie(component) if component is not None else "",
                shape=shape_name(shapes, report.value(node, SH.sourceShape)),
                message=_message(report, node),
            )
        )
    return results


def qc_results(qc: list[QCResult], labels: Graph) -> list[Result]:
    """One violation per QC row; the focus node is the row's first cell."""
    results = []
    for check in qc:
        description = check.description
        for row in check.rows:
            focus = _cell_term(row[0]) if row else Literal("")
            cells = ", ".join(f"{c}={v}" for c, v in zip(check.columns, row, strict=False))
            results.append(
                Result(
                    severity="Violation", focus=focus, focus_label=label_of(labels, focus),
                    path="", value=None, component="sh:SPARQLConstraintComponent",
                    shape=f"qc:{check.name}", message=f"{description} ({cells})",
                )
            )
    return results


def results_report(results: list[Result]) -> Graph:
    """A report graph holding ``results`` (severity, focus, path as text, value, component,
    shape, message) — the report of an incremental validation, put together from kept and new
    results rather than read from one engine run."""
    report = Graph()
    bind_prefixes(report)
    root = BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    for result in results:
        node = BNode()
        report.add((root, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.resultSeverity, SH[result.severity]))
        report.add((node, SH.focusNode, result.focus))
        if result.value is not None:
            report.add((node, SH.value, result.value))
        if result.path:
            report.add((node, SH.resultPath, Literal(result.path)))
        report.add((node, SH.resultMessage, Literal(result.message)))
    report.add((root, SH.conforms,
                Literal(not any(r.severity == "Violation" for r in results))))
    return report


def add_qc_to_report(report: Graph, results: list[Result]) -> None:
    """Write the QC results into the report graph and correct its ``sh:conforms``."""
    roots = list(report.subjects(RDF.type, SH.ValidationReport))
    if not roots:
        roots = [BNode()]
        report.add((roots[0], RDF.type, SH.ValidationReport))
    root = roots[0]
    for result in results:
        node = BNode()
        report.add((root, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.resultSeverity, SH.Violation))
        report.add((node, SH.focusNode, result.focus))
        report.add((node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
        report.add((node, SH.sourceShape, MVQC[result.shape.removeprefix("qc:")]))
        report.add((node, SH.resultMessage, Literal(result.message)))
    if results:
        report.set((root, SH.conforms, Literal(False)))


def with_sources(results: list[Result], sources: Sources) -> list[Result]:
    """The results with their source files, sorted by source, severity, focus, shape, …"""
    found = sources([r.focus for r in results if r.focus is not None])
    located = [replace(r, sources=found.get(r.focus, ())) for r in results]
    order = {s: i for i, s in enumerate(SEVERITIES)}
    located.sort(
        key=lambda r: (r.source, order.get(r.severity, 9), str(r.focus), r.shape, r.path,
                       render_term(r.value) if r.value is not None else "", r.message)
    )
    return located


def top_level_results(report: Graph) -> list[Node]:
    found: list[Node] = []
    for root in report.subjects(RDF.type, SH.ValidationReport):
        found.extend(report.objects(root, SH.result))
    return found


def restrict_report(report: Graph, kept: list[Result]) -> Graph:
    """A copy of the report holding only the results whose focus nodes were kept."""
    keep_focus = {r.focus for r in kept}
    out = Graph()
    bind_prefixes(out)
    out_root = BNode()
    out.add((out_root, RDF.type, SH.ValidationReport))
    out.add((out_root, SH.conforms, Literal(not any(r.severity == "Violation" for r in kept))))
    for node in top_level_results(report):
        if _simple(report.value(node, SH.focusNode)) not in keep_focus:
            continue
        out.add((out_root, SH.result, node))
        copy_closure(report, node, out)
    return out


def copy_closure(source: Graph, node: Node, target: Graph) -> None:
    """The triples about ``node`` in ``source`` and, through blank nodes, all they lead to
    (a result's nested nodes, a path's lists and inverse paths), added to ``target``."""
    todo = [node]
    seen: set[Node] = set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for p, o in source.predicate_objects(current):
            target.add((current, p, o))
            if isinstance(o, BNode):
                todo.append(o)


def _cell_term(cell: str) -> Node:
    return URIRef(cell) if cell.startswith(("http://", "https://", "urn:")) else Literal(cell)


def _simple(term: Node | None) -> Node | None:
    """``"x"^^xsd:string`` as the plain literal ``"x"``: the same RDF 1.1 term, which rdflib
    keeps apart (pyshacl-turbo's report, read from N-Triples, writes the datatype out)."""
    if isinstance(term, Literal) and term.datatype == XSD.string and not term.language:
        return Literal(str(term))
    return term


def shape_name(shapes: Graph, shape: Node | None) -> str:
    """A named shape as a CURIE; a blank property shape as ``<parent> [path]``."""
    if shape is None:
        return ""
    if isinstance(shape, URIRef):
        return shape_curie(shape)
    for parent in shapes.subjects(SH.property, shape):
        path = shapes.value(shape, SH.path)
        inner = render_path(shapes, path) if path is not None else "?"
        return f"{shape_name(shapes, parent)} [{inner}]"
    return "_:" + str(shape)


def _message(report: Graph, node: Node) -> str:
    messages = [m for m in report.objects(node, SH.resultMessage) if isinstance(m, Literal)]
    for message in sorted(messages):
        if message.language and message.language.lower().startswith("en"):
            return " ".join(str(message).split())
    return " ".join(str(sorted(messages)[0]).split()) if messages else ""


#: What a finding on a draft says first, so a reader sees why it is only information.
DRAFT_PREFIX = "Draft, awaiting curation: "


def drafts_as_info(report: Graph, results: list[Result], drafts: set[Node]) -> list[Result]:
    """Findings on draft nodes (``mv:status mv:Draft``: what ``source add`` proposed) reported as
    ``sh:Info`` — in the results and in the report graph, whose ``sh:conforms`` is corrected —
    so that adding a source never breaks ``validate`` or ``build``. Drafts never reach a built
    graph (:func:`multivector.drafts.without_drafts`), so nothing unchecked is published."""
    if not drafts:
        return results
    for node in top_level_results(report):
        if _simple(report.value(node, SH.focusNode)) in drafts:
            report.set((node, SH.resultSeverity, SH.Info))
    out = []
    for result in results:
        if result.focus in drafts and result.severity != "Info":
            message = result.message
            if not message.startswith(DRAFT_PREFIX):
                message = DRAFT_PREFIX + message
            result = replace(result, severity="Info", message=message)
        out.append(result)
    for root in report.subjects(RDF.type, SH.ValidationReport):
        report.set((root, SH.conforms,
                    Literal(not any(r.severity == "Violation" for r in out))))
    return out
