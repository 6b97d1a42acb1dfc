"""The static site: ontology docs (pyLODE), a page per entity, statement and source, pictures.

``collect`` queries the built graph (``queries/internal/site/``), ``views`` shapes page data,
``pages`` maps nodes to files and relative links, ``ontology`` documents the ontology with pyLODE,
``pictures`` has :mod:`multivector.draw` draw timelines and networks, and ``builder`` renders the
Jinja2 templates shipped in ``templates/`` and swaps the finished folder into place.
"""

from __future__ import annotations

from multivector.site.builder import SiteReport, build_site

__all__ = ["SiteReport", "build_site"]
