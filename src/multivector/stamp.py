"""Release metadata stamped into the ontology at build time, as ODK stamps its artefacts.

The Turtle files carry no version: ``owl:versionInfo``, ``owl:versionIRI`` and
``dcterms:modified`` of every ontology the project owns (``mv:`` and the ``mvv:`` vocabularies,
any ``owl:Ontology`` under ``https://w3id.org/multivector/``) are added to the ontology graph when
it is loaded, from the package version (``pyproject.toml``, read through ``importlib.metadata``)
and a reproducible date, so two builds of the same sources give the same bytes:

* ``$SOURCE_DATE_EPOCH`` when set (the reproducible-builds convention), else
* the committer date of the last git commit that touched the workspace's sources, else
* no ``dcterms:modified`` (a workspace outside git, with no ``SOURCE_DATE_EPOCH``).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

OWN_PREFIX = "https://w3id.org/multivector/"
OWL_ONTOLOGY = ox.NamedNode("http://www.w3.org/2002/07/owl#Ontology")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
VERSION_INFO = ox.NamedNode("http://www.w3.org/2002/07/owl#versionInfo")
VERSION_IRI = ox.NamedNode("http://www.w3.org/2002/07/owl#versionIRI")
MODIFIED = ox.NamedNode("http://purl.org/dc/terms/modified")
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
STAMPED = (VERSION_INFO, VERSION_IRI, MODIFIED)
#: The folders whose last commit dates the release (the graph's sources).
SOURCE_FOLDERS = ("ontology", "data", "shapes", "reasoning")


@dataclass(frozen=True)
class Stamp:
    version: str
    modified: str | None  # YYYY-MM-DD

    def key(self) -> str:
        """A line for fingerprints: the stamp changes the built graph."""
        return f"{self.version} {self.modified or '-'}"


def package_version() -> str:
    from multivector import __version__

    return __version__


def release_date(home: Path | None) -> str | None:
    """``$SOURCE_DATE_EPOCH`` as a UTC date, else the last commit date of the sources."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
        except (ValueError, OverflowError, OSError):
            from multivector.errors import InputError

            raise InputError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix time") from None
    if home is None:
        return None
    return _git_date(str(home))


@functools.lru_cache(maxsize=8)
def _git_date(home: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", home, "log", "-1", "--format=%cs", "--", *SOURCE_FOLDERS],
            capture_output=True, text=True, timeout=20, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    text = done.stdout.strip()
    if done.returncode != 0 or len(text) != 10:
        return None
    return text


def stamp_for(home: Path | None) -> Stamp:
    return Stamp(package_version(), release_date(home))


def version_iri(ontology: str, version: str) -> str:
    """``…/ontology`` → ``…/ontology/releases/V``; ``…/vocab/`` → ``…/vocab/releases/V``."""
    return ontology.rstrip("/#") + "/releases/" + version


def own_ontologies(quads: list[ox.Quad]) -> list[ox.NamedNode]:
    """The ``owl:Ontology`` nodes the project owns, in first-seen order."""
    seen: dict[str, ox.NamedNode] = {}
    for q in quads:
        if (q.predicate == RDF_TYPE and q.object == OWL_ONTOLOGY
                and isinstance(q.subject, ox.NamedNode)
                and q.subject.value.startswith(OWN_PREFIX)):
            seen.setdefault(q.subject.value, q.subject)
    return list(seen.values())


def stamp_quads(
    quads: list[ox.Quad], graph: ox.NamedNode, stamp: Stamp
) -> list[ox.Quad]:
    """The stamp triples for every own ontology in ``quads``, in ``graph``."""
    added: list[ox.Quad] = []
    for node in own_ontologies(quads):
        added.append(ox.Quad(node, VERSION_INFO, ox.Literal(stamp.version), graph))
        added.append(ox.Quad(
            node, VERSION_IRI, ox.NamedNode(version_iri(node.value, stamp.version)), graph
        ))
        if stamp.modified:
            added.append(ox.Quad(node, MODIFIED, ox.Literal(stamp.modified, datatype=XSD_DATE),
                                 graph))
    return added


def hand_typed(quads: list[ox.Quad]) -> list[ox.Quad]:
    """Stamped properties written in the sources (they must not be: the build stamps them)."""
    own = {n.value for n in own_ontologies(quads)}
    return [q for q in quads if q.predicate in STAMPED and q.subject.value in own]


__all__ = ["Stamp", "hand_typed", "own_ontologies", "release_date", "stamp_for", "stamp_quads",
           "version_iri"]
