"""What the server echoes back stays inert: one-line refusals escape control characters the
client sent, and a drawn resource page links only web IRIs (``multivector.endpoint``)."""

from __future__ import annotations

import pyoxigraph as ox

from multivector.endpoint.pages import _cell
from multivector.endpoint.proxy import refusal


def test_a_refusal_escapes_control_characters_and_stays_one_line() -> None:
    answer = refusal(404, "not found: /id/a\x00b\x1bc\u200bd names no IRI\nof the graph")
    assert answer.status_code == 404
    assert answer.body == (b"not found: /id/a\\x00b\\x1bc\\u200bd names no IRI of the graph\n")


def test_only_web_iris_become_links_on_a_drawn_page() -> None:
    assert str(_cell(ox.NamedNode("javascript:alert(1)"))) == (
        "<code>&lt;javascript:alert(1)&gt;</code>")
    assert "href" not in str(_cell(ox.NamedNode("data:text/html,alert(1)")))
    assert str(_cell(ox.NamedNode("https://example.org/x"))) == (
        '<a href="https://example.org/x">&lt;https://example.org/x&gt;</a>')
    assert str(_cell(ox.NamedNode("https://w3id.org/multivector/id/Kazakhstan"))) == (
        '<a href="/id/Kazakhstan">id:Kazakhstan</a>')
