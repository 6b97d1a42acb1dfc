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
entry only means the file is parsed again. Blank nodes keep the labels of the parse that wrote
the entry (random, so two files never share one, as the loader's fresh labels per file).
:func:`prune` keeps the entries of the last build only.
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
    """A load through the cache: the graph, and which files were parsed (not found cached)."""

    loaded: LoadedGraph
    parsed: list[Path] = field(default_factory=list)
    entries: set[str] = field(default_factory=set)


def _code() -> str:
    from multivector.buildstate import code_digest

    return code_digest()


def entry_name(code: str, home: Path, path: Path, data: bytes) -> str:
    rel = path.relative_to(home).as_posix() if path.is_relative_to(home) else str(path)
    digest = hashlib.sha256(f"{FORMAT}\0{code}\0{rel}\0".encode())
    digest.update(data)
    return digest.hexdigest() + ".nq"


def load(home: Path | None = None, out: Path | None = None, *,
         write: bool = True) -> CachedLoad:
    """Load the project (as :func:`multivector.loading.load`), unchanged files from the cache
    in ``out`` (default ``<home>/dist``); the parsed files' entries are written (``write``)."""
    home = home or paths.home()
    folder = (out or paths.dist_dir(home)) / CACHE_DIR
    files = layout(home)
    if not files:
        raise InputError("no graph files found (expected ontology/ and data/)", home)
    code = _code()
    result = CachedLoad(loaded=LoadedGraph())

    def reader(path: Path, graph: URIRef, fmt: str) -> list[ox.Quad]:
        try:
            data = path.read_bytes()
        except OSError:
            return parse_file(path, graph, fmt)  # the parser says what is wrong
        name = entry_name(code, home, path, data)
        result.entries.add(name)
        try:
            return list(ox.parse(path=str(folder / name), format=ox.RdfFormat.N_QUADS))
        except (OSError, SyntaxError, ValueError):
            pass
        quads = parse_file(path, graph, fmt)
        result.parsed.append(path)
        if write:
            _write(folder, name, quads)
        return quads

    result.loaded = load_files(files, home, reader=reader)
    return result


def save(loaded: LoadedGraph, out: Path) -> set[str]:
    """Write the entry of every file of ``loaded`` (a load that did not go through the cache);
    the names of all its entries."""
    home = loaded.home or paths.home()
    folder = out / CACHE_DIR
    code = _code()
    names = set()
    for path, start, end in loaded.file_spans:
        name = entry_name(code, home, path, path.read_bytes())
        names.add(name)
        if not (folder / name).is_file():
            _write(folder, name, loaded.quads[start:end])
    return names


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


__all__ = ["CACHE_DIR", "CachedLoad", "entry_name", "load", "prune", "save"]
