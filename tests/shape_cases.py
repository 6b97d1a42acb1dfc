"""Reader for the shape test cases under ``tests/fixtures/shapes/`` (format: the README there).

Why this module exists: a shape test case is one self-contained TriG file in pySHACL's ``sht``
manifest style — the data (a patch over its area's shared ``base.ttl``) and the expected
``sh:ValidationReport`` side by side — so a new shape test is one new file. This module turns a
file into a :class:`ShapeCase` (the patched data graph and the expected result set), and the
actual validation outcome into the same kind of set, so ``tests/test_shapes.py`` and
``tests/test_bench_parity.py`` share one reader. Malformed case files fail loudly
(:class:`CaseError`), never as an empty expectation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from multivector.loading import quiet_rdflib
from multivector.namespaces import GRAPH_ONTOLOGY, SH, curie
from multivector.validation import render_path, render_term, shape_curie

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "fixtures" / "shapes"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
#: the project's test vocabulary: the patch (mvt:base/add/remove) and blank property shapes
#: named by their node shape (mvt:propertyShapeOf + sh:path).
MVT = Namespace("https://w3id.org/multivector/test#")

#: ``sht:shapesGraph`` IRI -> the shapes it stands for (a folder of ``*.ttl``).
SHAPES_GRAPHS: dict[URIRef, Path] = {
    URIRef("https://w3id.org/multivector/shapes"): ROOT / "shapes",
}

#: (focus node, source shape as ``multivector.validation`` names it, component CURIE, severity)
Key = tuple[Node, str, str, str]


class CaseError(Exception):
    """A case file that does not follow the format (says which file and what is wrong)."""


@dataclass(frozen=True)
class ShapeCase:
    path: Path
    label: str
    data: Graph
    shapes: Path
    conforms: bool
    expected: frozenset[Key]

    @property
    def name(self) -> str:
        return f"{self.path.parent.name}/{self.path.stem}"


def case_files() -> list[Path]:
    return sorted(CASES.glob("*/*.trig"))


def case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def _one(graph: Graph, subject: Node, predicate: URIRef, path: Path) -> Node:
    values = list(graph.objects(subject, predicate))
    if len(values) != 1:
        raise CaseError(f"{path}: expected one {curie(predicate)} on {subject}, "
                        f"found {len(values)}")
    return values[0]


def read_case(path: Path) -> ShapeCase:
    """Parse one case file: its single ``sht:Validate`` entry, data graph and expected report."""
    dataset = Dataset()
    with quiet_rdflib():
        dataset.parse(path, format="trig")
    manifest = dataset.default_graph
    manifests = list(manifest.subjects(RDF.type, MF.Manifest))
    if len(manifests) != 1:
        raise CaseError(f"{path}: expected one mf:Manifest, found {len(manifests)}")
    entries = list(Collection(manifest, _one(manifest, manifests[0], MF.entries, path)))
    if len(entries) != 1 or (entries[0], RDF.type, SHT.Validate) not in manifest:
        raise CaseError(f"{path}: mf:entries must list exactly one sht:Validate entry")
    entry = entries[0]
    action = _one(manifest, entry, MF.action, path)
    report = _one(manifest, entry, MF.result, path)
    if (report, RDF.type, SH.ValidationReport) not in manifest:
        raise CaseError(f"{path}: mf:result must be a sh:ValidationReport")
    conforms = _one(manifest, report, SH.conforms, path)
    if not (isinstance(conforms, Literal) and conforms.datatype == XSD.boolean):
        raise CaseError(f"{path}: sh:conforms must be true or false")
    shapes_iri = _one(manifest, action, SHT.shapesGraph, path)
    if shapes_iri not in SHAPES_GRAPHS:
        raise CaseError(f"{path}: unknown sht:shapesGraph {shapes_iri}")
    expected = frozenset(
        _expected_key(manifest, result, path) for result in manifest.objects(report, SH.result)
    )
    return ShapeCase(
        path=path,
        label=str(manifest.value(entry, RDFS.label) or case_id(path)),
        data=_data_graph(dataset, _one(manifest, action, SHT.dataGraph, path), path),
        shapes=SHAPES_GRAPHS[shapes_iri],  # type: ignore[index]
        conforms=bool(conforms.toPython()),
        expected=expected,
    )


def _local_file(iri: Node, path: Path) -> Path:
    text = str(iri)
    if not text.startswith("file://"):
        raise CaseError(f"{path}: {text} is not a file next to the case")
    return Path(text.removeprefix("file://"))


def _data_graph(dataset: Dataset, node: Node, path: Path) -> Graph:
    """``sht:dataGraph``: the base file itself, or a ``mvt:PatchedGraph`` (base + add − remove).

    Every removed triple must be in the base and no added one may be there already, so a patch
    that no longer matches its base fails instead of silently testing something else.
    """
    manifest = dataset.default_graph
    base_iri = manifest.value(node, MVT.base) if isinstance(node, URIRef) else None
    base_path = _local_file(base_iri if base_iri is not None else node, path)
    if not base_path.is_file():
        raise CaseError(f"{path}: base file {base_path.name} not found")
    data = Graph()
    with quiet_rdflib():
        data.parse(base_path, format="turtle")
    if base_iri is None:
        return data
    for graph_iri in manifest.objects(node, MVT.remove):
        for triple in dataset.graph(graph_iri):
            if triple not in data:
                raise CaseError(f"{path}: removed triple not in {base_path.name}: {triple}")
            data.remove(triple)
    for graph_iri in manifest.objects(node, MVT.add):
        for triple in dataset.graph(graph_iri):
            if triple in data:
                raise CaseError(f"{path}: added triple already in {base_path.name}: {triple}")
            data.add(triple)
    return data


def _expected_key(manifest: Graph, result: Node, path: Path) -> Key:
    focus = _one(manifest, result, SH.focusNode, path)
    shape = _one(manifest, result, SH.sourceShape, path)
    component = _one(manifest, result, SH.sourceConstraintComponent, path)
    severity = _one(manifest, result, SH.resultSeverity, path)
    return (focus, _shape_name(manifest, shape, path), curie(component),  # type: ignore[arg-type]
            str(severity).rsplit("#", 1)[-1])


def _shape_name(manifest: Graph, shape: Node, path: Path) -> str:
    """The name ``multivector.validation`` gives a source shape: a CURIE for a named shape,
    ``<node shape> [<path>]`` for a blank property shape (written ``[ mvt:propertyShapeOf
    <node shape> ; sh:path <path> ]`` in the case file)."""
    if isinstance(shape, URIRef):
        return shape_curie(shape)
    if not isinstance(shape, BNode):
        raise CaseError(f"{path}: sh:sourceShape must be an IRI or a blank property shape")
    parent = _one(manifest, shape, MVT.propertyShapeOf, path)
    shape_path = _one(manifest, shape, SH.path, path)
    return f"{shape_curie(parent)} [{render_path(manifest, shape_path)}]"  # type: ignore[arg-type]


def case_dataset(case: ShapeCase) -> Dataset:
    """The case's data as the validator takes it: one named graph, as the fixtures always were."""
    dataset = Dataset()
    graph = dataset.graph(GRAPH_ONTOLOGY)
    for triple in case.data:
        graph.add(triple)
    return dataset


def write_case_data(path: Path, folder: Path) -> Path:
    """The case's data as a plain Turtle file ``<folder>/<case name>.ttl``, for the tests that
    run ``multivector validate PATHS`` on a file."""
    target = folder / f"{path.stem}.ttl"
    read_case(path).data.serialize(target, format="turtle", encoding="utf-8")
    return target


def fired(outcome) -> frozenset[Key]:
    """The actual results of a validation outcome as the same kind of set as ``expected``."""
    return frozenset((r.focus, r.shape, r.component, r.severity) for r in outcome.results)


def describe(keys: frozenset[Key]) -> list[str]:
    """Readable, sorted lines for an assertion message."""
    return sorted(f"{sev} {render_term(focus)} {shape} {component}"
                  for focus, shape, component, sev in keys)
