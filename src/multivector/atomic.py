"""Writing outputs so that no reader and no crash ever sees a half-written or mixed result.

Three mechanisms, one per kind of output:

* :func:`write_bytes_atomic` — one file: written to a temporary file beside it (flushed to
  disk), then ``os.replace``\\ d over it. Only a *regular* file (or a new name) is replaced: a
  target that is a character or block device, a FIFO, a socket, or a symbolic link to one
  (``--out /dev/stdout``) is written through, never replaced. A file of a published folder
  (``dist/multivector.ttl``) is written as a new release of it (:func:`publish`), the other
  entries carried over.
* :func:`publish` — a *set* of files and folders that belong together (the build's outputs).
  They are written into a fresh ``<folder>/releases/<id>/`` and made visible by ONE atomic
  switch: the symbolic link ``<folder>/current`` is replaced (by ``rename``) with one pointing at
  the new release. Each top-level entry also gets a stable link ``<folder>/<name>`` →
  ``current/<name>``, so ``dist/multivector.trig`` keeps working. A reader that resolves
  ``current`` once (``os.path.realpath``) reads one release throughout; the previous release is
  kept until the next publish, for readers that resolved it just before a switch. A build killed
  at any moment leaves either the old or the new release published, never a mix; its leftovers
  (``releases/.staging-*``) are removed by the next publish (publishers take turns: ``flock``
  on the folder).
* :func:`replace_dir` — one whole folder (``site --out``): built beside the target, then
  swapped with it in one ``renameat2(RENAME_EXCHANGE)`` (Linux); elsewhere two renames.

Every ``OSError`` while writing (read-only file system, permission denied, disk full) becomes
one :class:`~multivector.errors.OutputError` naming the path; what was published before is left
as it was, and the partial output is removed.

``MULTIVECTOR_CRASH_AT=<point>`` (a test hook) makes the process kill itself with SIGKILL at a
named point of :func:`publish` (``writing``, ``staged``, ``switched``, ``linked``), so the tests
can check that a crash there leaves a consistent folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import io
import os
import re
import shutil
import signal
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TypeVar

from multivector.errors import OutputError

T = TypeVar("T")

CRASH_ENV = "MULTIVECTOR_CRASH_AT"
RELEASES = "releases"
CURRENT = "current"
_RELEASE_ID = re.compile(r"^\d{6,}$")
_TMP_FILE = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.tmp$")
_LEGACY_TMP = re.compile(r"^\.multivector\..+\.[a-z0-9_]{8}\.tmp$")


def crash_point(name: str) -> None:
    """Test hook: die here (SIGKILL, no clean-up) when ``MULTIVECTOR_CRASH_AT`` names this point."""
    if os.environ.get(CRASH_ENV) == name:
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)


@contextlib.contextmanager
def output_errors(path: Path) -> Iterator[None]:
    """Turn an ``OSError`` raised while writing ``path`` into a one-line OutputError."""
    try:
        yield
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", path) from None


def is_special(path: Path) -> bool:
    """True for a device, FIFO or socket, or a symbolic link to one (written through)."""
    try:
        mode = os.stat(path).st_mode  # follows symbolic links
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive ``flock`` on the folder itself (no lock file left behind)."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a directory; the rename is still atomic
    finally:
        os.close(fd)


def _write_file(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Create ``path`` (which must not exist yet) holding ``data``, flushed to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temporaries(folder: Path, legacy: bool = False) -> list[Path]:
    """Delete ``.<name>.<pid>.<random>.tmp`` files left in ``folder`` by killed processes
    (``legacy``: also the ``.<name>.<random>.tmp`` of versions that did not record the pid —
    only safe under the publishing lock)."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TMP_FILE.match(entry.name)
        stale = match is not None and not _pid_alive(int(match["pid"]))
        if stale or (legacy and match is None and _LEGACY_TMP.match(entry.name)):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def is_published(folder: Path) -> bool:
    """True when ``folder`` holds releases published by :func:`publish` (``current`` link)."""
    return (Path(folder) / CURRENT).is_symlink() and (Path(folder) / RELEASES).is_dir()


def _published_folder(path: Path) -> Path | None:
    """The published folder when ``path`` is one of its stable links (``current/<name>``)."""
    try:
        link = os.readlink(path)
    except OSError:
        return None
    if link == f"{CURRENT}/{path.name}" and is_published(path.parent):
        return path.parent
    return None


def write_bytes_atomic(path: Path, data: bytes) -> Path:
    """Write one output file all at once (see the module docstring); returns ``path``."""
    path = Path(path)
    with output_errors(path):
        if is_special(path):
            with open(path, "wb") as handle:  # a pipe, a terminal, /dev/stdout: write through
                handle.write(data)
            return path
        if is_published(path.parent):  # dist/<name>: a new release with this entry replaced
            try:
                publish(path.parent, {path.name: data}, keep_others=True)
            except OutputError as exc:
                raise OutputError(exc.message, path) from None  # name the file asked for
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(path.parent)
        mode = path.stat().st_mode & 0o777 if path.is_file() else 0o644
        fd, tmp = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
        )
        try:
            os.fchmod(fd, mode)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _fsync_dir(path.parent)
    return path


