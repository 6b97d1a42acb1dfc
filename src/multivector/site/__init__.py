"""The static site: ontology docs (pyLODE), a page per entity, statement and source, pictures.

``collect`` queries the built graph, ``views`` shapes page data, ``pages`` maps nodes to files and
relative links, ``builder`` renders the Jinja2 templates shipped in ``templates/`` and swaps the
finished folder into place.
"""

from __future__ import annotations

from multivector.site.builder import SiteReport, build_site

__all__ = ["SiteReport", "build_site"]
