"""The persistent store: the built graph in an on-disk Oxigraph store, opened read-only.

Why this module exists: parsing every source file and running the rules takes seconds (about
20 s at a million triples) before a query that runs in milliseconds. ``multivector build`` — and
any read-only command that finds the store missing or stale — writes the built graph (every
named graph, ``id:graph/inferred``, drafts excluded, and the set-union default graph of
:mod:`multivector.querystore`) into ``<workspace>/dist/store``; later commands open it
read-only in milliseconds.

Freshness: the store is named by a **fingerprint** of its inputs — the content hashes of the
ontology, data, shapes and rules files, the package version and the stamp
(:mod:`multivector.stamp`). ``dist/store`` is a symbolic link to ``dist/.stores/<fingerprint>``;
a reader compares the link's target with the fingerprint of the files as they are now. Content
hashes are cached by (size, mtime, inode) in ``dist/.stores/hashes.json`` so an unchanged
million-triple workspace is not re-read on every command (entries younger than two seconds are
not trusted, as git treats "racily clean" files).

Readers and writers: any number of processes open a store read-only at once. A rebuild writes a
new folder beside the old ones (``dist/.stores/tmp-…``), renames it to its fingerprint, then
replaces the ``dist/store`` link in one ``rename``: a reader sees the old store or the new one,
never a half-written one. Rebuilds are serialised by a lock file, so two processes that find
the store stale build it once. The previous store is kept (a long-running reader may hold it);
older ones are removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from multivector.namespaces import GRAPH_INFERRED

STORE_LINK = "store"
STORES_DIR = ".stores"
HASH_CACHE = "hashes.json"
LOCK_FILE = ".lock"
#: Bump when what the store holds changes for the same inputs (its layout, the union, …).
FORMAT = "1"
_RACY_SECONDS = 2.0
_DEFAULT = ox.DefaultGraph()
_INFERRED = ox.NamedNode(str(GRAPH_INFERRED))


def input_files(home: Path) -> list[Path]:
    """Every file the built graph depends on, sorted: ontology, data, shapes, rules."""
    groups = (
        (home / "ontology", "**/*.ttl"),
        (home / "data" / "reference", "**/*.ttl"),
        (home / "data" / "sources", "*.trig"),
        (home / "shapes", "**/*"),
        (home / "reasoning" / "rules", "*.rq"),
    )
    files: list[Path] = []
    for folder, pattern in groups:
        if folder.is_dir():
            files.extend(sorted(p for p in folder.glob(pattern) if p.is_file()))
    return files


def _file_hashes(home: Path, files: list[Path], cache_dir: Path) -> dict[str, str]:
    """sha256 of each file, by its path relative to ``home`` (cached by stat, see module doc)."""
    cache_path = cache_dir / HASH_CACHE
    try:
        cache = json.loads(cache_path.read_text(encoding="utf-8"))
        if not isinstance(cache, dict):
            cache = {}
    except (OSError, ValueError):
        cache = {}
    now = time.time()
    hashes: dict[str, str] = {}
    fresh: dict[str, list] = {}
    changed = False
    for path in files:
        rel = path.relative_to(home).as_posix()
        st = path.stat()
        key = [st.st_size, st.st_mtime_ns, st.st_ino]
        entry = cache.get(rel)
        if isinstance(entry, list) and len(entry) == 4 and entry[:3] == key:
            digest = entry[3]
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            changed = True
        hashes[rel] = digest
        if now - st.st_mtime > _RACY_SECONDS:  # a file written just now may change again
            fresh[rel] = [*key, digest]
        else:
            changed = True
    if (changed or set(fresh) != set(cache)) and cache_dir.is_dir():
        from multivector.atomic import write_text_atomic
        from multivector.errors import OutputError

        with contextlib.suppress(OSError, OutputError):  # a cache: a read-only dist/ goes without
            write_text_atomic(cache_path, json.dumps(fresh, sort_keys=True))
    return hashes


def fingerprint(home: Path) -> str:
    """A hex digest naming the graph built from ``home`` as its files are now."""
    from multivector import stamp

    files = input_files(home)
    hashes = _file_hashes(home, files, home / "dist" / STORES_DIR)
    digest = hashlib.sha256()
    digest.update(f"multivector-store {FORMAT}\n{stamp.stamp_for(home).key()}\n".encode())
    for rel, value in hashes.items():
        digest.update(f"{rel}\0{value}\n".encode())
    return digest.hexdigest()[:32]


def link(home: Path) -> Path:
    return home / "dist" / STORE_LINK


def linked_fingerprint(home: Path) -> str | None:
    """The fingerprint ``dist/store`` points at, or None when there is no store."""
    try:
        return Path(os.readlink(link(home))).name
    except OSError:
        return None


def current(home: Path, expected: str | None = None) -> Path | None:
    """The store folder when it matches the sources' fingerprint (``expected``), else None."""
    expected = expected or fingerprint(home)
    target = home / "dist" / STORES_DIR / expected
    if linked_fingerprint(home) == expected and target.is_dir() and exact_quads(target).is_file():
        return target
    return None


