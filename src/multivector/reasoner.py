"""The OWL consistency check: owlready2 + HermiT on a date-free copy of the graph.

What the reasoner sees: the ontology graph (ontology, imports, vocabularies) plus the reference
data (optionally the source graphs too), serialized by rdflib to N-Triples in a temporary
directory, because owlready2 cannot read Turtle.

Why date-free: HermiT rejects ``xsd:date`` (and the other Gregorian types) — they are not in the
OWL 2 datatype map — and aborts the whole run. So every triple whose object is a literal of such a
datatype, or the datatype IRI itself (e.g. an ``rdfs:range xsd:date``), is dropped from the copy.
Dates are checked by the SHACL shapes instead; nothing the reasoner could conclude about classes
depends on them.

owlready2 keeps its quadstore in a ``World``; we use a fresh in-memory World per run and a
temporary directory for the N-Triples file, so nothing is ever written into the repository.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD

from multivector.errors import ToolError
from multivector.loading import iter_quads
from multivector.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_REFERENCE

#: Datatypes outside the OWL 2 datatype map that HermiT refuses.
UNSUPPORTED_DATATYPES = frozenset(
    {
        XSD.date,
        XSD.gYear,
        XSD.gYearMonth,
        XSD.gMonth,
        XSD.gMonthDay,
        XSD.gDay,
        XSD.time,
        XSD.duration,
    }
)


@dataclass
class CheckResult:
    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    dropped: int = 0
    triples: int = 0
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable


def reasoner_copy(dataset: Dataset, *, include_sources: bool = False) -> tuple[Graph, int]:
    """The triples HermiT sees, and how many were dropped because of their datatype."""
    wanted = {GRAPH_ONTOLOGY, GRAPH_REFERENCE}
    copy = Graph()
    dropped = 0
    for s, p, o, g in iter_quads(dataset):
        if g not in wanted and not (include_sources and g != GRAPH_INFERRED):
            continue
        if (isinstance(o, Literal) and o.datatype in UNSUPPORTED_DATATYPES) or (
            isinstance(o, URIRef) and o in UNSUPPORTED_DATATYPES
        ):
            dropped += 1
            continue
        copy.add((s, p, o))
    return copy, dropped


def check(dataset: Dataset, *, include_sources: bool = False) -> CheckResult:
    """Run HermiT; raises ToolError when it cannot run at all."""
    if shutil.which("java") is None:
        raise ToolError("java not found on PATH (HermiT needs Java 8 or later)")
    try:
        import owlready2
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ToolError(f"owlready2 is not installed: {exc}") from None

    graph, dropped = reasoner_copy(dataset, include_sources=include_sources)
    with tempfile.TemporaryDirectory(prefix="multivector-check-") as tmp:
        path = Path(tmp) / "reasoner-input.nt"
        graph.serialize(destination=path, format="nt", encoding="utf-8")
        world = owlready2.World()  # in memory: no quadstore file
        try:
            return _run_hermit(owlready2, world, path, dropped, len(graph))
        finally:
            _close(world)


def _run_hermit(
    owlready2: object, world: object, path: Path, dropped: int, size: int
) -> CheckResult:
    try:
        ontology = world.get_ontology(path.as_uri()).load()  # type: ignore[attr-defined]
    except Exception as exc:
        raise ToolError(f"owlready2 could not read the ontology: {_one_line(exc)}") from None
    try:
        with ontology:
            owlready2.sync_reasoner_hermit(  # type: ignore[attr-defined]
                world, infer_property_values=False, debug=0
            )
    except owlready2.OwlReadyInconsistentOntologyError:  # type: ignore[attr-defined]
        return CheckResult(
            consistent=False,
            dropped=dropped,
            triples=size,
            message="the ontology and data are inconsistent",
        )
    except Exception as exc:
        raise ToolError(f"HermiT failed: {_one_line(exc)}") from None
    return CheckResult(
        consistent=True, unsatisfiable=_unsatisfiable(world), dropped=dropped, triples=size
    )


_OWL_NOTHING = "http://www.w3.org/2002/07/owl#Nothing"


def _unsatisfiable(world: object) -> list[str]:
    classes = world.inconsistent_classes()
    return sorted({c.iri for c in classes if getattr(c, "iri", None) and c.iri != _OWL_NOTHING})


def _close(world: object) -> None:
    close = getattr(world, "close", None)
    if callable(close):
        try:
            close()
        except Exception:  # noqa: BLE001 - closing an in-memory world cannot matter
            pass


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300] if text else type(exc).__name__
