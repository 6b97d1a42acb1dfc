"""Hostile inputs, parameters, crashes and write failures: one line, the right exit code, no
traceback, and published outputs left entirely old or entirely new.

Table-driven: each case prepares a throw-away copy of the miniature project whose ``dist/`` holds
one published build, runs the real command line in a subprocess, and checks the exit code, that
stderr is exactly one line holding the expected words, that no traceback was printed, and that
``dist/`` still shows the outputs it showed before (or, for a case that succeeds, new ones).
Write failures use real file systems: a tmpfs of a few hundred KB for a full disk, a read-only
bind mount, and ``chattr +i`` (we run as root, and root ignores mode bits).
"""

from __future__ import annotations

import contextlib
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import MINI_HOME, REPO, published_outputs

pytestmark = pytest.mark.slow  # each case runs the CLI as a process on a copy of the project

PREFIX = "@prefix ex: <http://example.org/> .\n"
TIMEOUT = 120  # seconds; every case must end far sooner (no hang)


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = TIMEOUT,
        stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    full_env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    full_env.pop("MULTIVECTOR_CRASH_AT", None)
    full_env.pop("MULTIVECTOR_DEBUG", None)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "multivector", *args], capture_output=True, env=full_env,
        timeout=timeout, input=stdin,
    )


