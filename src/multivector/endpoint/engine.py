"""The engine child of ``serve``: started, watched, restarted when it dies or overruns, stopped.

The Oxigraph server is started before uvicorn runs and restarted from the event loop — both on
the main thread, which lives as long as ``serve``: the parent-death signal that stops the child
when ``serve`` is killed is tied to the thread that started it (``multivector.lifeline``).

Two events restart it, each logged in one line:

* it exited (an abort the query guard did not foresee, a kill);
* a request has been with it for longer than the timeout plus a grace period: Oxigraph's own
  ``--timeout-s`` cancels evaluation, not query planning, so a query can hold a thread for
  minutes after its client got 504 — restarting is the one way to really stop it.

An engine that does not come up, or dies again within ``EARLY_DEATH`` seconds of coming up
``MAX_EARLY_DEATHS`` times in a row, has failed (a broken store, a missing library): ``serve``
stops and exits 2. Restarts for overrunning queries do not count: a client must not be able to
stop the endpoint by sending slow queries.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import math
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from multivector import server
from multivector.endpoint.settings import OVERRUN_GRACE, EndpointSettings
from multivector.errors import ToolError

MAX_EARLY_DEATHS = 3
EARLY_DEATH = 5.0
START_TIMEOUT = 20.0
POLL = 0.2


class EngineFailed(ToolError):
    """The engine could not be started or kept running: ``serve`` stops, exit 2."""


class Supervisor:
    """One Oxigraph server child at a time, for the whole life of ``serve``."""

    def __init__(
        self, location: Path, settings: EndpointSettings, *, log: Callable[[str], None],
        union_default_graph: bool = True,
    ) -> None:
        self.location = location
        #: False for a store that holds the set-union default graph itself (``endpoint.served``)
        self.union_default_graph = union_default_graph
        self.settings = settings
        self.log = log
        self.on_fatal: Callable[[str], None] = lambda _message: None
        self.failure: str | None = None
        self.restarts = 0
        self.engine: server.Server | None = None
        self._ready: asyncio.Event | None = None
        self._early_deaths = 0
        self._up_since = time.monotonic()
        self._inflight: dict[int, tuple[float, server.Server]] = {}
        self._ids = itertools.count()

    # -- starting and stopping (main thread) -------------------------------------------------

    def start(self) -> None:
        """Start the engine and wait until it listens (before the event loop runs)."""
        self._launch()
        assert self.engine is not None
        try:
            self.engine.wait_ready(START_TIMEOUT)
        except ToolError as exc:
            raise EngineFailed(f"the SPARQL engine did not start: {exc}{self._words()}") from None

    def _launch(self) -> None:
        log = tempfile.TemporaryFile(prefix="multivector-engine-")  # noqa: SIM115 - kept open
        self.engine = server.start(
            self.location,
            writable=self.settings.writable,
            union_default_graph=self.union_default_graph,
            # a second behind our deadline: we answer 504 first, then Oxigraph cancels
            timeout=math.ceil(self.settings.timeout) + 1,
            log=log,
            wait=False,
        )

    def stop(self) -> None:
        if self.engine is not None:
            self.engine.stop()
            if self.engine.log is not None:
                self.engine.log.close()

    @property
    def base(self) -> str:
        assert self.engine is not None
        return self.engine.base

    # -- while serving (event loop, main thread) ---------------------------------------------

    def ready_event(self) -> asyncio.Event:
        if self._ready is None:
            self._ready = asyncio.Event()
            self._ready.set()
        return self._ready

    async def available(self, within: float) -> bool:
        """Wait (at most ``within`` seconds) until the engine is up; False if it is not."""
        ready = self.ready_event()
        if ready.is_set():
            return True
        try:
            await asyncio.wait_for(ready.wait(), max(within, 0.01))
        except TimeoutError:
            return False
        return True

    @contextlib.contextmanager
    def track(self) -> Iterator[None]:
        """Around one exchange with the engine: lets :meth:`watch` see overrunning requests."""
        key = next(self._ids)
        assert self.engine is not None
        self._inflight[key] = (time.monotonic(), self.engine)
        try:
            yield
        finally:
            self._inflight.pop(key, None)

    async def watch(self) -> None:
        """Restart the engine whenever it died or overran; report a failure and stop."""
        try:
            while True:
                await asyncio.sleep(POLL)
                engine = self.engine
                assert engine is not None
                code = engine.process.poll()
                if code is not None:
                    self.log(
                        f"multivector serve: the SPARQL engine exited with code {code}"
                        f"{self._words()}; restarting it"
                    )
                    early = time.monotonic() - self._up_since < EARLY_DEATH
                    self._early_deaths = self._early_deaths + 1 if early else 0
                    if self._early_deaths >= MAX_EARLY_DEATHS:
                        raise EngineFailed(
                            f"the SPARQL engine died {self._early_deaths} times within "
                            f"{EARLY_DEATH:g} s of starting; giving up"
                        )
                    await self._restart()
                elif self._overrun(engine):
                    self.log(
                        "multivector serve: a query ran past the "
                        f"{self.settings.timeout:g} s limit and was not stopped by the engine; "
                        "restarting the engine"
                    )
                    await self._restart()
        except EngineFailed as exc:
            self.failure = str(exc)
            self.log(f"multivector serve: {exc}")
            self.on_fatal(self.failure)

    def _overrun(self, engine: server.Server) -> bool:
        limit = time.monotonic() - self.settings.timeout - OVERRUN_GRACE
        return any(started < limit and owner is engine
                   for started, owner in self._inflight.values())

    async def _restart(self) -> None:
        ready = self.ready_event()
        ready.clear()
        while True:
            old = self.engine
            assert old is not None
            old.kill()
            if old.log is not None:
                old.log.close()
            self._launch()
            self.restarts += 1
            if await self._came_up():
                self._up_since = time.monotonic()
                ready.set()
                return
            self._early_deaths += 1  # died or never listened: a failure to start
            if self._early_deaths >= MAX_EARLY_DEATHS:
                raise EngineFailed(
                    f"the SPARQL engine died {self._early_deaths} times within "
                    f"{EARLY_DEATH:g} s of starting; giving up{self._words()}"
                )

    async def _came_up(self) -> bool:
        engine = self.engine
        assert engine is not None
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and engine.process.poll() is None:
            try:
                _, writer = await asyncio.wait_for(
                    asyncio.open_connection(server.HOST, engine.port), 0.5
                )
            except (OSError, TimeoutError):
                await asyncio.sleep(0.05)
                continue
            writer.close()
            return True
        return False

    def _words(self) -> str:
        words = self.engine.last_words() if self.engine is not None else ""
        return f" ({words})" if words else ""


__all__ = ["EngineFailed", "MAX_EARLY_DEATHS", "Supervisor"]
