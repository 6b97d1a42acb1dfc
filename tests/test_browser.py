"""The site in a real browser: Debian's headless chromium driven by Playwright (no download).

Opens the index, Kazakhstan's page and one source page from ``file://``, checks the rendered text
(labels, quotes), that the console logged no error and no request left the file system, and saves
screenshots in the test's temporary folder.
"""

from __future__ import annotations

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
            page.screenshot(path=str(tmp_path / "index.png"), full_page=True)

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
            page.screenshot(path=str(tmp_path / "kazakhstan.png"), full_page=False)

            page.goto((site / "id" / "document" / f"{source_id}.html").as_uri())
            body = page.inner_text("body")
            assert first_quote.split()[0] in body
            assert " ".join(first_quote.split()) in " ".join(body.split())
            page.screenshot(path=str(tmp_path / "source.png"), full_page=False)
        finally:
            browser.close()
    assert not errors, errors
    assert not remote, remote
    for name in ("index.png", "kazakhstan.png", "source.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
