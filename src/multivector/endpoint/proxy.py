"""Forwarding one request to the engine with httpx, under the endpoint's deadline.

The engine's answer is read whole before anything is sent to the client, so the status tells
the truth: Oxigraph streams results and, when it cancels a query mid-way, has already sent
``200 OK`` and ends the body with an error message. Reading it whole is bounded by the deadline
and by ``max_answer_size``.

At the deadline the client gets 504 at once while the exchange goes on in the background: if
the engine never ends it, the supervisor sees it overrun and restarts the engine
(``multivector.endpoint.engine``). A read (query, Graph Store GET, web UI) that meets a dying
engine waits for the restart and is sent again, as long as its deadline allows; a write is not
repeated.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx
from starlette.responses import PlainTextResponse, Response

from multivector.endpoint.engine import Supervisor
from multivector.endpoint.settings import EndpointSettings

_CANCELLED = b"operation has been cancelled"
_PASSED_HEADERS = ("content-type",)  # not Location: it would name the private port


class _EngineGone(Exception):
    """The connection to the engine broke (it died or is being restarted)."""


class _TooLarge(Exception):
    """The answer exceeded ``max_answer_size``."""


@dataclass
class Exchange:
    method: str
    path: str
    params: list[tuple[str, str]] | None = None
    content: bytes | None = None
    headers: dict[str, str] | None = None


def refusal(status: int, message: str) -> Response:
    """A one-line plain-text answer; control characters the client sent (``/id/%00``) come
    back escaped (``\\x00``), never raw."""
    line = " ".join(message.split())
    line = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in line)
    return PlainTextResponse(line + "\n", status_code=status)


class Proxy:
    def __init__(self, supervisor: Supervisor, settings: EndpointSettings) -> None:
        self.supervisor = supervisor
        self.settings = settings
        self.client = httpx.AsyncClient(
            timeout=httpx.Timeout(None, connect=5.0),
            limits=httpx.Limits(max_connections=256, max_keepalive_connections=32),
        )
        self._background: set[asyncio.Task] = set()

    async def close(self) -> None:
        for task in list(self._background):
            task.cancel()
        await self.client.aclose()

    async def forward(self, exchange: Exchange, *, repeatable: bool) -> Response:
        loop = asyncio.get_running_loop()
        timeout = self.settings.timeout
        deadline = loop.time() + timeout
        while True:
            if not await self.supervisor.available(deadline - loop.time()):
                return refusal(503, "the SPARQL engine is restarting; try again in a few seconds")
            task = asyncio.create_task(self._exchange(exchange))
            self._background.add(task)
            task.add_done_callback(self._finished)
            try:
                status, headers, body = await asyncio.wait_for(
                    asyncio.shield(task), max(deadline - loop.time(), 0.01)
                )
            except TimeoutError:
                return refusal(
                    504,
                    f"query stopped: no complete answer within {timeout:g} s (the server's "
                    "time limit, set by multivector serve --timeout)",
                )
            except _EngineGone:
                if repeatable and loop.time() < deadline:
                    await asyncio.sleep(0.05)  # the supervisor notices the death within 0.2 s
                    continue
                return refusal(
                    503, "the SPARQL engine stopped while answering and is being restarted; "
                    "try again in a few seconds",
                )
            except _TooLarge:
                return refusal(
                    503,
                    f"the answer is larger than {self.settings.max_answer_size:,} bytes (the "
                    "server's limit, set by multivector serve --max-answer-size); ask for less",
                )
            if _CANCELLED in body[-300:] and exchange.path == "/query":
                return refusal(
                    504,
                    f"query stopped: no complete answer within {timeout:g} s (the server's "
                    "time limit, set by multivector serve --timeout)",
                )
            if status >= 400 and headers.get("content-type", "").startswith("text/plain"):
                return refusal(status, body[:2000].decode("utf-8", "replace"))  # one line too
            return Response(body, status_code=status, headers=headers)

    def _finished(self, task: asyncio.Task) -> None:
        self._background.discard(task)
        if not task.cancelled():
            task.exception()  # consumed: a late failure of an abandoned exchange is expected

    async def _exchange(self, exchange: Exchange) -> tuple[int, dict[str, str], bytes]:
        cap = self.settings.max_answer_size
        with self.supervisor.track():
            try:
                async with self.client.stream(
                    exchange.method, self.supervisor.base + exchange.path,
                    params=exchange.params, content=exchange.content, headers=exchange.headers,
                ) as response:
                    chunks: list[bytes] = []
                    size = 0
                    async for chunk in response.aiter_raw():
                        size += len(chunk)
                        if size > cap:
                            raise _TooLarge
                        chunks.append(chunk)
                    headers = {k: v for k in _PASSED_HEADERS
                               if (v := response.headers.get(k)) is not None}
                    return response.status_code, headers, b"".join(chunks)
            except httpx.TransportError:
                raise _EngineGone from None


__all__ = ["Exchange", "Proxy", "refusal"]
