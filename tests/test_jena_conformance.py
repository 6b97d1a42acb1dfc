"""An independent engine: Apache Jena TDB2 (Debian's libapache-jena-java) answers every named
query over the N-Quads export exactly as the embedded engine does.

CI installs Jena (``make test`` runs ``scripts/install-debian-deps.sh``), so a missing Jena is a
failure here (``JenaError``), never a skip.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from multivector import jena
from multivector.api import KnowledgeGraph
from multivector.export import export_file

pytestmark = pytest.mark.slow  # a JVM per query: about a minute and a half


@pytest.fixture(scope="module")
def tdb2(tmp_path_factory: pytest.TempPathFactory, kg: KnowledgeGraph) -> Path:
    folder = tmp_path_factory.mktemp("jena")
    nquads = export_file(kg.dataset, folder / "multivector.nq")
    return jena.load(nquads, folder / "tdb2")


def test_the_class_path_repairs_debians_build(tmp_path: Path) -> None:
    cp = jena.classpath(tmp_path).split(":")
    resources = Path(cp[0])
    written = sorted(str(p.relative_to(resources)) for p in resources.rglob("*.properties"))
    assert "xerces/impl/msg/XMLSchemaMessages.properties" in written
    assert "xerces/impl/msg/DatatypeMessages.properties" in written
    assert "xerces/impl/xpath/regex/message.properties" in written
    core = next(Path(p) for p in cp if p.endswith("/jena-core.jar"))
    with zipfile.ZipFile(core) as archive:  # the copies are the shaded bundles, byte for byte
        shaded = archive.read("org/apache/jena/ext/xerces/impl/msg/XMLSchemaMessages.properties")
    assert (resources / "xerces/impl/msg/XMLSchemaMessages.properties").read_bytes() == shaded
    bindings = [p for p in cp if Path(p).name.startswith("slf4j-") and "api" not in p]
    assert [Path(p).name for p in bindings] == ["slf4j-simple.jar"]
    assert not any(Path(p).name == "log4j-over-slf4j.jar" for p in cp)


def test_every_named_query_gives_the_embedded_rows_on_jena(kg: KnowledgeGraph,
                                                           tdb2: Path) -> None:
    verdicts = jena.conformance(kg, tdb2)
    assert [v.name for v in verdicts] == list(kg.queries)
    assert len(verdicts) == 16
    for verdict in verdicts:
        assert verdict.embedded.rows, verdict.name
        assert verdict.jena.columns == verdict.embedded.columns, verdict.name
        assert not verdict.difference, (
            f"{verdict.name}: missing in Jena {verdict.difference.missing[:3]}, "
            f"extra {verdict.difference.extra[:3]}")


def test_a_store_missing_a_source_graph_is_caught(kg: KnowledgeGraph, tmp_path: Path) -> None:
    """The comparison can fail: drop one source's graph from the export, CQ3 loses rows."""
    graph = "https://w3id.org/multivector/id/source/001_7b871defe8eb9c5c"
    full = export_file(kg.dataset, tmp_path / "all.nq").read_text(encoding="utf-8")
    kept = [line for line in full.splitlines(keepends=True)
            if not line.rstrip().endswith(f"<{graph}> .")]
    assert len(kept) < len(full.splitlines())
    partial = tmp_path / "partial.nq"
    partial.write_text("".join(kept), encoding="utf-8")
    [verdict] = jena.conformance(kg, jena.load(partial, tmp_path / "tdb2"), ["CQ3"])
    assert verdict.difference.missing and not verdict.difference.extra


def test_jena_errors_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "x").write_text("x")
    with pytest.raises(jena.JenaError, match=r"db: not empty \(TDB2 loads into a new database\)"):
        jena.load(tmp_path / "none.nq", tmp_path / "db")
    with pytest.raises(jena.JenaError, match=r"^tdb2.tdbloader failed \(exit 1\): .*"):
        jena.load(tmp_path / "none.nq", tmp_path / "new")
