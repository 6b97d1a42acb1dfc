"""The static site: every internal link resolves, every entity with data has a page, the pages
say what the graph holds, and the build swaps folders atomically."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.slow  # builds the whole site once

REPO = Path(__file__).resolve().parents[1]

def _built(tmp_path_factory: pytest.TempPathFactory, store):
    """(store, site folder), built once per test session from the session's built graph (``kg``
    in tests/conftest.py) and shared by the site and browser tests. Needs graphviz, which
    ``make test`` installs (scripts/install-debian-deps.sh): without it the build fails."""
    from multivector.site import build_site

    cache = _built.__dict__.setdefault("cache", {})
    if "site" not in cache:
        out = tmp_path_factory.mktemp("site") / "site"
        build_site(REPO, out, store=store)
        cache["site"] = (store, out)
    return cache["site"]


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, kg):
    return _built(tmp_path_factory, kg.store)


@pytest.fixture(scope="session")
def site(built) -> Path:
    return built[1]


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.scripts: list[str] = []
        self.stylesheets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if values.get(name):
                self.ids.add(values[name])  # type: ignore[arg-type]
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(values[name])  # type: ignore[arg-type]
        if tag == "script" and values.get("src"):
            self.scripts.append(values["src"])  # type: ignore[arg-type]
        if tag == "link" and values.get("rel") == "stylesheet":
            self.stylesheets.append(values.get("href") or "")


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_every_internal_link_resolves(site: Path) -> None:
    pages = {p.relative_to(site).as_posix(): parse(p) for p in sorted(site.rglob("*.html"))}
    assert len(pages) > 100
    broken: list[str] = []
    checked = 0
    for name, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "data", "mailto") or parts.netloc:
                continue
            target = name
            if parts.path:
                target = posixpath.normpath(
                    posixpath.join(posixpath.dirname(name), unquote(parts.path))
                )
                if not (site / target).is_file():
                    broken.append(f"{name}: {link} (no file {target})")
                    continue
            if parts.fragment and target.endswith(".html"):
                ids = pages[target].ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{name}: {link} (no #{parts.fragment} in {target})")
                    continue
            checked += 1
    assert not broken, f"{len(broken)} broken links, e.g. " + "; ".join(broken[:8])
    assert checked > 5000


def test_no_network_assets(site: Path) -> None:
    for path in sorted(site.rglob("*.html")):
        page = parse(path)
        for src in page.scripts + page.stylesheets:
            assert not urlsplit(src).scheme, f"{path}: remote asset {src}"
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert 'src="http' not in text, path
    assert (site / "style.css").is_file()


def test_every_entity_with_data_has_a_page(built) -> None:
    from rdflib import URIRef

    from multivector import querystore
    from multivector.site.pages import node_path

    store, site = built
    result = querystore.query(
        store,
        """PREFIX mv: <https://w3id.org/multivector/ontology#>
           PREFIX id: <https://w3id.org/multivector/id/>
           SELECT DISTINCT ?x WHERE {
             { ?st a mv:SourcedStatement . BIND(?st AS ?x) }
             UNION
             { ?st a mv:SourcedStatement ; ?p ?x . ?x a ?t .
               FILTER(?p != mv:hasEvidence && isIRI(?x)) }
             FILTER(STRSTARTS(STR(?x), STR(id:))) }""",
    )
    nodes = [URIRef(solution["x"].value) for solution in result]
    assert len(nodes) > 500
    missing = [str(x) for x in nodes if not (site / node_path(x)).is_file()]
    assert not missing, missing[:10]


def test_index_counts_sources_and_types(site: Path) -> None:
    text = (site / "index.html").read_text(encoding="utf-8")
    assert "What the graph holds" in text
    assert 'href="type/State.html"' in text
    for source in sorted((REPO / "data" / "sources").glob("*.trig")):
        assert f"id/document/{source.stem}.html" in text
    state_list = (site / "type" / "State.html").read_text(encoding="utf-8")
    assert 'href="../id/Kazakhstan.html"' in state_list


def test_kazakhstan_page(site: Path) -> None:
    text = (site / "id" / "Kazakhstan.html").read_text(encoding="utf-8")
    assert "<h1>Kazakhstan</h1>" in text
    assert "Казахстан" in text and "Қазақстан" in text  # labels in every language
    assert "http://www.wikidata.org/entity/Q232" in text
    assert "<code>KZ</code>" in text and "<code>KAZ</code>" in text
    assert "img/timeline/Kazakhstan.svg" in text
    assert "Collective Security Treaty Organization" in text and "founding member" in text
    assert "What the graph says about Kazakhstan" in text
    assert '<blockquote class="quote"><a href="document/' in text  # quotes link to sources


def test_source_page_lists_quotes_in_text_order(built) -> None:
    from multivector.site.collect import collect

    store, site = built
    data = collect(store)
    for document, quotes in sorted(data.quotes_by_document.items()):
        source_id = str(document).rsplit("/", 1)[1]
        path = site / "id" / "document" / f"{source_id}.html"
        page = parse(path)
        text = path.read_text(encoding="utf-8")
        anchors = [q.anchor for q in quotes]
        assert set(anchors) <= page.ids
        positions = [text.index(f'id="{a}"') for a in anchors]
        assert positions == sorted(positions)
        starts = [q.start for q in quotes]
        assert starts == sorted(starts)


def test_statement_page_links_evidence(site: Path) -> None:
    path = site / "id" / "stance"
    pages = sorted(path.glob("*.html"))
    assert pages
    text = pages[0].read_text(encoding="utf-8")
    assert "Evidence" in text and "#q-" in text


def test_build_is_atomic_and_replaces_old_site(tmp_path: Path, built, monkeypatch) -> None:
    from multivector.errors import ToolError
    from multivector.site import builder

    store, _site = built
    out = tmp_path / "site"
    out.mkdir()
    (out / "stale.html").write_text("old", encoding="utf-8")

    def boom(*args, **kwargs):
        raise ToolError("pyLODE could not document the ontology: boom")

    monkeypatch.setattr(builder, "ontology_html", boom)
    with pytest.raises(ToolError):
        builder.build_site(REPO, out, store=store)
    assert (out / "stale.html").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no temp folder left


def test_out_must_be_a_folder(tmp_path: Path) -> None:
    from multivector.errors import InputError
    from multivector.site import build_site

    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="not a directory"):
        build_site(REPO, target, store=object())  # type: ignore[arg-type]


def test_site_command_bad_home_is_one_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from multivector.cli import app

    result = CliRunner().invoke(app, ["site", "--home", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "--home: not a directory" in result.output
    assert "Traceback" not in result.output


def test_provenance_reads_as_titles(site: Path) -> None:
    pages = site.rglob("*.html")
    hits = [p.name for p in pages if "unnamed author of source" in p.read_text("utf-8")]
    assert hits == []
    author = (site / "id" / "UnnamedAuthor000_aac4614664d625b9.html").read_text(encoding="utf-8")
    assert "<h1>the author of «It is not our war." in author
    text = (site / "id" / "Kazakhstan.html").read_text(encoding="utf-8")
    assert ">CSTO Rift Grows Between Moscow And Astana</a>»" in text
    assert '<span class="byline">Samuel Ramani, 6 August 2017</span>' in text
    source = (site / "id" / "document" / "001_7b871defe8eb9c5c.html").read_text(encoding="utf-8")
    assert '<p class="lead">Samuel Ramani, 6 August 2017</p>' in source
    for page in (text, source):
        assert "““" not in page and "“&#34;" not in page and "””" not in page
    assert '<th>metonym <span class="lang">en</span></th><td lang="en">Astana</td>' in text


def test_entity_pages_scan(site: Path) -> None:
    import re

    text = (site / "id" / "Kazakhstan.html").read_text(encoding="utf-8")
    assert '<nav class="toc"' in text and 'href="#memberships">Memberships (' in text
    start = text.index('id="memberships"')
    table = text[start : text.index("</table>", start)]
    assert "<th>from</th><th>until (exclusive)</th><th>as of</th>" in table
    rows = re.findall(r"<tr id=.*?</tr>", table)
    keyed = [tuple(re.sub("<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r)[:4])
             for r in rows]
    assert len(keyed) == len(set(keyed))  # one row per distinct membership
    csto = [r for r in rows if ">Collective Security Treaty Organization<" in r and ">member<" in r]
    assert len(csto) == 1 and "June 2017" in csto[0] and "May 2024" in csto[0]
    assert "7 October 2002" in table  # a day-precision date
    stance = (site / "id" / "stance" / "000-Ashimbayev-ConditionalSyriaDeployment.html")
    assert "<td>June 2017</td>" in stance.read_text(encoding="utf-8")  # month precision
    organization = (site / "id" / "CSTO.html").read_text(encoding="utf-8")
    assert "img/timeline/CSTO.svg" in organization
    assert (site / "img" / "timeline" / "CSTO.svg").read_bytes().startswith(b"<?xml")


def test_search_index_finds_entities_by_any_name(site: Path) -> None:
    import json

    text = (site / "search-index.js").read_text(encoding="utf-8")
    prefix = "window.MV_SEARCH = "
    body = text[text.index(prefix) + len(prefix) :].rstrip().rstrip(";")
    entries = {e["u"]: e for e in json.loads(body)}
    kazakhstan = entries["id/Kazakhstan.html"]
    assert kazakhstan["t"] == "Kazakhstan" and kazakhstan["g"] == 0
    assert {"Astana", "Казахстан", "KZ", "KAZ"} <= set(kazakhstan["n"])
    assert "ОДКБ" in entries["id/CSTO.html"]["n"]
    assert "the Kremlin" in entries["id/Russia.html"]["n"]
    source = entries["id/document/001_7b871defe8eb9c5c.html"]
    assert source["t"] == "CSTO Rift Grows Between Moscow And Astana" and source["g"] == 1
    assert "Samuel Ramani" in source["x"]
    assert any(e["g"] == 2 and e["x"] for e in entries.values())  # statements with quotes
    assert set(entries) == {
        p.relative_to(site).as_posix() for p in (site / "id").rglob("*.html")
    }
    search = (site / "search.html").read_text(encoding="utf-8")
    assert '<script src="search-index.js"></script>' in search and (site / "search.js").is_file()


def test_every_page_links_its_rdf(site: Path) -> None:
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDFS

    page = (site / "id" / "Kazakhstan.html").read_text(encoding="utf-8")
    assert "<code>https://w3id.org/multivector/id/Kazakhstan</code>" in page
    assert 'href="Kazakhstan.ttl"' in page and 'href="Kazakhstan.jsonld"' in page
    kz = URIRef("https://w3id.org/multivector/id/Kazakhstan")
    for name, fmt in (("Kazakhstan.ttl", "turtle"), ("Kazakhstan.jsonld", "json-ld")):
        graph = Graph().parse(site / "id" / name, format=fmt)
        assert (kz, RDFS.label, Literal("Қазақстан", lang="kk")) in graph, name
        assert set(graph.subjects()) == {kz}
    pages = sorted((site / "id").rglob("*.html"))
    missing = [p.name for p in pages if not p.with_suffix(".ttl").is_file()]
    assert missing == [] and len(pages) > 500
