"""The Oxigraph server as a child process: the SPARQL engine behind ``multivector serve``.

The ``oxigraph`` CLI (PyPI package ``oxigraph``) is a complete, standard SPARQL 1.1 server with
a query web UI. ``multivector serve`` runs ``oxigraph serve-read-only`` over the persistent store
(which holds the set-union default graph itself), or — with ``--writable``, ``--store`` or
``--include-drafts`` — loads N-Quads into a store of its own (``oxigraph load``) and runs it with
``--union-default-graph``, so plain patterns see every named graph as they do embedded
(``multivector.endpoint.served``); always on a private loopback port, the public port belonging
to the guarding front (``multivector.endpoint``).

The child runs in its own process group (stopped as a whole with ``killpg``) and asks the kernel
to kill it when its parent dies (``multivector.lifeline``), so not even ``kill -9`` of ``serve``
leaves it holding its port. Its output goes to a log file the parent reads when it dies.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from multivector import lifeline
from multivector.errors import InputError, ToolError

STORE_MARKER = ".multivector-store"
HOST = "127.0.0.1"


def oxigraph_binary() -> str:
    """The ``oxigraph`` executable: beside this Python (a venv's bin/), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise ToolError("the Oxigraph server is not installed (pip install oxigraph)")
    return found


def free_port() -> int:
    """A free TCP port on the loopback interface (from a socket bound to port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def prepare_store(location: Path) -> Path:
    """An empty store folder: created, or emptied if it is one we made before."""
    if location.exists():
        if not location.is_dir():
            raise InputError("--store: not a directory", location)
        if any(location.iterdir()) and not (location / STORE_MARKER).is_file():
            raise InputError(
                "--store: folder is not empty and was not made by multivector serve", location
            )
        shutil.rmtree(location)
    location.mkdir(parents=True)
    (location / STORE_MARKER).write_text("made by multivector serve; safe to delete\n")
    return location


def load_store(location: Path, nquads: Path) -> None:
    """``oxigraph load --location … --file …``: bulk-load an N-Quads file into the store."""
    if not nquads.is_file():
        raise InputError("file not found (run multivector build first)", nquads)
    completed = subprocess.run(
        [oxigraph_binary(), "load", "--location", str(location), "--file", str(nquads)],
        capture_output=True, text=True, check=False,
    )
    if completed.returncode != 0:
        message = " ".join((completed.stderr or completed.stdout).split())[:300]
        raise ToolError(f"oxigraph load failed: {message}")


@dataclass
class Server:
    """A running Oxigraph server (a child process)."""

    process: subprocess.Popen[bytes]
    port: int
    location: Path
    log: IO[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    @property
    def store_url(self) -> str:
        return f"{self.base}/store"

    def wait_ready(self, timeout: float = 20.0) -> None:
        """Block until the port accepts connections (or the child died: ToolError)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ToolError(f"oxigraph server exited with code {self.process.returncode}")
            try:
                with socket.create_connection((HOST, self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise ToolError(f"oxigraph server did not start listening within {timeout:g} s")

    def stop(self, timeout: float = 10.0) -> int:
        """Terminate the server's process group, wait, kill it if it does not stop."""
        if self.process.poll() is None:
            self._signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.process.returncode

    def kill(self) -> int:
        """SIGKILL the server's process group and reap it."""
        if self.process.poll() is None:
            self._signal(signal.SIGKILL)
        return self.process.wait()

    def _signal(self, sig: int) -> None:
        try:
            os.killpg(self.process.pid, sig)  # its own group (process_group=0): pgid == pid
        except ProcessLookupError:
            pass

    def last_words(self) -> str:
        """The last line the server wrote (a panic message when it aborted), or ""."""
        if self.log is None:
            return ""
        try:
            self.log.seek(0)
            lines = [line.strip() for line in self.log.read().decode("utf-8", "replace")
                     .splitlines() if line.strip()]
        except (OSError, ValueError):
            return ""
        useful = [line for line in lines if not line.startswith(("note:", "Listening"))]
        return " ".join(useful[-1].split())[:200] if useful else ""


def start(
    location: Path,
    *,
    port: int | None = None,
    writable: bool = False,
    union_default_graph: bool = True,
    quiet: bool = True,
    timeout: int | None = None,
    log: IO[bytes] | None = None,
    wait: bool = True,
) -> Server:
    """Start ``oxigraph serve[-read-only]`` on 127.0.0.1 over the store at ``location``.

    ``timeout``: the server's own per-query limit (``--timeout-s``, whole seconds). Output goes
    to ``log`` if given, else nowhere (``quiet``) or to ours. ``wait``: block until it listens.
    """
    port = port or free_port()
    command = [
        oxigraph_binary(),
        "serve" if writable else "serve-read-only",
        "--location", str(location),
        "--bind", f"{HOST}:{port}",
    ]
    if union_default_graph:
        command.append("--union-default-graph")
    if timeout is not None:
        command += ["--timeout-s", str(max(1, int(timeout)))]
    output: IO[bytes] | int | None = log if log is not None else (
        subprocess.DEVNULL if quiet else None
    )
    process = subprocess.Popen(
        command, stdout=output, stderr=output, stdin=subprocess.DEVNULL,
        env={**os.environ, "RUST_BACKTRACE": "0"},
        # its own process group: a terminal's Ctrl-C reaches us, and we stop the whole group;
        # the parent-death signal (multivector.lifeline): even kill -9 of us stops it
        process_group=0,
        preexec_fn=lifeline.preexec(),  # noqa: PLW1509 - only prctl and getppid run there
    )
    server = Server(process=process, port=port, location=location, log=log)
    if wait:
        server.wait_ready()
    return server


__all__ = [
    "HOST",
    "STORE_MARKER",
    "Server",
    "free_port",
    "load_store",
    "oxigraph_binary",
    "prepare_store",
    "start",
]