def open_read_only(folder: Path) -> ox.Store:
    """Open a store folder read-only (any number of processes may do so at once)."""
    from multivector.errors import ToolError

    try:
        return ox.Store.read_only(str(folder))
    except OSError as exc:
        raise ToolError(f"{folder}: cannot open the store: {exc}") from None


def union_quads(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """Each named-graph triple once, in the default graph (``multivector.querystore``)."""
    seen: set[tuple] = set()
    for q in quads:
        if isinstance(q.graph_name, ox.DefaultGraph):
            continue
        triple = (q.subject, q.predicate, q.object)
        if triple not in seen:
            seen.add(triple)
            yield ox.Quad(q.subject, q.predicate, q.object, _DEFAULT)


def exact_quads(folder: Path) -> Path:
    """The N-Quads file beside a store folder: the same quads with their terms exactly as
    written (a Store keeps literals in canonical form — ``"05"^^xsd:integer`` reads back
    ``"5"``, ``xsd:nonNegativeInteger`` as ``xsd:integer`` — which exports, SHACL and the rdflib
    engine must not see)."""
    return folder.with_name(folder.name + ".nq")


def write(folder: Path, quads: list[ox.Quad]) -> None:
    """A new on-disk store at ``folder`` holding the named-graph ``quads`` and their union."""
    named = [q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)]
    store = ox.Store(str(folder))
    store.bulk_extend(named)
    store.bulk_extend(list(union_quads(named)))
    store.flush()
    store.optimize()
    del store  # closes the database


