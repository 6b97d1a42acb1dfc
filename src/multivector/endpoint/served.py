"""Which on-disk store ``multivector serve``'s engine answers from, and how it was chosen.

Why this module exists: loading N-Quads into a fresh store before every ``serve`` costs seconds
(and, at a million triples, minutes of parsing and rules when ``dist/`` is missing) for a graph
that ``multivector build`` already wrote as a persistent store (``multivector.diskstore``). So:

* **in a workspace** the engine serves ``dist/store`` opened read-only, rebuilt first when its
  fingerprint does not match the sources (one line on stderr, as every read-only command says);
* **outside one** it serves the store packaged in the wheel (``multivector.release``) read-only,
  when the installed Oxigraph can open it;
* **a temporary store** loaded from N-Quads (removed at exit) is used, as before, when the engine
  must write (``--writable``), when the operator names the folder (``--store``), for
  ``--include-drafts`` (the persistent store is draft-free), for a ``--home`` folder that holds
  built outputs but no sources, and when ``dist/`` cannot be written.

A persistent store already holds the set-union default graph (``multivector.querystore``), so the
engine runs without ``--union-default-graph`` over it; a store loaded from N-Quads holds only the
named graphs and keeps that option, as before.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from multivector.workspace import Origin


@dataclass(frozen=True)
class Served:
    """The store folder the engine opens, and whether its default graph must be the union."""

    location: Path
    union_default_graph: bool
    #: one line for stderr: which graph is served, and from where
    description: str


@dataclass(frozen=True)
class ServeRequest:
    """What the operator asked for that decides the store (the ``serve`` options)."""

    store: Path | None = None
    writable: bool = False
    include_drafts: bool = False
    rebuild: bool = False


Say = Callable[[str], None]


@contextlib.contextmanager
def served_store(origin: Origin, request: ServeRequest, say: Say) -> Iterator[Served]:
    """The store to serve for ``origin``; a temporary one is removed when the block ends."""
    if request.store is None and not request.writable:
        persistent = _persistent(origin, request, say)
        if persistent is not None:
            if origin.is_release:  # inside the installed package: nothing prunes it
                yield persistent
                return
            from multivector import diskstore

            with diskstore.in_use(persistent.location):  # later builds keep it while served
                yield persistent
            return
    with contextlib.ExitStack() as stack:
        staging = Path(stack.enter_context(
            tempfile.TemporaryDirectory(prefix="multivector-release-")))
        nquads, what = _nquads_to_serve(origin, staging, request, say)
        if request.store is None:
            location = Path(stack.enter_context(
                tempfile.TemporaryDirectory(prefix="multivector-store-"))) / "store"
            where = "a temporary store (removed at exit)"
        else:
            location = request.store
            where = f"the store {location}"
        from multivector import server

        server.prepare_store(location)
        server.load_store(location, nquads)
        yield Served(location, True, f"multivector serve: serving {what} loaded into {where}")


def _persistent(origin: Origin, request: ServeRequest, say: Say) -> Served | None:
    """The persistent store of the workspace or the packaged release, or None when the
    temporary path applies (drafts asked for, no sources, a store that cannot be used)."""
    if origin.is_release:
        from multivector import release

        if request.rebuild:
            _refuse_release_rebuild()
        folder = release.store_path(origin.path)
        if request.include_drafts or not _opens(folder):
            return None  # drafts are never shipped: the N-Quads copy, as before
        return Served(folder, False, f"multivector serve: serving the packaged release's store "
                                     f"{folder} (read-only)")
    from multivector import diskstore

    root = origin.path
    if request.include_drafts or not diskstore.input_files(root):
        return None
    if request.rebuild:
        _build(root, include_drafts=False, say=say)
    from multivector.api import built_graph

    try:
        folder = diskstore.ensure(
            root, lambda: built_graph(root).quads,
            on_rebuild=lambda state: say(
                f"multivector: the store {diskstore.link(root)} is {state}; rebuilding it"),
        )
    except OSError as exc:  # dist/ not writable (a read-only checkout): the temporary path
        say(f"multivector: cannot write the store {diskstore.link(root)} "
            f"({exc.strerror or exc}); serving a temporary copy")
        return None
    return Served(folder, False, f"multivector serve: serving the store {diskstore.link(root)} "
                                 f"-> {folder.name} (read-only)")


def _opens(folder: Path) -> bool:
    """Whether the installed Oxigraph can open the store (another storage version cannot)."""
    import pyoxigraph as ox

    if not folder.is_dir():
        return False
    try:
        store = ox.Store.read_only(str(folder))
    except OSError:
        return False
    del store
    return True


def _refuse_release_rebuild() -> None:
    from multivector.errors import InputError

    raise InputError("--rebuild: the packaged release cannot be rebuilt; run inside a workspace")


def _build(root: Path, *, include_drafts: bool, say: Say) -> None:
    from multivector.build import BuildOptions, build
    from multivector.errors import InputError

    say(f"multivector serve: building {root / 'dist'} …")
    result = build(root, BuildOptions(include_drafts=include_drafts))
    if not result.conforms:
        raise InputError("the graph does not validate; see multivector validate")


def _nquads_to_serve(
    origin: Origin, staging: Path, request: ServeRequest, say: Say
) -> tuple[Path, str]:
    """The N-Quads file a temporary store is loaded from, and what it holds (for stderr): the
    packaged release exported into ``staging``, or the workspace's ``dist/`` file (built first
    when missing or when ``--rebuild`` asks)."""
    if origin.is_release:  # the packaged graph (drafts never shipped), as N-Quads
        from multivector.api import KnowledgeGraph
        from multivector.export import export_file

        if request.rebuild:
            _refuse_release_rebuild()
        nquads = export_file(None, staging / "multivector.nq", "nq",
                             quads=KnowledgeGraph.load(origin).quads())
        return nquads, "the packaged release (without drafts: none are shipped)"
    from multivector.drafts import output_name

    # dist/multivector.nq is the draft-free graph; with drafts: multivector-with-drafts.nq
    nquads = origin.path / "dist" / output_name("multivector.nq", request.include_drafts)
    if request.rebuild or not nquads.is_file():
        _build(origin.path, include_drafts=request.include_drafts, say=say)
    return nquads, str(nquads)


__all__ = ["ServeRequest", "Served", "served_store"]
