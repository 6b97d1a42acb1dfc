"""QC queries (``queries/qc/*-violation.rq``): none fires on the kg graph, each fires on the
defect it is written for, and a firing one stops the build before ``dist/`` is touched."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from multivector.build import build
from multivector.qc import qc_files, render, run_qc
from multivector.querystore import add_quads

from .conftest import REPO, published_outputs

ID = "https://w3id.org/multivector/id/"
MV = "https://w3id.org/multivector/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
EXACT_MATCH = ox.NamedNode("http://www.w3.org/2004/02/skos/core#exactMatch")
SEEDED = ox.NamedNode(ID + "graph/test-seeded")


def _copy(store: ox.Store) -> ox.Store:
    copy = ox.Store()
    copy.extend(store.quads_for_pattern(None, None, None, None))
    return copy


def _seed(store: ox.Store, *triples: tuple[ox.NamedNode, ox.NamedNode, object]) -> ox.Store:
    copy = _copy(store)
    add_quads(copy, [ox.Quad(s, p, o, SEEDED) for s, p, o in triples])  # keeps the union
    return copy


def _fired(store: ox.Store) -> dict[str, list[list[str]]]:
    return {r.name: r.rows for r in run_qc(store, REPO) if not r.passed}


def test_there_are_qc_queries() -> None:
    assert {p.name for p in qc_files(REPO)} >= {
        "duplicate-entity-label-violation.rq",
        "multiple-english-labels-violation.rq",
        "shared-wikidata-item-violation.rq",
        "untyped-data-node-violation.rq",
    }


def test_the_shipped_graph_passes_every_qc_query(kg) -> None:
    results = run_qc(kg.store, REPO)
    assert results and all(r.passed for r in results), render(results)


def test_a_second_kazakhstan_is_caught(kg) -> None:
    twin = ox.NamedNode(ID + "KazakhstanAgain")
    store = _seed(
        kg.store,
        (twin, RDF_TYPE, ox.NamedNode(MV + "State")),
        (twin, LABEL, ox.Literal("Kazakhstan", language="en")),
    )
    assert _fired(store) == {
        "duplicate-entity-label": [[ID + "Kazakhstan", ID + "KazakhstanAgain", "Kazakhstan"]]
    }


def test_two_labels_on_a_shared_statement_are_caught(kg) -> None:
    node = ox.NamedNode(ID + "proposal/RussiaSyriaDeployment2017")
    store = _seed(kg.store, (node, LABEL, ox.Literal("Another wording", language="en")))
    assert _fired(store) == {"multiple-english-labels": [[str(node.value), "2"]]}


def test_one_wikidata_item_on_two_entities_is_caught(kg) -> None:
    item = ox.NamedNode("http://www.wikidata.org/entity/Q232")  # Kazakhstan's item
    store = _seed(kg.store, (ox.NamedNode(ID + "Kyrgyzstan"), EXACT_MATCH, item))
    assert _fired(store) == {
        "shared-wikidata-item": [[ID + "Kazakhstan", ID + "Kyrgyzstan", item.value]]
    }


def test_a_dangling_reference_is_caught(kg) -> None:
    stance = ox.NamedNode(ID + "stance/KazakhstanDeniesNegotiations2017")
    typo = ox.NamedNode(ID + "Kazakstan")
    store = _seed(kg.store, (stance, ox.NamedNode(MV + "holder"), typo))
    assert _fired(store) == {
        "untyped-data-node": [[typo.value, stance.value, MV + "holder"]]
    }


def test_a_failing_qc_query_stops_the_build(mini_home: Path) -> None:
    build(mini_home)
    before = published_outputs(mini_home / "dist")
    store = os.readlink(mini_home / "dist" / "store")
    qc = mini_home / "queries" / "qc"
    qc.mkdir(parents=True)
    shutil.copy(REPO / "queries" / "qc" / "untyped-data-node-violation.rq", qc)
    (mini_home / "data" / "reference" / "dangling.ttl").write_text(
        "@prefix mv: <https://w3id.org/multivector/ontology#> .\n"
        "@prefix id: <https://w3id.org/multivector/id/> .\n"
        "id:Kazakhstan mv:memberOf id:NoSuchOrganization .\n",
        encoding="utf-8",
    )
    result = build(mini_home)
    assert not result.conforms and result.validation is not None
    assert [(r.shape, str(r.focus)) for r in result.validation.results] == [
        ("qc:untyped-data-node", "https://w3id.org/multivector/id/NoSuchOrganization")
    ]
    after = published_outputs(mini_home / "dist")
    assert after == before
    assert os.readlink(mini_home / "dist" / "store") == store  # the store was not switched


@pytest.mark.parametrize(
    ("old", "new"), [(MV + "place", MV + "tookPlaceIn"), (MV + "conflict", MV + "inConflict")]
)
def test_a_deprecated_property_name_still_answers_on_the_built_graph(kg, old, new) -> None:
    def pairs(prop: str) -> set[tuple[str, str]]:
        return {
            (q.subject.value, q.object.value)
            for q in kg.store.quads_for_pattern(None, ox.NamedNode(prop), None, None)
        }

    assert pairs(new)
    assert pairs(old) == pairs(new)


REFERENCE = ox.NamedNode(ID + "graph/reference")
PROV_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")


def test_a_reference_fact_without_a_cited_page_is_caught(kg) -> None:
    """A reference membership must cite a source with a title, a page (not a site's home page)
    and the day it was read; the site-level Wikidata source has none of the last two."""
    node = ox.NamedNode(ID + "membership/Kazakhstan-OSCE-1992")
    bare = ox.NamedNode(ID + "membership/Testland-OSCE-2000")
    root = ox.NamedNode(ID + "membership/Otherland-OSCE-2000")
    store = _copy(kg.store)
    membership = ox.NamedNode(MV + "Membership")
    add_quads(store, [
        ox.Quad(bare, RDF_TYPE, membership, REFERENCE),
        ox.Quad(root, RDF_TYPE, membership, REFERENCE),
        ox.Quad(root, PROV_DERIVED, ox.NamedNode(ID + "refsource/Wikidata"), REFERENCE),
        # a cited fact stays quiet
        ox.Quad(node, RDF_TYPE, membership, REFERENCE),
    ])
    fired = _fired(store)
    assert fired == {"reference-fact-without-citation": [
        [root.value, "membership"], [bare.value, "membership"]]}
