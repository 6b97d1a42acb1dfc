"""The project's IRIs resolve on ``multivector serve`` (``multivector.endpoint.ld_routes``).

One temporary workspace with the shipped sources; a first server starts before any site is built
(its HTML is drawn by the server), a second after ``multivector site`` (its HTML is the site's
pages). Over HTTP on 127.0.0.1: ``/id/Kazakhstan`` answers 303 to its document in each RDF
format, and each document parses with rdflib and holds Kazakhstan's own triples, a statement
about it with its evidence and — in JSON-LD — the named graph of that statement; the ontology and
a vocabulary concept resolve too; unknown IRIs are 404 and unsupported Accept headers 406, in one
line; the query page carries the prefixes and the named queries and loads nothing from another
host; and in chromium it runs CQ1 with no request leaving the machine and result links to local
pages.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from multivector.namespaces import ID, MV, MVV, OA, ORG, PREFIXES
from tests import serving

pytestmark = pytest.mark.slow  # a build of the shipped graph and of the site

KAZAKHSTAN = ID["Kazakhstan"]
FORMATS = {  # media type -> (extension, rdflib parser)
    "text/turtle": ("ttl", "turtle"),
    "application/ld+json": ("jsonld", "json-ld"),
    "application/n-triples": ("nt", "nt"),
    "application/rdf+xml": ("rdf", "xml"),
}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return serving.copy_workspace(tmp_path_factory.mktemp("ld") / "ws")


@pytest.fixture(scope="module")
def bare(home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server started before the site is built: the server draws the HTML itself."""
    serve = serving.start(cwd=home, logs=tmp_path_factory.mktemp("logs"))
    try:
        yield serve.base
    finally:
        assert serving.stop(serve) == 0, serve.stderr()
        assert "Traceback" not in serve.stderr()


