"""Each project file's parsed quads, kept between builds in ``dist/.parsed/``, keyed by content.

Why this module exists: parsing every file (pyoxigraph, then rdflib's literal checks and its
normal form of literals) and building the rdflib Dataset were a third of an incremental build
that changed one file out of hundreds. A build stores each file's quads as the loader keeps
them (:func:`multivector.loading.parse_file`: literals in rdflib's normal form, already
checked) as N-Quads under a name that hashes the package's code, the file's path and its
bytes; the next build reads unchanged files from there (pyoxigraph's N-Quads parser, several
times faster than the checks) and parses only the others.

Entries are immutable (a file's content names its entry) and written by rename, so a cache shared
by concurrent builds or left by a killed one is never read half-written; a missing or unreadable
entry only means the file is parsed again. They are written after the build published (a failed
build leaves ``dist/`` as it was), and only for files whose bytes did not change while the build
read them. Blank nodes keep the labels of the parse that wrote the entry (random, so two files
never share one, as the loader's fresh labels per file). :func:`save` keeps the entries of the
last build only.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from multivector import paths
from multivector.errors import InputError
from multivector.loading import LoadedGraph, layout, load_files, parse_file

CACHE_DIR = ".parsed"
#: Bump when what an entry holds changes.
FORMAT = "1"


@dataclass
class CachedLoad:
    """A load through the cache: the graph, which files were parsed (not found cached), and
    the digest of every file's bytes as read before its parse (what names its entry)."""

    loaded: LoadedGraph
    parsed: list[Path] = field(default_factory=list)
    digests: dict[Path, str] = field(default_factory=dict)


def _code() -> str:
    from multivector.buildstate import code_digest

    return code_digest()


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def digests(home: Path) -> dict[Path, str]:
    """The digest of every graph file of the project, read now (before a load that will be
    cached: :func:`save` writes an entry only if the file still has these bytes after it)."""
    found = {}
    for path, _graph, _fmt in layout(home):
        digest = _digest(path)
        if digest is not None:
            found[path] = digest
    return found


def entry_name(code: str, home: Path, path: Path, digest: str) -> str:
    rel = path.relative_to(home).as_posix() if path.is_relative_to(home) else str(path)
    return hashlib.sha256(f"{FORMAT}\0{code}\0{rel}\0{digest}".encode()).hexdigest() + ".nq"


def load(home: Path | None = None, out: Path | None = None) -> CachedLoad:
    """Load the project (as :func:`multivector.loading.load`), unchanged files from the cache
    in ``out`` (default ``<home>/dist``). Nothing is written (:func:`save` does, once the build
    has published)."""
    home = home or paths.home()
    folder = (out or paths.dist_dir(home)) / CACHE_DIR
    files = layout(home)
    if not files:
        raise InputError("no graph files found (expected ontology/ and data/)", home)
    code = _code()
    result = CachedLoad(loaded=LoadedGraph())

    def reader(path: Path, graph: URIRef, fmt: str) -> list[ox.Quad]:
        digest = _digest(path)
        if digest is None:
            return parse_file(path, graph, fmt)  # the parser says what is wrong
        result.digests[path] = digest
        try:
            entry = folder / entry_name(code, home, path, digest)
            return list(ox.parse(path=str(entry), format=ox.RdfFormat.N_QUADS))
        except (OSError, SyntaxError, ValueError):
            pass
        result.parsed.append(path)
        return parse_file(path, graph, fmt)

    result.loaded = load_files(files, home, reader=reader)
    return result


def save(loaded: LoadedGraph, out: Path, before: dict[Path, str]) -> None:
    """Write the missing entries of the files of ``loaded`` whose bytes are still those read
    before they were parsed (``before``: :func:`digests` or :attr:`CachedLoad.digests`; a
    file edited meanwhile gets no entry), and remove every other entry (:func:`prune`)."""
    home = loaded.home or paths.home()
    folder = out / CACHE_DIR
    code = _code()
    keep = set()
    for path, start, end in loaded.file_spans:
        digest = before.get(path)
        if digest is None:
            continue
        name = entry_name(code, home, path, digest)
        keep.add(name)
        if not (folder / name).is_file() and _digest(path) == digest:
            _write(folder, name, loaded.quads[start:end])
    prune(out, keep)


def _write(folder: Path, name: str, quads: list[ox.Quad]) -> None:
    """Best effort: a cache that cannot be written only costs the next build a parse."""
    tmp = folder / f".tmp-{os.getpid()}-{name}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ox.serialize(quads, output=str(tmp), format=ox.RdfFormat.N_QUADS)
        os.replace(tmp, folder / name)
    except OSError:
        tmp.unlink(missing_ok=True)


def prune(out: Path, keep: set[str]) -> None:
    """Remove the entries not in ``keep`` (and temporary files of dead writers)."""
    folder = out / CACHE_DIR
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.name in keep:
            continue
        if entry.name.startswith(".tmp-"):
            pid = entry.name.split("-")[1]
            if pid.isdigit() and _alive(int(pid)):
                continue
        entry.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True
    except OSError:
        return False
    return True


__all__ = ["CACHE_DIR", "CachedLoad", "digests", "entry_name", "load", "prune", "save"]
