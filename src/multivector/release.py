"""The release packaged in the wheel: what ``multivector release`` writes, and how it is opened.

Why this module exists: a person with only the wheel must be able to query, export, serve, draw
and script the graph (as py-brickschema ships ``Brick.ttl``). The wheel carries, as package data
under ``multivector/release/`` (read with ``importlib.resources``), a folder laid out like a
workspace — ``ontology/``, ``shapes/``, ``queries/``, ``reasoning/rules/`` copied from the
workspace — plus the built graph (every named graph with inferences, drafts excluded):

* ``graph/store/`` — an Oxigraph store (with the set-union default graph of
  :mod:`multivector.querystore`), opened read-only: the form that loads fastest (about 20 ms of
  CPU against 170 ms for parsing N-Quads, ``docs/benchmarks.md``);
* ``graph/multivector.nq.gz`` — the same quads as canonical, sorted N-Quads (byte-reproducible,
  200 KB): the fallback when the store cannot be opened (another Oxigraph storage version);
* ``release.json`` — version, stamp and fingerprint of the sources, written last (a folder
  without it is not a release).

``make wheel`` runs ``multivector release`` (a full, validated build) into
``src/multivector/release`` and then builds the wheel; ``setup.py`` refuses to build a wheel
without it.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from multivector.errors import InputError
from multivector.workspace import RELEASE_MANIFEST

COPIED = (
    ("ontology", "**/*.ttl"),
    ("shapes", "**/*.ttl"),
    ("queries", "**/*.rq"),
    ("reasoning/rules", "*.rq"),
)
GRAPH_DIR = "graph"
STORE_DIR = "store"
NQUADS_GZ = "multivector.nq.gz"
#: RocksDB's informational log: not needed to open the store, and different on every build.
_UNSHIPPED = ("LOG",)


@dataclass
class ReleaseReport:
    out: Path
    version: str
    quads: int
    files: int


def store_path(release: Path) -> Path:
    return release / GRAPH_DIR / STORE_DIR


def open_store(release: Path) -> ox.Store:
    """The packaged graph: the store read-only, else the N-Quads copy loaded into memory."""
    try:
        return ox.Store.read_only(str(store_path(release)))
    except OSError:
        from multivector.querystore import new_store

        data = gzip.decompress((release / GRAPH_DIR / NQUADS_GZ).read_bytes())
        return new_store(ox.parse(data, format=ox.RdfFormat.N_QUADS))


def exact_quads(release: Path) -> Path:
    """The packaged quads with their terms as written (the store normalizes literals)."""
    return release / GRAPH_DIR / NQUADS_GZ


def manifest(release: Path) -> dict:
    return json.loads((release / RELEASE_MANIFEST).read_text(encoding="utf-8"))


def default_out(home: Path) -> Path:
    """``src/multivector/release`` of a source checkout (where ``make wheel`` expects it)."""
    package = home / "src" / "multivector"
    if not package.is_dir():
        raise InputError("--out: this workspace has no src/multivector; give --out FOLDER", home)
    return package / "release"


def write_release(home: Path, quads: list[ox.Quad], out: Path, *, fingerprint: str,
                  stamp_key: str, nquads: bytes) -> ReleaseReport:
    """Write the release folder at ``out`` (built beside it, then swapped into place)."""
    from multivector import diskstore, stamp

    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        files = 0
        for folder, pattern in COPIED:
            source = home / folder
            for path in sorted(source.glob(pattern)) if source.is_dir() else []:
                if path.is_file():
                    target = tmp / folder / path.relative_to(source)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, target)
                    files += 1
        graph = tmp / GRAPH_DIR
        graph.mkdir()
        # mtime=0: the same quads give the same bytes
        (graph / NQUADS_GZ).write_bytes(gzip.compress(nquads, compresslevel=9, mtime=0))
        diskstore.write(graph / STORE_DIR, quads)
        for name in _UNSHIPPED:
            (graph / STORE_DIR / name).unlink(missing_ok=True)
        version = stamp.package_version()
        named = sum(1 for q in quads if not isinstance(q.graph_name, ox.DefaultGraph))
        (tmp / RELEASE_MANIFEST).write_text(json.dumps({
            "version": version, "stamp": stamp_key, "fingerprint": fingerprint,
            "quads": named,
        }, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        os.chmod(tmp, 0o755)
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            os.rename(out, old)
            os.rename(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return ReleaseReport(out=out, version=version, quads=named, files=files)


__all__ = ["NQUADS_GZ", "ReleaseReport", "default_out", "manifest", "open_store", "store_path",
           "write_release"]