def write_text_atomic(path: Path, text: str) -> Path:
    return write_bytes_atomic(path, text.encode("utf-8"))


def write_stream_atomic(path: Path, write: Callable[[BinaryIO], bytes | None],
                        before_replace: Callable[[], None] | None = None) -> Path:
    """:func:`write_bytes_atomic` for an output too large for memory: ``write`` streams it to a
    temporary file and may return a header to put before it (known only at the end); once it is
    complete, ``before_replace`` runs, then the rename. A failure leaves ``path`` untouched."""
    path = Path(path)
    if is_special(path) or is_published(path.parent):  # collected in memory
        head = write(buffer := io.BytesIO()) or b""
        _ = before_replace() if before_replace is not None else None
        return write_bytes_atomic(path, head + buffer.getvalue())
    with output_errors(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(path.parent)
        mode = path.stat().st_mode & 0o777 if path.is_file() else 0o644
        names: list[str] = []

        def temporary() -> int:
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp",
                                        dir=path.parent)
            names.append(name)
            os.fchmod(fd, mode)
            return fd

        try:
            with os.fdopen(temporary(), "wb") as body:
                head = write(body)
                body.flush()
                if head:  # a second file: the header, then the body copied by the kernel
                    with os.fdopen(temporary(), "wb") as whole:
                        whole.write(head)
                        whole.flush()
                        size, offset = os.fstat(body.fileno()).st_size, 0
                        while offset < size:
                            sent = os.sendfile(whole.fileno(), body.fileno(), offset, size - offset)
                            if not sent:
                                raise OSError(errno.EIO, "short copy", str(path))
                            offset += sent
                        os.fsync(whole.fileno())
                else:
                    os.fsync(body.fileno())
            if before_replace is not None:
                before_replace()
            os.replace(names.pop(), path)
        finally:
            for name in names:
                with contextlib.suppress(OSError):
                    os.unlink(name)
        _fsync_dir(path.parent)
    return path


# ------------------------------------------------------------------------------- publish a set


@dataclass
class Release:
    """A published set of outputs: ``folder/releases/<id>``, reached through ``folder/current``."""

    folder: Path
    path: Path
    names: list[str] = field(default_factory=list)

    @property
    def release_id(self) -> str:
        return self.path.name

    def stable(self, name: str) -> Path:
        """The stable path of one entry (``dist/multivector.trig``)."""
        return self.folder / name

    @property
    def stable_paths(self) -> list[Path]:
        return [self.stable(name) for name in self.names]


Fill = Callable[[Path], object] | Mapping[str, bytes]


def current_release(folder: Path) -> Path | None:
    """The release ``folder/current`` points at, or None when nothing was published yet."""
    link = Path(folder) / CURRENT
    try:
        target = os.readlink(link)
    except OSError:
        return None
    path = (link.parent / target).resolve()
    return path if path.is_dir() else None


def _release_ids(releases: Path) -> list[str]:
    try:
        return sorted(e.name for e in os.scandir(releases) if _RELEASE_ID.match(e.name))
    except FileNotFoundError:
        return []


def _link_tree(source: Path, target: Path) -> None:
    """Carry an entry of the previous release over: hard links, so nothing is copied."""
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, target, symlinks=True, copy_function=os.link)
    else:
        os.link(source, target, follow_symlinks=False)


def _replace_link(path: Path, target: str) -> None:
    """Point the symbolic link ``path`` at ``target``, atomically (a new link renamed over it)."""
    tmp = path.parent / f".{path.name}.{os.getpid()}.link.tmp"
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)
    os.symlink(target, tmp)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _fill(folder: Path, staging: Path, fill: Fill) -> None:
    """Run ``fill`` into ``staging``; a write error names the output's published path."""
    try:
        if isinstance(fill, Mapping):
            for name, data in fill.items():
                _write_file(staging / name, data)
                crash_point("writing")
        else:
            fill(staging)
            crash_point("writing")
    except OSError as exc:
        where = folder
        if exc.filename:
            with contextlib.suppress(ValueError):
                where = folder / Path(os.fsdecode(exc.filename)).relative_to(staging)
        raise OutputError(f"cannot write: {exc.strerror or exc}", where) from None


def _clean(releases: Path, keep: set[str]) -> None:
    """Remove staging folders of dead builds and every release but those in ``keep``."""
    try:
        entries = list(os.scandir(releases))
    except OSError:
        return
    for entry in entries:
        if entry.name in keep:
            continue
        if entry.name.startswith(".staging-") or _RELEASE_ID.match(entry.name):
            shutil.rmtree(entry.path, ignore_errors=True)