@contextlib.contextmanager
def _locked(stores: Path) -> Iterator[None]:
    import fcntl

    stores.mkdir(parents=True, exist_ok=True)
    with open(stores / LOCK_FILE, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def publish(home: Path, quads: list[ox.Quad], key: str) -> Path:
    """Write the store for fingerprint ``key`` beside the others and switch ``dist/store``."""
    with _locked(home / "dist" / STORES_DIR):
        return _publish(home, quads, key)


def _publish(home: Path, quads: list[ox.Quad], key: str) -> Path:
    stores = home / "dist" / STORES_DIR
    target = stores / key
    if target.is_dir() and not exact_quads(target).is_file():  # left incomplete: redo it
        shutil.rmtree(target)
    if not target.is_dir():
        tmp = stores / f"tmp-{key}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            exact = exact_quads(tmp)
            ox.serialize(quads, output=str(exact), format=ox.RdfFormat.N_QUADS)
            write(tmp, quads)
            os.replace(exact, exact_quads(target))
            os.rename(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            exact_quads(tmp).unlink(missing_ok=True)
            raise
    previous = linked_fingerprint(home)
    _switch(link(home), Path(STORES_DIR) / key)
    _prune(stores, keep={key, previous})
    return target


def publish_patched(home: Path, quads: list[ox.Quad], key: str, previous: str,
                    graphs: set[ox.NamedNode]) -> Path | None:
    """Publish the store for ``key`` as a patch of the store ``previous``: only the named
    graphs in ``graphs`` and ``id:graph/inferred`` differ between the two, and ``quads`` is
    the whole new graph (:func:`working_copy` with the inferred graph among the changed ones,
    then :func:`publish_working`). None (nothing done) when the previous store is gone."""
    working = working_copy(home, previous, {*graphs, _INFERRED}, quads)
    if working is None:
        return None
    return publish_working(home, working, quads, key)


@dataclass
class Working:
    """A copy of a previous build's store being brought up to date (:func:`working_copy`),
    then published (:func:`publish_working`) or dropped (:meth:`drop`)."""

    store: ox.Store | None
    folder: Path
    #: the lines of the previous store's quads file outside the changed graphs, with the
    #: store's own blank-node labels (the quads file of the published store starts with them)
    kept: list[bytes]
    changed: set[ox.NamedNode]

    def close(self) -> None:
        self.store = None  # the last reference: closes the database

    def drop(self) -> None:
        self.close()
        shutil.rmtree(self.folder, ignore_errors=True)
        exact_quads(self.folder).unlink(missing_ok=True)


def working_copy(home: Path, previous: str, graphs: set[ox.NamedNode],
                 quads: list[ox.Quad]) -> Working | None:
    """A copy of the store ``previous`` (``Store.backup``: a RocksDB checkpoint, hard links to
    its immutable files) in which the named ``graphs`` hold what they hold in ``quads`` (the
    whole new asserted graph): their quads that left are removed — read from the previous
    store's quads file, so with the store's own blank-node labels — and their triples leave the
    union unless another graph still holds them; the new ones are added with their union
    copies. None when the previous store is gone or cannot be copied."""
    stores = home / "dist" / STORES_DIR
    source = stores / previous
    if not (source.is_dir() and exact_quads(source).is_file()):
        return None
    folder = stores / f"tmp-work-{os.getpid()}-{time.monotonic_ns()}"
    # only the changed graphs' lines are parsed (N-Quads lines of the writer: ``s p o <g> .``)
    names = {f"<{graph.value}>".encode() for graph in graphs}
    kept: list[bytes] = []
    changed_lines: list[bytes] = []
    try:
        for line in exact_quads(source).read_bytes().split(b"\n"):
            if line:
                (changed_lines if line.rsplit(b" ", 2)[1] in names else kept).append(line)
        old = set(ox.parse(b"\n".join(changed_lines), format=ox.RdfFormat.N_QUADS))
        ox.Store.read_only(str(source)).backup(str(folder))
    except (OSError, SyntaxError, IndexError):
        shutil.rmtree(folder, ignore_errors=True)
        return None
    store = ox.Store(str(folder))
    new = [q for q in quads if q.graph_name in graphs]
    new_set = set(new)
    removed = old - new_set
    for quad in removed:
        store.remove(quad)
    for quad in removed:
        remove_from_union(store, quad.triple)
    added = [q for q in new if q not in old]
    store.extend(added)
    store.extend(ox.Quad(q.subject, q.predicate, q.object, _DEFAULT) for q in added)
    return Working(store=store, folder=folder, changed=set(graphs), kept=kept)


def remove_from_union(store: ox.Store, triple: ox.Triple) -> None:
    """Take ``triple`` out of the union (the default graph) unless a named graph holds it."""
    if not any(not isinstance(q.graph_name, ox.DefaultGraph) for q in
               store.quads_for_pattern(triple.subject, triple.predicate, triple.object)):
        store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, _DEFAULT))


