"""The site's ontology page: pyLODE documents the multivector ontology alone — its title, IRI
and version, every class and property once, alphabetically — the same bytes whatever the hash
seed, and the concept schemes on the vocabulary page instead."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow  # pyLODE on the ontology; two fresh interpreters
MV = "https://w3id.org/multivector/ontology#"


@pytest.fixture(scope="module")
def page(kg) -> str:
    from multivector.site.ontology import ontology_html

    return ontology_html(REPO, kg.store)


def _section(html: str, section: str) -> list[tuple[str, str]]:
    """(anchor, title) of the entries of one pyLODE section, in page order."""
    start = html.index(f'<div class="section" id="{section}">')
    end = html.find('<div class="section"', start + 10)
    body = html[start : end if end > 0 else len(html)]
    return re.findall(r'<div class="property entity" id="([^"]+)">\s*<h3>([^<]+)', body)


def test_title_iri_and_version(page: str) -> None:
    from multivector import __version__

    assert "<title>multivector ontology</title>" in page
    assert re.search(r"<h1>multivector ontology\s*</h1>", page)
    assert "<code>https://w3id.org/multivector/ontology</code>" in page
    assert f"https://w3id.org/multivector/ontology/releases/{__version__}" in page
    assert "curation status scheme" not in page  # concept schemes are on the vocabulary page
    assert "ConceptScheme" not in page


def test_classes_and_properties_once_in_label_order(page: str) -> None:
    classes = _section(page, "classes")
    titles = [t.strip() for _a, t in classes]
    assert titles == sorted(titles, key=str.casefold)
    assert len(titles) == len(set(titles)) > 30
    assert "person" in titles and "membership" in titles and "state" in titles
    seen: list[str] = []
    for section in ("objectproperties", "datatypeproperties", "annotationproperties"):
        entries = [t.strip() for _a, t in _section(page, section)]
        assert entries == sorted(entries, key=str.casefold), section
        seen += entries
    assert "functionalproperties" not in page  # a note on each property instead
    assert len(seen) == len(set(seen))
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_anchors_map_every_documented_term(page: str) -> None:
    from rdflib import URIRef

    from multivector.site.ontology import term_anchors

    anchors = term_anchors(page)
    assert anchors[URIRef(MV + "State")] == "State"
    assert anchors[URIRef(MV + "memberOf")] == "memberof"
    assert all(str(iri).startswith(MV) for iri in anchors)
    assert len(anchors) == page.count("class=\"property entity\"") > 90


def test_functional_properties_carry_a_note() -> None:
    from rdflib import URIRef
    from rdflib.namespace import OWL, RDF, SKOS

    from multivector.site.ontology import FUNCTIONAL_NOTE, ontology_graph

    graph = ontology_graph(REPO)
    assert not list(graph.subjects(RDF.type, OWL.FunctionalProperty))
    assert (URIRef(MV + "dissolutionDate"), SKOS.note, FUNCTIONAL_NOTE) in graph
    assert not list(graph.subjects(RDF.type, SKOS.ConceptScheme))


def test_page_is_byte_stable_across_hash_seeds(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from multivector.site.ontology import ontology_html;"
        "Path(sys.argv[2]).write_text(ontology_html(Path(sys.argv[1])), encoding='utf-8')"
    )
    outputs = []
    for seed in ("1", "2"):
        target = tmp_path / f"seed{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-c", script, str(REPO), str(target)], env=env, check=True
        )
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    assert b"<h1>multivector ontology" in outputs[0]
