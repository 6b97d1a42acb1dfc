"""The site in a real browser: Debian's headless chromium driven by Playwright (no download).

Opens the index, Kazakhstan's page and one source page from ``file://``, checks the rendered text
(labels, quotes), searches offline ("Astana" reaches Kazakhstan's page, "ОДКБ" the CSTO, "the
Kremlin" Russia), opens the ontology page and checks its title, checks that the console logged
no error and no request left the file system, and saves screenshots (index, Kazakhstan, a
source, the search, the ontology) in the test's temporary folder — or in the folder named by
``MULTIVECTOR_SCREENSHOTS``, for review.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.test_site import _built

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Debian's chromium and graphviz come with `make test` (scripts/install-debian-deps.sh); a
# missing one fails the test instead of skipping it.
pytestmark = pytest.mark.slow


def test_pages_render_in_chromium(tmp_path: Path, tmp_path_factory, kg) -> None:
    from playwright import sync_api

    from multivector.site.collect import collect

    assert CHROMIUM.exists(), f"{CHROMIUM} not found: run scripts/install-debian-deps.sh"
    store, site = _built(tmp_path_factory, kg.store)
    data = collect(store)
    document, quotes = sorted(data.quotes_by_document.items())[0]
    source_id = str(document).rsplit("/", 1)[1]
    first_quote = quotes[0].exact

    shots = Path(os.environ.get("MULTIVECTOR_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    remote: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"),  # a fresh --user-data-dir
            executable_path=str(CHROMIUM),
            headless=True,
            args=FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            page = browser.new_page()
            page.on(
                "console", lambda m: errors.append(m.text) if m.type == "error" else None
            )
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on(
                "request",
                lambda r: None if r.url.startswith(("file:", "data:")) else remote.append(r.url),
            )

            page.goto((site / "index.html").as_uri())
            body = page.inner_text("body")
            assert "What the graph holds" in body
            assert "state" in body and "membership" in body and "Sources" in body
            page.screenshot(path=str(shots / "index.png"), full_page=True)
            network = next(f for f in page.frames if f.url.endswith(".svg"))  # the <object>
            assert network.locator("a[target=_top]").count() > 10  # nodes link to their pages

            page.fill("header form.search input[name=q]", "Astana")
            page.press("header form.search input[name=q]", "Enter")
            page.wait_for_url("**/search.html?q=Astana")
            page.wait_for_selector("#results li")
            assert "also Astana" in page.inner_text("#results")
            page.screenshot(path=str(shots / "search.png"), full_page=False)
            page.click("#results a:text-is('Kazakhstan')")
            assert page.url.endswith("/id/Kazakhstan.html")
            assert "https://w3id.org/multivector/id/Kazakhstan" in page.inner_text("p.iri")
            for query, expected in (("ОДКБ", "Collective Security Treaty Organization"),
                                    ("the Kremlin", "Russia")):
                page.goto((site / "search.html").as_uri())
                page.fill("#q", query)
                first = page.inner_text("#results li:first-child a")
                assert first == expected, (query, first)

            page.goto((site / "index.html").as_uri())
            page.click("a[href='type/State.html']")
            assert page.url.endswith("/type/State.html")
            page.click("a:text-is('Kazakhstan')")
            assert page.url.endswith("/id/Kazakhstan.html")
            body = page.inner_text("body")
            for expected in ("Kazakhstan", "Казахстан", "Қазақстан", "Wikidata Q232",
                             "Collective Security Treaty Organization", "founding member"):
                assert expected in body, expected
            width = page.evaluate(
                "document.querySelector('figure img') ? "
                "document.querySelector('figure img').naturalWidth : 0"
            )
            assert width > 100  # the timeline picture loaded
            page.screenshot(path=str(shots / "kazakhstan.png"), full_page=False)

            page.goto((site / "id" / "document" / f"{source_id}.html").as_uri())
            body = page.inner_text("body")
            assert first_quote.split()[0] in body
            assert " ".join(first_quote.split()) in " ".join(body.split())
            page.screenshot(path=str(shots / "source.png"), full_page=False)

            page.goto((site / "ontology" / "index.html").as_uri())
            assert page.title() == "multivector ontology"
            assert page.inner_text("h1").strip() == "multivector ontology"
            page.screenshot(path=str(shots / "ontology.png"), full_page=False)
        finally:
            browser.close()
    assert not errors, errors
    assert not remote, remote
    for name in ("index.png", "search.png", "kazakhstan.png", "source.png", "ontology.png"):
        assert (shots / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
