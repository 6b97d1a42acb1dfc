"""The build: dist/ outputs, reproducibility, and atomicity when something fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal

from multivector import diskstore
from multivector.build import ONTOLOGY_ARTEFACT, OUTPUTS, BuildOptions, build
from multivector.errors import InputError
from multivector.namespaces import GRAPH_INFERRED, ID, MV, SH, source_graph

from .conftest import REPO, published_outputs


def _snapshot(folder: Path) -> dict[str, bytes]:
    return published_outputs(folder)


def test_build_writes_all_graphs_including_inferred(mini_home: Path, validator) -> None:
    result = build(mini_home, validator=validator)
    dist = mini_home / "dist"
    assert sorted(_snapshot(dist)) == sorted(OUTPUTS)
    assert (dist / ONTOLOGY_ARTEFACT).is_file()
    assert diskstore.current(mini_home) is not None  # the persistent store, beside the release
    assert validator.calls == [len(result.dataset)]  # validated the graph with inferences
    trig = Dataset()
    trig.parse(dist / "multivector.trig", format="trig")
    assert (ID.Kazakhstan, MV.memberOf, ID.CSTO) in trig.graph(GRAPH_INFERRED)
    assert len(trig.graph(source_graph("000_test"))) == len(
        result.dataset.graph(source_graph("000_test"))
    )
    nquads = Dataset()
    nquads.parse(dist / "multivector.nq", format="nquads")
    assert len(nquads) == len(trig) == len(result.dataset)
    union = Graph().parse(dist / "multivector.ttl", format="turtle")
    assert (ID.CSTO, MV.hasMember, ID.Russia) in union
    assert len(union) == len({(s, p, o) for s, p, o, _ in result.dataset.quads()})


def test_build_is_reproducible_byte_for_byte(mini_home: Path, validator, tmp_path: Path) -> None:
    build(mini_home, validator=validator)
    first = _snapshot(mini_home / "dist")
    build(mini_home, BuildOptions(out=tmp_path / "again", engine="rdflib"), validator=validator)
    assert _snapshot(tmp_path / "again") == first
    # the persistent store stays in the workspace's dist/, named by its inputs' fingerprint
    assert os.readlink(mini_home / "dist" / "store").endswith(diskstore.fingerprint(mini_home))


@pytest.mark.slow
def test_build_is_stable_across_hash_seeds(mini_home: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        out = mini_home / f"dist-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO / "src")}
        done = subprocess.run(
            [sys.executable, "-m", "multivector", "build", "--skip-validation",
             "--home", str(mini_home), "--out", str(out)],
            capture_output=True, text=True, env=env, check=False,
        )
        assert done.returncode == 0, done.stderr
        outputs.append(_snapshot(out))
    assert outputs[0] == outputs[1]


def test_failed_load_leaves_dist_untouched(mini_home: Path, validator) -> None:
    build(mini_home, validator=validator)
    before = _snapshot(mini_home / "dist")
    (mini_home / "data" / "sources" / "001_broken.trig").write_text(
        "<https://w3id.org/multivector/id/source/001_broken> { "
        "<http://x.example/a> <http://x.example/b> \n",
        encoding="utf-8",
    )
    (mini_home / "data" / "sources" / "000_test.trig").write_text(
        (mini_home / "data" / "sources" / "000_test.trig")
        .read_text(encoding="utf-8")
        .replace("Russia is a founding member", "Russia is a member"),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"001_broken\.trig:2:1: "):
        build(mini_home, validator=validator)
    assert _snapshot(mini_home / "dist") == before


def test_failed_validation_leaves_dist_untouched(mini_home: Path, validator) -> None:
    build(mini_home, validator=validator)
    before = _snapshot(mini_home / "dist")
    (mini_home / "data" / "reference" / "extra.ttl").write_text(
        "<https://w3id.org/multivector/id/Armenia> a "
        "<https://w3id.org/multivector/ontology#State> .\n",
        encoding="utf-8",
    )
    validator.conforms = False
    result = build(mini_home, validator=validator)
    assert result.conforms is False and result.written == []
    assert _snapshot(mini_home / "dist") == before


def test_the_default_validator_is_the_gate(mini_home: Path) -> None:
    result = build(mini_home, BuildOptions(out=mini_home / "dist-real"))
    assert result.validation is not None and result.conforms
    conforms, report, text = result.validation
    assert conforms is True and text.endswith("0 violations, 0 warnings, 0 infos\n")
    assert (None, SH.conforms, Literal(True)) in report
    (mini_home / "data" / "reference" / "extra.ttl").write_text(
        "<https://w3id.org/multivector/id/Armenia> a "
        "<https://w3id.org/multivector/ontology#State> .\n",
        encoding="utf-8",
    )
    failed = build(mini_home, BuildOptions(out=mini_home / "dist-real"))
    assert failed.written == [] and not failed.conforms
    assert [(r.shape, r.component, r.sources) for r in failed.validation.results] == [
        ("mvsh:StateShape [rdfs:label]", "sh:MinCountConstraintComponent",
         (str(mini_home / "data" / "reference" / "extra.ttl"),)),
    ]