def publish(folder: Path, fill: Fill, *, keep_others: bool = False) -> Release:
    """Write a set of outputs into a fresh release of ``folder`` and switch to it at once.

    ``fill`` is either ``{name: bytes}`` or a function that writes any files and folders into
    the (empty) folder it is given. ``keep_others``: entries of the current release that ``fill``
    did not write are carried over (``export`` adding a format to ``dist/``); otherwise the new
    release holds exactly what ``fill`` wrote (``build``), and stable links of entries that are
    gone are removed. Raises OutputError (nothing published) when anything cannot be written.
    """
    folder = Path(folder)
    with output_errors(folder):
        folder.mkdir(parents=True, exist_ok=True)
        releases = folder / RELEASES
        releases.mkdir(exist_ok=True)
        with _locked(folder):  # one publisher at a time
            return _publish_locked(folder, releases, fill, keep_others)


def _publish_locked(folder: Path, releases: Path, fill: Fill, keep_others: bool) -> Release:
    previous = current_release(folder)
    keep = {previous.name} if previous is not None else set()
    _clean(releases, keep)  # leftovers of killed builds; the published release stays
    remove_stale_temporaries(folder, legacy=True)
    ids = _release_ids(releases)
    new_id = f"{int(ids[-1]) + 1 if ids else 1:06d}"
    staging = releases / f".staging-{os.getpid()}"
    staging.mkdir()
    try:
        _fill(folder, staging, fill)
        names = sorted(os.listdir(staging))
        if keep_others and previous is not None:
            for name in sorted(os.listdir(previous)):
                if name not in names:
                    _link_tree(previous / name, staging / name)
        names = sorted(os.listdir(staging))
        for name in names:  # refuse before switching, not half-way through the links
            stable = folder / name
            if name in (RELEASES, CURRENT):
                raise OutputError(f"an output may not be called {name!r}", stable)
            if stable.is_dir() and not stable.is_symlink():
                raise OutputError("exists and is a folder, not an output link; move it away",
                                  stable)
        _fsync_dir(staging)
        final = releases / new_id
        os.rename(staging, final)
        _fsync_dir(releases)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    crash_point("staged")
    try:
        _replace_link(folder / CURRENT, f"{RELEASES}/{new_id}")  # THE switch
    except BaseException:
        shutil.rmtree(final, ignore_errors=True)  # never published
        raise
    _fsync_dir(folder)
    crash_point("switched")
    for name in names:
        stable = folder / name
        if not (stable.is_symlink() and os.readlink(stable) == f"{CURRENT}/{name}"):
            _replace_link(stable, f"{CURRENT}/{name}")
    if previous is not None:
        for name in os.listdir(previous):
            stable = folder / name
            if name not in names and _published_folder(stable) is not None:
                stable.unlink()
    _fsync_dir(folder)
    crash_point("linked")
    _clean(releases, {new_id} | keep)
    return Release(folder=folder, path=final, names=names)


# ------------------------------------------------------------------------- replace one folder

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux ``renameat2(RENAME_EXCHANGE)``; False if the
    system cannot (no such call, or a file system without it). Python has no binding for it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def replace_dir(target: Path, fill: Callable[[Path], T]) -> T:
    """Write a whole folder beside ``target`` with ``fill`` and swap it in at once.

    Raises OutputError (``target`` untouched) when anything cannot be written.
    """
    target = Path(target)
    parent = target.parent
    with output_errors(target):
        if target.exists() and not target.is_dir():
            raise OutputError("exists and is not a folder", target)
        parent.mkdir(parents=True, exist_ok=True)
        with _locked(parent):
            for stale in parent.glob(f".{target.name}.staging-*"):
                shutil.rmtree(stale, ignore_errors=True)  # left by a killed run
            staging = parent / f".{target.name}.staging-{os.getpid()}"
            staging.mkdir(mode=0o755)
            try:
                result = fill(staging)
                if target.exists():
                    if not _exchange(staging, target):
                        old = parent / f".{target.name}.staging-{os.getpid()}-old"
                        os.rename(target, old)  # no atomic swap here: a short window
                        os.rename(staging, target)
                        staging = old
                else:
                    os.rename(staging, target)
                _fsync_dir(parent)
            finally:
                shutil.rmtree(staging, ignore_errors=True)  # the old folder, or the failed one
    return result


__all__ = [
    "CRASH_ENV",
    "CURRENT",
    "RELEASES",
    "Release",
    "current_release",
    "is_published",
    "is_special",
    "output_errors",
    "publish",
    "remove_stale_temporaries",
    "replace_dir",
    "write_bytes_atomic",
    "write_text_atomic",
]
