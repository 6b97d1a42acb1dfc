"""Exports: six syntaxes, nothing lost (round trip), same bytes every time, atomic writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from multivector.api import KnowledgeGraph
from multivector.canonical import dataset_graphs
from multivector.errors import InputError
from multivector.export import (
    CONTEXT_FILE,
    EXPORT_FORMATS,
    export_all,
    export_bytes,
    parse_export,
)
from multivector.loading import iter_quads
from multivector.namespaces import PREFIXES

pytestmark = pytest.mark.slow  # parses back every export of the full build

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def exported(kg: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dist")
    written = export_all(kg.dataset, folder)
    assert sorted(p.name for p in written) == sorted(
        [f.filename for f in EXPORT_FORMATS.values()] + [CONTEXT_FILE]
    )
    return folder


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_every_export_parses_back_isomorphic_to_the_build(
    kg: KnowledgeGraph, exported: Path, fmt: str
) -> None:
    chosen = EXPORT_FORMATS[fmt]
    back = parse_export(exported / chosen.filename)
    if chosen.quads:
        want, got = dataset_graphs(kg.dataset), dataset_graphs(back)
        assert sorted(got) == sorted(want)
        assert URIRef("https://w3id.org/multivector/id/graph/inferred") in got
        for name in want:
            assert isomorphic(got[name], want[name]), f"{fmt}: graph {name} differs"
    else:
        union = Graph()
        for s, p, o, _g in iter_quads(kg.dataset):
            union.add((s, p, o))
        (got_union,) = dataset_graphs(back).values()
        assert len(got_union) == len(union)
        assert isomorphic(got_union, union)


def test_jsonld_uses_the_project_prefixes_and_ships_its_context(exported: Path) -> None:
    context = json.loads((exported / CONTEXT_FILE).read_text())["@context"]
    assert context == {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    document = json.loads((exported / "multivector.jsonld").read_text())
    assert document["@context"] == context
    names = [graph["@id"] for graph in document["@graph"]]
    assert names == sorted(names) and "https://w3id.org/multivector/id/graph/reference" in names
    text = (exported / "multivector.jsonld").read_text()
    assert '"id:Kazakhstan"' in text and '"mv:Membership"' in text


@pytest.mark.slow  # subprocesses under other hash seeds; make test runs it
def test_exports_are_deterministic_in_process_and_across_hash_seeds(
    kg: KnowledgeGraph, exported: Path, tmp_path: Path
) -> None:
    for fmt in ("nt", "jsonld", "xml"):  # the new writers; ttl/trig/nq are the build's own
        again = export_bytes(kg.dataset, fmt)
        assert again == (exported / EXPORT_FORMATS[fmt].filename).read_bytes()
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        [sys.executable, "-m", "multivector", "export", "--out", str(tmp_path),
         "--home", str(REPO)],
        check=True, env=env, capture_output=True,
    )
    for chosen in EXPORT_FORMATS.values():
        assert (tmp_path / chosen.filename).read_bytes() == (
            exported / chosen.filename
        ).read_bytes(), f"{chosen.filename} differs under another PYTHONHASHSEED"


def test_unknown_format_is_one_line(tmp_path: Path, kg: KnowledgeGraph) -> None:
    with pytest.raises(InputError, match=r"unknown export format 'yaml' \(choose from ttl, nt"):
        export_bytes(kg.dataset, "yaml")
    with pytest.raises(InputError, match="unknown export format suffix '.txt'"):
        kg.export(tmp_path / "out.txt")


def test_a_failed_write_leaves_the_old_file(
    kg: KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "multivector.nt"
    target.write_bytes(b"old\n")

    def broken(self, fmt):  # noqa: ANN001
        raise InputError("serializer exploded")

    from multivector import export

    monkeypatch.setattr(export.Exporter, "data", broken)
    with pytest.raises(InputError):
        kg.export(target)
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["multivector.nt"]
