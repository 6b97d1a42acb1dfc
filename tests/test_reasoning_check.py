"""The HermiT consistency check on a date-free copy of the graph."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from multivector.loading import load, load_files
from multivector.namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENCE
from multivector.reasoner import check, reasoner_copy

from .conftest import FIXTURES, REPO

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs java on PATH"),
]


def _untracked_files() -> set[str]:
    done = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )
    return set(done.stdout.splitlines())


def test_reasoner_copy_has_no_dates(mini_home: Path) -> None:
    loaded = load(mini_home)
    copy, dropped = reasoner_copy(loaded.dataset)
    assert dropped == 1  # the CSTO's founding date in the reference data
    assert not any(
        isinstance(o, Literal) and o.datatype in (XSD.date, XSD.gYear) for o in copy.objects()
    )


def test_mini_home_is_consistent(mini_home: Path) -> None:
    result = check(load(mini_home).dataset)
    assert result.consistent and result.unsatisfiable == [] and result.ok


def test_shipped_ontology_and_reference_are_consistent(shipped) -> None:
    before = _untracked_files()
    result = check(shipped.dataset)
    assert result.consistent, result.message
    assert result.unsatisfiable == []
    assert _untracked_files() == before  # owlready2 left nothing in the repository


def test_state_that_is_also_an_organization_is_inconsistent() -> None:
    files = [entry for entry in _shipped_layout() if entry[1] == GRAPH_ONTOLOGY]
    files.append((FIXTURES / "inconsistent-reference.ttl", GRAPH_REFERENCE, "turtle"))
    result = check(load_files(files).dataset)
    assert result.consistent is False
    assert result.ok is False


def test_disjointness_violation_in_the_mini_ontology_is_inconsistent(mini_home: Path) -> None:
    bad = mini_home / "data" / "reference" / "chimera.ttl"
    bad.write_bytes((FIXTURES / "inconsistent-reference.ttl").read_bytes())
    assert check(load(mini_home).dataset).consistent is False


def _shipped_layout():
    from multivector.loading import layout

    return layout(REPO)


def test_class_under_two_disjoint_classes_is_unsatisfiable(mini_home: Path) -> None:
    (mini_home / "ontology" / "hybrid.ttl").write_text(
        "@prefix mv: <https://w3id.org/multivector/ontology#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "mv:StateOrganization a owl:Class ;\n"
        "    rdfs:subClassOf mv:State, mv:InternationalOrganization .\n",
        encoding="utf-8",
    )
    result = check(load(mini_home).dataset)
    assert result.consistent is True  # no instance, so no contradiction…
    assert result.unsatisfiable == ["https://w3id.org/multivector/ontology#StateOrganization"]
    assert result.ok is False  # …but the class can never have one