def publish_working(home: Path, working: Working, quads: list[ox.Quad], key: str) -> Path:
    """Publish a working copy as the store for ``key`` (``quads``: the whole new graph, for the
    quads file beside it); a store already there for ``key`` is kept and the copy dropped."""
    with _locked(home / "dist" / STORES_DIR):
        stores = home / "dist" / STORES_DIR
        target = stores / key
        if target.is_dir() and exact_quads(target).is_file():
            working.drop()
        else:
            if target.is_dir():  # left incomplete
                shutil.rmtree(target)
            try:
                assert working.store is not None
                working.store.flush()
                working.close()
                exact = exact_quads(working.folder)
                fresh = [q for q in quads if q.graph_name in working.changed]
                with open(exact, "wb") as handle:
                    handle.writelines(line + b"\n" for line in working.kept)
                    ox.serialize(fresh, handle, format=ox.RdfFormat.N_QUADS)
                os.replace(exact, exact_quads(target))
                os.rename(working.folder, target)
            except BaseException:
                working.drop()
                raise
        old = linked_fingerprint(home)
        _switch(link(home), Path(STORES_DIR) / key)
        _prune(stores, keep={key, old})
        return target


def _switch(at: Path, target: Path) -> None:
    """Point the symbolic link ``at`` to ``target`` in one rename."""
    tmp = at.with_name(f".{at.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(target, tmp)
    if at.is_dir() and not at.is_symlink():  # a real folder where the link goes: replace it
        shutil.rmtree(at)
    os.replace(tmp, at)


#: Marks a store folder as open by a long-running reader (``serve``): ``.in-use-<pid>-<name>``.
IN_USE_PREFIX = ".in-use-"


@contextlib.contextmanager
def in_use(folder: Path) -> Iterator[None]:
    """Keep ``folder`` (a store under ``dist/.stores``) while this process runs the block:
    later builds publish new stores beside it but do not remove it (``serve`` keeps answering
    from what it opened). A marker that cannot be written only loses that protection."""
    marker = folder.parent / f"{IN_USE_PREFIX}{os.getpid()}-{folder.name}"
    try:
        marker.write_text("", encoding="utf-8")
    except OSError:
        marker = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if marker is not None:
            marker.unlink(missing_ok=True)


def _in_use(stores: Path) -> set[str]:
    """The store names marked in use by live processes; markers of dead ones are removed."""
    names = set()
    for marker in stores.glob(f"{IN_USE_PREFIX}*"):
        pid, _, name = marker.name.removeprefix(IN_USE_PREFIX).partition("-")
        try:
            os.kill(int(pid), 0)
        except PermissionError:
            names.add(name)  # alive, another user's
        except (OSError, ValueError):
            marker.unlink(missing_ok=True)
        else:
            names.add(name)
    return names


def _prune(stores: Path, keep: set[str | None]) -> None:
    keep = keep | _in_use(stores)
    for entry in stores.iterdir():
        if entry.name.startswith(("tmp-", ".")) or entry.name == HASH_CACHE:
            continue
        if entry.name.split(".")[0] in keep:
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def ensure(
    home: Path,
    build: Callable[[], list[ox.Quad]],
    on_rebuild: Callable[[str], None] | None = None,
) -> Path:
    """The current store folder of ``home``, rebuilt first (with ``build()``) when stale."""
    key = fingerprint(home)
    found = current(home, key)
    if found is not None:
        return found
    stores = home / "dist" / STORES_DIR
    with _locked(stores):
        found = current(home, key)  # another process may have built it while we waited
        if found is not None:
            return found
        if on_rebuild is not None:
            state = "stale" if linked_fingerprint(home) else "missing"
            on_rebuild(state)
        return _publish(home, build(), key)


__all__ = ["STORE_LINK", "current", "ensure", "exact_quads", "fingerprint", "in_use", "input_files",
           "linked_fingerprint", "open_read_only", "publish", "publish_patched", "publish_working",
           "remove_from_union", "union_quads", "working_copy", "write", "Working"]