@pytest.fixture(scope="module")
def with_site(bare: str, home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server started after ``multivector site`` wrote ``dist/site``."""
    done = subprocess.run([sys.executable, "-m", "multivector", "site"], cwd=home,
                          capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr
    serve = serving.start(cwd=home, logs=tmp_path_factory.mktemp("logs"))
    try:
        yield serve.base
    finally:
        assert serving.stop(serve) == 0, serve.stderr()


def get(url: str, accept: str | None = None) -> httpx.Response:
    headers = {"Accept": accept} if accept else {}
    return httpx.get(url, headers=headers, timeout=120, follow_redirects=False)


def one_line(response: httpx.Response, status: int, fragment: str) -> None:
    assert response.status_code == status, (response.status_code, response.text[:300])
    assert response.text.endswith("\n") and "\n" not in response.text[:-1], response.text[:300]
    assert fragment in response.text


@pytest.mark.parametrize("media_type", list(FORMATS))
def test_kazakhstan_resolves_in_each_format(bare: str, media_type: str) -> None:
    extension, parser = FORMATS[media_type]
    thing = get(f"{bare}/id/Kazakhstan", media_type)
    assert thing.status_code == 303
    assert thing.headers["location"] == f"/id/Kazakhstan.{extension}"
    assert thing.headers["vary"] == "Accept"
    document = get(bare + thing.headers["location"])
    assert document.status_code == 200, document.text[:300]
    assert document.headers["content-type"].split(";")[0] == media_type
    dataset = Dataset()
    dataset.parse(data=document.content, format=parser)
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    # its own triples
    assert (KAZAKHSTAN, RDFS.label, Literal("Kazakhstan", lang="en")) in graph
    assert (KAZAKHSTAN, RDF.type, MV.State) in graph
    # a statement about it, with its evidence: annotation, target, source and quote
    membership = ID["membership/001-Kazakhstan-CSTO"]
    assert (membership, ORG.member, KAZAKHSTAN) in graph
    evidence = ID["evidence/001_7b871defe8eb9c5c/4053-4120"]
    assert (membership, MV.hasEvidence, evidence) in graph
    (target,) = graph.objects(evidence, OA.hasTarget)
    assert (target, OA.hasSource, ID["document/001_7b871defe8eb9c5c"]) in graph
    assert any(graph.objects(None, OA.exact))
    if parser == "json-ld":  # a dataset format: each triple in its named graph
        source = dataset.graph(ID["source/001_7b871defe8eb9c5c"])
        assert (membership, ORG.member, KAZAKHSTAN) in source


def test_the_ontology_and_a_concept_resolve(bare: str) -> None:
    ontology = get(f"{bare}/ontology", "text/turtle")
    assert ontology.status_code == 303 and ontology.headers["location"] == "/ontology.ttl"
    graph = Graph().parse(data=get(bare + "/ontology.ttl").text, format="turtle")
    assert (URIRef("https://w3id.org/multivector/ontology"), RDF.type, OWL.Ontology) in graph
    assert (MV.Membership, RDF.type, OWL.Class) in graph
    assert not any(str(s).startswith(str(ID)) for s in graph.subjects())  # no data
    concept = get(f"{bare}/vocab/Member", "application/n-triples")
    assert concept.status_code == 303 and concept.headers["location"] == "/vocab/Member.nt"
    graph = Graph().parse(data=get(bare + "/vocab/Member.nt").text, format="nt")
    assert (MVV.Member, SKOS.prefLabel, Literal("member", lang="en")) in graph
    # the memberships that use the concept describe other resources
    assert not any(graph.subjects(ORG.role, MVV.Member))


def test_without_a_site_the_server_draws_the_page(bare: str) -> None:
    thing = get(f"{bare}/id/Kazakhstan", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
    assert thing.status_code == 303 and thing.headers["location"] == "/id/Kazakhstan.html"
    page = get(bare + "/id/Kazakhstan.html")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<h1>Kazakhstan</h1>" in page.text
    assert f"<code>{KAZAKHSTAN}</code>" in page.text
    for extension in ("ttl", "jsonld", "nt", "rdf"):
        assert f'href="/id/Kazakhstan.{extension}"' in page.text
    assert 'href="/id/membership/001-Kazakhstan-CSTO"' in page.text  # local links
    assert get(bare + "/", "text/html").text == get(bare + "/sparql", "text/html").text


def test_unknown_iris_and_unsupported_types_are_one_line(bare: str) -> None:
    missing = "not found: the graph says nothing about <https://w3id.org/multivector/id/Atlantis>"
    one_line(get(f"{bare}/id/Atlantis", "text/turtle"), 404, missing)
    one_line(get(f"{bare}/id/Atlantis.ttl"), 404, missing)
    one_line(get(f"{bare}/vocab/NoSuchConcept", "text/html"), 404, "not found")
    refused = get(f"{bare}/id/Kazakhstan", "image/png")
    one_line(refused, 406, "not acceptable: this resource is available as text/html, text/turtle")
    one_line(get(f"{bare}/id/Kazakhstan", "text/turtle;q=0, text/html;q=0"), 406,
             "not acceptable")
    one_line(get(f"{bare}/id/a%20b%3Cc"), 404, "not found: /id/a b<c names no IRI of the graph")
    for document in ("a%20b.ttl", "a%3Eb.nt", "a%22b.html"):  # the IRI is checked per format too
        one_line(get(f"{bare}/id/{document}"), 404, "not found: /id/")
    assert get(f"{bare}/elsewhere").status_code == 404


def test_the_query_page_has_the_prefixes_and_examples_and_nothing_from_outside(
    bare: str,
) -> None:
    page = get(f"{bare}/sparql", "text/html")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    for prefix, namespace in PREFIXES.items():
        assert f"PREFIX {prefix}: &lt;{namespace}&gt;" in html
    assert "CQ1 — Which states are members of both organization A and organization B" in html
    # the named queries with their default parameters bound, as a client sends them
    assert ("VALUES (?a ?b ?date) { (<https://w3id.org/multivector/id/CSTO> "
            "<https://w3id.org/multivector/id/TurkicCouncil>") in html
    # everything the page loads comes from this server (relative URLs), nothing from a CDN
    loaded = re.findall(r"""(?:src|href)=["']([^"']+)""", html)
    assert loaded and all(url.startswith("/") and not url.startswith("//") for url in loaded)
    # the prefix autocompleter reads this server's list; those that ask other hosts are off
    assert '"prefixesUrl": "/sparql/prefixes.json"' in html
    assert "prefixCcApi = window.location.origin + config.prefixesUrl" in html
    assert 'Yasgui.Yasqe.defaults.autocompleters = ["variables", "prefixes"]' in html
    assert get(f"{bare}/sparql/prefixes.json").json() == {
        prefix: str(namespace) for prefix, namespace in PREFIXES.items()
    }
    # the same path is the SPARQL endpoint for a client, as /query still is
    query = "SELECT ?label WHERE { <%s> <%s> ?label FILTER(LANG(?label) = 'en') }" % (
        KAZAKHSTAN, RDFS.label)
    for path in ("/sparql", "/query"):
        answer = httpx.get(bare + path, params={"query": query}, timeout=60,
                           headers={"Accept": "text/csv"})
        assert answer.status_code == 200 and answer.text.splitlines() == ["label", "Kazakhstan"]


def test_with_the_site_html_is_the_site_page(with_site: str, home: Path) -> None:
    site = home / "dist" / "site"
    thing = get(f"{with_site}/id/Kazakhstan", "text/html")
    assert thing.status_code == 303 and thing.headers["location"] == "/id/Kazakhstan.html"
    page = get(with_site + "/id/Kazakhstan.html")
    assert page.status_code == 200
    assert page.content == (site / "id" / "Kazakhstan.html").read_bytes()
    assert get(with_site + "/").content == (site / "index.html").read_bytes()
    ontology = get(f"{with_site}/ontology", "text/html")
    assert ontology.status_code == 303
    assert ontology.headers["location"] == "/ontology/index.html"
    assert get(with_site + "/ontology/index.html").content == (
        site / "ontology" / "index.html").read_bytes()
    concept = get(f"{with_site}/vocab/Member", "text/html")
    assert concept.status_code == 303
    assert concept.headers["location"] == "/vocab/index.html#Member"
    # RDF is still the server's description
    assert get(f"{with_site}/id/Kazakhstan", "text/turtle").headers["location"] == (
        "/id/Kazakhstan.ttl")


def test_the_query_page_in_chromium_runs_cq1_with_local_links(
    bare: str, tmp_path: Path
) -> None:
    from playwright import sync_api

    from tests.test_browser import CHROMIUM, FLAGS

    errors: list[str] = []
    remote: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), headless=True, args=FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: None if r.url.startswith((bare + "/", "data:"))
                    else remote.append(r.url))
            page.goto(f"{bare}/sparql")
            page.wait_for_selector(".CodeMirror")
            text = page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")
            assert text.startswith("# name: CQ1")
            page.click(".yasqe_queryButton")
            page.wait_for_selector(".yasr table a[href='/id/Kazakhstan']", timeout=60_000)
            links = page.eval_on_selector_all(".yasr table a",
                                              "els => els.map(e => e.getAttribute('href'))")
            assert "/id/Kyrgyzstan" in links
            assert not any(link.startswith("https://w3id.org/") for link in links)
            page.screenshot(path=str(tmp_path / "query.png"), full_page=True)
        finally:
            browser.close()
    assert errors == []
    assert remote == []
