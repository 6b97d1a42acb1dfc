"""What the validation gate returns: typed results, the report graph and the text, in one object.

Kept free of any engine or rendering code so that the renderers (:mod:`multivector.report`,
:mod:`multivector.validation.text`) and the callers (``build``, the CLI, ``KnowledgeGraph``) can
import it without pulling in pySHACL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.term import Node

from multivector.validation.terms import render_term

SEVERITIES: tuple[str, ...] = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Result:
    """One result — a SHACL result or a QC query row — with where its focus node comes from.

    A QC row has ``shape`` ``qc:<query name>`` and component ``sh:SPARQLConstraintComponent``.
    """

    severity: str
    focus: Node
    focus_label: str
    path: str
    value: Node | None
    component: str
    shape: str
    message: str
    sources: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        """The file(s) (or graph IRIs) the focus node comes from, as one string."""
        return ", ".join(self.sources) if self.sources else "(no source file)"

    @property
    def is_qc(self) -> bool:
        return self.shape.startswith("qc:")

    def as_dict(self) -> dict[str, object]:
        return {
            "severity": self.severity,
            "focus": str(self.focus),
            "focusLabel": self.focus_label,
            "path": self.path,
            "value": None if self.value is None else render_term(self.value),
            "component": self.component,
            "shape": self.shape,
            "message": self.message,
            "sources": list(self.sources),
        }


def count_severities(results: list[Result]) -> dict[str, int]:
    counts = {severity: 0 for severity in SEVERITIES}
    for result in results:
        counts[result.severity] = counts.get(result.severity, 0) + 1
    return counts


@dataclass
class ValidationOutcome:
    """The gate's answer; ``conforms`` is false only if there is a violation (SHACL or QC).

    Unpacks like pySHACL's return value: ``conforms, report_graph, text = outcome``.
    """

    conforms: bool
    report_graph: Graph
    text: str
    counts: dict[str, int]
    results: list[Result] = field(default_factory=list)

    def __iter__(self) -> Iterator[object]:
        return iter((self.conforms, self.report_graph, self.text))

    @property
    def qc_results(self) -> list[Result]:
        """The results that come from the QC queries (``queries/qc/``)."""
        return [r for r in self.results if r.is_qc]
