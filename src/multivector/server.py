"""Serving the built graph over the SPARQL 1.1 Protocol with the Oxigraph server.

We do not write an HTTP server: the ``oxigraph`` CLI (PyPI package ``oxigraph``) is a complete,
standard one, with a query web UI. ``multivector serve`` loads ``dist/multivector.nq`` into an
on-disk store (``oxigraph load``), then runs ``oxigraph serve-read-only`` (or ``serve`` with
``--writable``) on 127.0.0.1 with ``--union-default-graph``, so plain patterns see every named
graph as they do embedded. SIGINT/SIGTERM are forwarded to the server, which is then waited for.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

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
        """Terminate the server by its process id, wait, kill if it does not stop."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        return self.process.returncode


def start(
    location: Path,
    *,
    port: int | None = None,
    writable: bool = False,
    union_default_graph: bool = True,
    quiet: bool = True,
) -> Server:
    """Start ``oxigraph serve[-read-only]`` on 127.0.0.1 over the store at ``location``."""
    port = port or free_port()
    command = [
        oxigraph_binary(),
        "serve" if writable else "serve-read-only",
        "--location", str(location),
        "--bind", f"{HOST}:{port}",
    ]
    if union_default_graph:
        command.append("--union-default-graph")
    output = subprocess.DEVNULL if quiet else None
    process = subprocess.Popen(command, stdout=output, stderr=output)
    server = Server(process=process, port=port, location=location)
    server.wait_ready()
    return server


@contextmanager
def forwarding_signals(server: Server) -> Iterator[None]:
    """While inside, SIGINT/SIGTERM stop the server (forwarded to it) instead of killing us."""
    def forward(_signum: int, _frame: object) -> None:
        # SIGTERM either way: a child started from a non-interactive shell ignores SIGINT
        if server.process.poll() is None:
            server.process.terminate()

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def serve_forever(server: Server) -> int:
    """Wait for the server to end (Ctrl-C is forwarded to it); returns its exit code."""
    with forwarding_signals(server):
        while True:
            try:
                return server.process.wait()
            except KeyboardInterrupt:  # pragma: no cover - handler normally catches SIGINT
                server.stop()


__all__ = [
    "HOST",
    "STORE_MARKER",
    "Server",
    "free_port",
    "load_store",
    "oxigraph_binary",
    "prepare_store",
    "serve_forever",
    "start",
]