@pytest.fixture(scope="module")
def built_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The miniature project with shapes and rules, built once: ``dist/`` holds release 1."""
    home = tmp_path_factory.mktemp("hostile") / "home"
    shutil.copytree(MINI_HOME, home)
    shutil.copytree(REPO / "reasoning", home / "reasoning")
    if not (home / "shapes").exists():
        shutil.copytree(REPO / "shapes", home / "shapes")
    done = cli("build", "--skip-validation", "--home", str(home))
    assert done.returncode == 0, done.stderr.decode()
    return home


@pytest.fixture
def home(built_home: Path, tmp_path: Path) -> Iterator[Path]:
    copy = tmp_path / "home"
    shutil.copytree(built_home, copy, symlinks=True)
    (tmp_path / "corpus").mkdir()
    yield copy
    while MOUNTS:  # mounts made by the case, last first
        subprocess.run(["umount", "-l", str(MOUNTS.pop())], capture_output=True)
    subprocess.run(["chattr", "-R", "-i", str(tmp_path)], capture_output=True)


def one_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace")
    assert "Traceback" not in text, text
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    return lines[0]


# ----------------------------------------------------------------------------- helpers for setup


def write(home: Path, relative: str, data: str | bytes) -> Path:
    path = home / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def nested(n: int, open_: str, close: str, inner: str = "ex:p ") -> str:
    return PREFIX + "ex:a ex:p " + (open_ + inner) * n + "ex:b" + (" " + close) * n + " .\n"


def mount_tmpfs(home: Path, kilobytes: int) -> Path:
    point = home.parent / "mnt" / f"tmpfs{kilobytes}"
    point.mkdir(parents=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k", "tmpfs", str(point)],
                   check=True)
    MOUNTS.append(point)
    return point


MOUNTS: list[Path] = []


def mount_read_only(folder: Path) -> Path:
    """Make ``folder`` read-only in place (a read-only bind mount of itself)."""
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
    MOUNTS.append(folder)
    subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
    return folder


def fill_up(folder: Path, leave: int = 2048) -> None:
    """Fill the file system of ``folder`` until about ``leave`` bytes are free."""
    stats = os.statvfs(folder)
    free = stats.f_bavail * stats.f_frsize
    with contextlib.suppress(OSError):
        (folder / "filler").write_bytes(b"\0" * max(free - leave, 0))


class HalfAnswer(http.server.BaseHTTPRequestHandler):
    """Announces 10,000 bytes, sends 100, and hangs up."""

    def do_GET(self) -> None:
        self._half()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._half()

    def _half(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", "10000")
        self.end_headers()
        self.wfile.write(b'{"head": {"vars": ["s"]}, "results": {"bindings": [' + b" " * 48)
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def half_answer_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), HalfAnswer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/query"
    finally:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------------- the table


@dataclass
class Case:
    name: str
    #: prepares the project copy and returns the command's arguments (``{home}`` replaced)
    setup: Callable[[Path], list[str]]
    code: int = 2
    #: words the one stderr line must hold
    expect: tuple[str, ...] = ()
    #: False: the command succeeds and publishes new outputs (checked instead of "intact")
    intact: bool = True
    env: Callable[[Path], dict[str, str]] | None = None


def data_case(name: str, relative: str, data: str | bytes, *expect: str,
              command: str = "build") -> Case:
    def setup(home: Path) -> list[str]:
        write(home, relative, data)
        if command == "build":
            return ["build", "--skip-validation", "--home", str(home)]
        return [command, str(home / relative)]
    return Case(name, setup, 2, expect)


def link_case(name: str, make: Callable[[Path], None], *expect: str) -> Case:
    def setup(home: Path) -> list[str]:
        make(home / "data" / "reference")
        return ["build", "--skip-validation", "--home", str(home)]
    return Case(name, setup, 2, expect)


def _loop(folder: Path) -> None:
    (folder / "loop-a.ttl").symlink_to("loop-b.ttl")
    (folder / "loop-b.ttl").symlink_to("loop-a.ttl")


def _chattr(home: Path, *args: str) -> list[str]:
    subprocess.run(["chattr", "+i", str(home / "dist")], check=True)
    return [*args, "--home", str(home)]


def _ro_dist(home: Path, *args: str) -> list[str]:
    ro = mount_read_only(home / "dist")
    return [a.replace("{ro}", str(ro)) for a in args] + ["--home", str(home)]


def _full_build(home: Path) -> list[str]:
    point = mount_tmpfs(home, 400)
    out = point / "dist"
    first = cli("build", "--skip-validation", "--home", str(home), "--out", str(out))
    assert first.returncode == 0, first.stderr
    shutil.rmtree(home / "dist")
    (home / "dist").symlink_to(out)  # the checked outputs are those on the small disk
    write(home, "data/reference/more.ttl", PREFIX + "ex:x ex:p ex:y .\n")
    fill_up(point)
    return ["build", "--skip-validation", "--home", str(home), "--out", str(out)]


def _full_export(home: Path) -> list[str]:
    point = mount_tmpfs(home, 300)
    # the persistent store (dist/.stores) would not fit: it stays on the big disk, linked
    shutil.copytree(home / "dist", point / "dist", symlinks=True,
                    ignore=shutil.ignore_patterns(".stores"))
    if (home / "dist" / ".stores").is_dir():
        shutil.move(home / "dist" / ".stores", home / ".stores-kept")
        (point / "dist" / ".stores").symlink_to(home / ".stores-kept")
    shutil.rmtree(home / "dist")
    (home / "dist").symlink_to(point / "dist")
    fill_up(point)
    return ["export", "--home", str(home), "--out", str(point / "dist")]


def _source_add_ro(home: Path) -> list[str]:
    text = write(home.parent, "article.txt", "Kazakhstan and Russia signed a treaty.\n")
    mount_read_only(home / "data" / "sources")
    return ["source", "add", str(text), "--id", "005_0123456789abcdef", "--home", str(home),
            "--corpus", str(home.parent / "corpus")]


def _bom(home: Path) -> list[str]:
    write(home, "data/reference/bom.ttl", "\ufeff" + PREFIX + "ex:a ex:p ex:b .\n")
    return ["build", "--skip-validation", "--home", str(home)]


def _endpoint_closed(home: Path) -> list[str]:
    return ["query", "--home", str(home), "--endpoint", f"http://127.0.0.1:{closed_port()}/q",
            "members-on-date"]


def _internal_error_env(_home: Path) -> dict[str, str]:
    # a module that breaks the build command with an unexpected exception (a stand-in bug)
    bug = REPO / "tests" / "fixtures" / "hostile_bug"
    return {"PYTHONPATH": f"{bug}{os.pathsep}{REPO / 'src'}"}


CASES: list[Case] = [
    # --- hostile data files: refused in one line naming the file, before anything recurses
    data_case("bnodes-10000-deep", "data/reference/deep.ttl", nested(10000, "[ ", "]"),
              "deep.ttl", "nested more than 100 deep"),
    data_case("bnodes-1000-deep", "data/reference/deep.ttl", nested(1000, "[ ", "]"),
              "deep.ttl", "nested more than 100 deep"),
    data_case("collections-10000-deep", "data/reference/deep.ttl",
              nested(10000, "( ", ")", inner=""), "deep.ttl", "nested more than 100 deep"),
    data_case("collections-1000-deep", "data/reference/deep.ttl",
              nested(1000, "( ", ")", inner=""), "nested more than 100 deep"),
    data_case("long-list-of-one-item", "data/reference/list.ttl",
              PREFIX + "ex:a ex:p (" + " ex:b" * 300 + " ) .\n", "list.ttl", "deep"),
    data_case("bnode-cycle-1000", "data/reference/cycle.ttl",
              PREFIX + "".join(f"_:b{i} ex:p _:b{(i + 1) % 1000} .\n" for i in range(1000)),
              "cycle.ttl", "cycle"),
    data_case("bnode-cycle-2", "data/reference/cycle.ttl",
              PREFIX + "_:a ex:p _:b . _:b ex:p _:a .\n", "cycle.ttl", "cycle"),
    data_case("deep-bnodes-in-a-source-trig", "data/sources/001_x.trig",
              PREFIX + "<https://w3id.org/multivector/id/source/001_x> { "
              + nested(5000, "[ ", "]")[len(PREFIX):] + " }\n", "001_x.trig", "deep"),
    data_case("deep-bnodes-validate-path", "data/reference/deep.ttl", nested(10000, "[ ", "]"),
              "deep.ttl", "deep", command="validate"),
    data_case("deep-bnodes-fmt-check", "data/reference/deep.ttl", nested(10000, "[ ", "]"),
              "deep.ttl", "deep", command="fmt"),
    data_case("relative-iri-subject", "data/reference/rel.ttl", PREFIX + "<foo> ex:p ex:b .\n",
              "rel.ttl:2:", "relative IRI <foo>"),
    data_case("relative-iri-object", "data/reference/rel.ttl",
              PREFIX + "ex:a ex:p <../etc/passwd> .\n", "rel.ttl:2:", "relative IRI"),
    data_case("relative-iri-in-trig", "data/sources/001_x.trig",
              PREFIX + "<https://w3id.org/multivector/id/source/001_x> { <x> ex:p ex:b . }\n",
              "001_x.trig:2:", "relative IRI"),
    data_case("not-utf8", "data/reference/latin1.ttl", PREFIX.encode() + b'ex:a ex:p "caf\xe9" .\n',
              "latin1.ttl:2:", "not UTF-8"),
    data_case("empty-file", "data/reference/empty.ttl", "  \n", "empty.ttl", "empty"),
    data_case("binary-garbage", "data/reference/bin.ttl", b"\x00\x01\x02\xff" * 50, "bin.ttl"),
    data_case("syntax-error", "data/reference/bad.ttl", PREFIX + "ex:a ex:p \"open .\n",
              "bad.ttl:2:"),
    data_case("ill-typed-date", "data/reference/date.ttl",
              PREFIX + '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
              'ex:a ex:p "2017-02-30"^^xsd:date .\n', "date.ttl:3:", "ill-typed"),
    data_case("trig-other-graph", "data/sources/001_x.trig",
              PREFIX + "<http://evil.example/g> { ex:a ex:p ex:b . }\n", "001_x.trig",
              "unexpected named graph"),
    data_case("undefined-prefix", "data/reference/pfx.ttl", "nope:a nope:p nope:b .\n",
              "pfx.ttl:1:"),
    link_case("dangling-link", lambda f: (f / "gone.ttl").symlink_to("nowhere.ttl"),
              "gone.ttl", "dangling symbolic link"),
    link_case("symlink-loop", _loop, "loop-a.ttl", "symbolic link loop"),
    link_case("folder-as-data-file", lambda f: (f / "folder.ttl").mkdir(),
              "folder.ttl", "a folder where a data file should be"),
    link_case("folder-as-source-file",
              lambda f: (f.parent / "sources" / "002_y.trig").mkdir(), "002_y.trig", "folder"),
    link_case("fifo-as-data-file", lambda f: os.mkfifo(f / "pipe.ttl"),
              "pipe.ttl", "not a regular file"),
    # --- hostile parameters
    Case("unknown-engine", lambda h: ["build", "--engine", "nope", "--home", str(h)], 2,
         ("--engine",)),
    Case("unknown-export-format", lambda h: ["export", "--format", "exe", "--home", str(h)], 2,
         ("--format",)),
    Case("home-not-a-folder", lambda h: ["build", "--home", str(h / "nowhere")], 2,
         ("--home",)),
    Case("home-env-not-a-folder", lambda h: ["build"], 2, ("MULTIVECTOR_HOME",),
         env=lambda h: {"MULTIVECTOR_HOME": str(h / "nowhere")}),
    Case("draw-bad-date", lambda h: ["draw", "network", "--at", "2017-13-45", "--out",
                                     str(h / "n.svg"), "--home", str(h)], 2, ("--at",)),
    Case("draw-bad-suffix", lambda h: ["draw", "network", "--at", "2017-01-01", "--out",
                                       str(h / "n.gif"), "--home", str(h)], 2, ("format",)),
    Case("site-out-is-a-file", lambda h: ["site", "--out", str(write(h, "x.txt", "x")),
                                          "--home", str(h)], 2, ("--out",)),
    Case("site-out-is-dist", lambda h: ["site", "--out", str(h / "dist"), "--home", str(h)], 2,
         ("releases",)),
    Case("export-all-out-is-a-file", lambda h: ["export", "--out", str(write(h, "f.ttl", "x")),
                                                "--home", str(h)], 2, ("--out",)),
    Case("source-add-missing-file", lambda h: ["source", "add", str(h / "nope.txt"), "--id",
                                               "005_0123456789abcdef", "--home", str(h)], 2,
         ("nope.txt",)),
    Case("source-add-bad-id", lambda h: ["source", "add", str(write(h, "a.txt", "Text.")),
                                         "--id", "../../etc", "--home", str(h)], 2, ("--id",)),
    Case("endpoint-connection-refused", _endpoint_closed, 2, ("127.0.0.1", "refused")),
    # --- write failures: one line naming the path, exit 2, previous outputs intact
    Case("build-into-read-only-mount", lambda h: _ro_dist(h, "build", "--skip-validation",
                                                          "--out", "{ro}"), 2,
         ("dist", "cannot write", "Read-only file system")),
    Case("build-into-immutable-dist", lambda h: _chattr(h, "build", "--skip-validation"), 2,
         ("dist", "cannot write", "Operation not permitted")),
    Case("build-onto-full-disk", _full_build, 2, ("dist", "No space left on device")),
    Case("export-all-onto-full-disk", _full_export, 2, ("dist", "No space left on device")),
    Case("export-file-into-read-only-mount",
         lambda h: _ro_dist(h, "export", "--format", "nt", "--out", "{ro}/x.nt"), 2,
         ("x.nt", "Read-only file system")),
    Case("export-into-immutable-dist", lambda h: _chattr(h, "export", "--format", "nt"), 2,
         ("dist", "cannot write")),
    Case("site-into-read-only-mount",
         lambda h: _ro_dist(h, "site", "--out", "{ro}/site"), 2, ("site", "cannot write")),
    Case("draw-into-read-only-mount",
         lambda h: _ro_dist(h, "draw", "network", "--at", "2017-01-01", "--out", "{ro}/n.svg"),
         2, ("n.svg", "Read-only file system")),
    Case("source-add-into-read-only-sources", _source_add_ro, 2,
         ("sources", "Read-only file system")),
    # --- the last-resort handler
    Case("unexpected-exception-is-one-line", lambda h: ["build", "--home", str(h)], 2,
         ("internal error: ZeroDivisionError", "MULTIVECTOR_DEBUG"), env=_internal_error_env),
    # --- accepted: a byte-order mark
    Case("utf8-bom-accepted", lambda h: _bom(h), 0, intact=False),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case(case: Case, home: Path) -> None:
    before = published_outputs(home / "dist")
    assert before, "the fixture publishes a build first"
    args = case.setup(home)
    started = time.monotonic()
    done = cli(*args, env=case.env(home) if case.env else None)
    assert done.returncode == case.code, done.stderr.decode()
    assert time.monotonic() - started < TIMEOUT
    if case.code != 0:
        line = one_line(done.stderr)
        assert line.startswith("multivector: "), line
        for words in case.expect:
            assert words in line, line
    else:
        assert b"Traceback" not in done.stderr
    after = published_outputs(home / "dist")
    if case.intact:
        assert after == before
    else:
        assert after and after != before
    assert not list((home / "dist" / "releases").glob(".staging-*")) or case.code == 0
    if case.code != 0:  # nothing written anywhere else either (source add: no corpus copy)
        assert not list((home.parent / "corpus").iterdir())


def test_the_table_is_big_enough() -> None:
    assert len(CASES) >= 45


# ------------------------------------------------------------- cut answers, pipes and devices


def test_answer_cut_mid_way_is_one_line(home: Path) -> None:
    with half_answer_server() as url:
        done = cli("query", "--home", str(home), "--endpoint", url, "members-on-date")
    assert done.returncode == 2
    line = one_line(done.stderr)
    assert "cut off mid-way" in line and "127.0.0.1" in line


def test_export_to_dev_stdout_writes_through(home: Path) -> None:
    done = cli("export", "--format", "nt", "--out", "/dev/stdout", "--home", str(home))
    assert done.returncode == 0, done.stderr
    assert Path("/dev/stdout").is_symlink()  # not replaced by a file (we are root)
    lines = done.stdout.decode().splitlines()
    assert lines and all(line.endswith(" .") for line in lines)
    assert b"wrote /dev/stdout" in done.stderr


@pytest.mark.parametrize("command", [
    ["export", "--format", "nt"],
    ["draw", "network", "--at", "2017-01-01"],
])
def test_fifo_target_is_written_through(home: Path, command: list[str]) -> None:
    fifo = home.parent / ("out.nt" if command[0] == "export" else "out.svg")
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    done = cli(*command, "--out", str(fifo), "--home", str(home))
    reader.join(30)
    assert done.returncode == 0, done.stderr
    assert fifo.is_fifo()  # still the FIFO, not a regular file put in its place
    assert received and len(received[0]) > 100
    assert not list(home.parent.glob(".out.*.tmp"))


def test_debug_env_shows_the_traceback(home: Path) -> None:
    env = {**_internal_error_env(home), "MULTIVECTOR_DEBUG": "1"}
    done = cli("build", "--home", str(home), env=env)
    assert done.returncode == 2
    assert b"Traceback" in done.stderr and b"ZeroDivisionError" in done.stderr


# ---------------------------------------------------------------------------- crash points


@pytest.fixture
def changed(home: Path, tmp_path: Path) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """The project with one more triple, and the outputs before and after that change."""
    old = published_outputs(home / "dist")
    write(home, "data/reference/more.ttl", PREFIX + "ex:x ex:p ex:y .\n")
    reference = tmp_path / "reference-dist"
    done = cli("build", "--skip-validation", "--home", str(home), "--out", str(reference))
    assert done.returncode == 0, done.stderr
    new = published_outputs(reference)
    assert new != old
    return home, old, new


@pytest.mark.parametrize("point, expected", [
    ("writing", "old"), ("staged", "old"), ("switched", "new"), ("linked", "new"),
])
def test_killed_build_leaves_old_or_new(changed, point: str, expected: str) -> None:
    home, old, new = changed
    done = cli("build", "--skip-validation", "--home", str(home),
               env={"MULTIVECTOR_CRASH_AT": point})
    assert done.returncode == -signal.SIGKILL
    assert published_outputs(home / "dist") == (old if expected == "old" else new)
    again = cli("build", "--skip-validation", "--home", str(home))  # cleans up after the crash
    assert again.returncode == 0, again.stderr
    assert published_outputs(home / "dist") == new
    releases = home / "dist" / "releases"
    assert not list(releases.glob(".staging-*"))
    assert len(list(releases.iterdir())) <= 2  # the published release and the one before


@pytest.mark.parametrize("delay", [0.6, 1.2, 1.8, 2.4])
def test_sigkill_at_timed_points_leaves_old_or_new(changed, delay: float) -> None:
    home, old, new = changed
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    process = subprocess.Popen(
        [sys.executable, "-m", "multivector", "build", "--skip-validation", "--home", str(home)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    process.kill()
    process.wait(30)
    assert published_outputs(home / "dist") in (old, new)


def test_legacy_dist_of_plain_files_becomes_links(home: Path) -> None:
    dist = home / "dist"
    legacy = published_outputs(dist)
    shutil.rmtree(dist)
    dist.mkdir()
    for name, data in legacy.items():
        (dist / name).write_bytes(data)
    leftover = dist / ".multivector.trig.ab12cd34.tmp"  # an older version's killed build
    leftover.write_bytes(b"x" * 1000)
    done = cli("build", "--skip-validation", "--home", str(home))
    assert done.returncode == 0, done.stderr
    assert published_outputs(dist) == legacy  # now links through current/, same bytes
    assert not leftover.exists()


def test_a_reader_of_current_sees_one_release(home: Path) -> None:
    """A reader that resolves ``current`` once keeps reading that release across a publish."""
    from multivector.atomic import current_release, publish

    dist = home / "dist"
    release = current_release(dist)
    assert release is not None
    names = sorted(p.name for p in release.iterdir() if p.is_file())  # the files of a release
    publish(dist, {name: b"new\n" for name in names})
    assert all((release / name).read_bytes() != b"new\n" for name in names)  # still the old
    assert all((dist / name).read_bytes() == b"new\n" for name in names)
