"""Running the front: bind the public socket, run uvicorn, stop the engine, report how it ended.

The public socket is bound here, before the store is loaded, so a busy port is one line and
exit 2 (``PortBusy``) — not a backtrace later. uvicorn stops on SIGINT/SIGTERM as usual, but
returns instead of re-raising the signal, so ``serve`` always stops its engine and removes its
temporary store. An engine failure stops uvicorn too, and ``run`` raises it (exit 2).
"""

from __future__ import annotations

import contextlib
import errno
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import uvicorn

from multivector.endpoint.app import create_app
from multivector.endpoint.engine import EngineFailed, Supervisor
from multivector.endpoint.settings import EndpointSettings
from multivector.errors import InputError


class PortBusy(InputError):
    """The public port is taken (exit 2)."""


def bind(settings: EndpointSettings) -> socket.socket:
    """The public listening socket, bound (not yet listening); one-line InputError if it can't."""
    try:
        infos = socket.getaddrinfo(settings.host, settings.port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise InputError(f"--host: cannot resolve {settings.host!r} ({exc.strerror})") from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        where = f"{settings.host}:{settings.port}"
        if exc.errno == errno.EADDRINUSE:
            raise PortBusy(
                f"--port: {where} is already in use (choose another port, or 0 for any free one)"
            ) from None
        raise InputError(f"--host/--port: cannot listen on {where} ({exc.strerror})") from None
    sock.set_inheritable(False)
    return sock


class _Server(uvicorn.Server):
    announce: Callable[[], None] = staticmethod(lambda: None)

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            self.announce()  # only now: SIGINT/SIGTERM are ours and requests are served

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # uvicorn re-raises a captured SIGINT/SIGTERM once it has shut down; clearing the list
        # makes serve() return instead, so our cleanup runs and the exit code is ours
        with super().capture_signals():
            try:
                yield
            finally:
                self.stopped_by = list(getattr(self, "_captured_signals", []))
                getattr(self, "_captured_signals", []).clear()


def serve(
    settings: EndpointSettings, location: Path, sock: socket.socket, *,
    log: Callable[[str], None], ready: Callable[[str], None] | None = None,
    union_default_graph: bool = True,
) -> int:
    """Serve until a signal (returns 0) or an engine failure (raises EngineFailed).

    ``union_default_graph``: False when the store at ``location`` holds the union itself."""
    supervisor = Supervisor(location, settings, log=log, union_default_graph=union_default_graph)
    supervisor.start()
    try:
        app = create_app(settings, supervisor)
        config = uvicorn.Config(
            app, log_level="warning", access_log=False, lifespan="on",
            timeout_graceful_shutdown=5, server_header=False,
        )
        server = _Server(config)

        def fatal(_message: str) -> None:
            server.should_exit = True

        supervisor.on_fatal = fatal
        if ready is not None:
            host, port = sock.getsockname()[:2]
            base = f"http://{host if ':' not in host else f'[{host}]'}:{port}"
            server.announce = lambda: ready(base)
        server.run(sockets=[sock])
    finally:
        supervisor.stop()
        sock.close()
    if supervisor.failure:
        raise EngineFailed(f"serve stopped: {supervisor.failure}")
    return 0


__all__ = ["PortBusy", "bind", "serve"]
