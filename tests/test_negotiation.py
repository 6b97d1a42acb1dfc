"""Content negotiation of the linked-data routes (``multivector.endpoint.negotiation``): the
highest q wins, a named type beats a wildcard, q=0 refuses, nothing acceptable is None (406)."""

from __future__ import annotations

import pytest

from multivector.endpoint.negotiation import BY_EXTENSION, choose


@pytest.mark.parametrize(("accept", "extension"), [
    (None, "html"),
    ("", "html"),
    ("*/*", "html"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),
    ("text/turtle", "ttl"),
    ("application/ld+json", "jsonld"),
    ("application/n-triples", "nt"),
    ("application/rdf+xml", "rdf"),
    ("application/trig", "trig"),
    ("application/n-quads", "nq"),
    ("text/html;q=0.5, text/turtle", "ttl"),
    ("application/rdf+xml;q=0.9, text/turtle;q=0.95, */*;q=0.1", "ttl"),
    ("application/*", "jsonld"),  # a wildcard: our order among its types
    ("text/*;q=0.5, application/n-triples", "nt"),
    ("TEXT/TURTLE", "ttl"),
    ("*/*;q=0.1, text/html;q=0", "ttl"),  # HTML refused explicitly: the next one
])
def test_the_preferred_representation(accept: str | None, extension: str) -> None:
    assert choose(accept) is BY_EXTENSION[extension]


@pytest.mark.parametrize("accept", [
    "image/png", "text/turtle;q=0", "application/json", "text/plain, image/*", "nonsense",
    "text/turtle;q=abc",
])
def test_nothing_acceptable_is_none(accept: str) -> None:
    assert choose(accept) is None
