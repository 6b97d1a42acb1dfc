"""The SPARQL routes of the front: the SPARQL 1.1 Protocol, the Graph Store Protocol, the web UI.

The same paths as the Oxigraph server (``/query``, ``/update``, ``/store``, the web UI's assets),
plus ``/sparql`` — the same endpoint as ``/query``, and for a browser (a GET without a query that
accepts HTML) the query page (``multivector.endpoint.pages``) — each checked before the engine
sees the request:

* a query goes through the query guard (``multivector.querylimits``: size, nesting, SERVICE),
  400 with the one-line reason; an update sent as a query is refused like an update; the
  project's prefixes it uses without declaring are declared for it on its first line
  (``multivector.queries.prefixes``; an undeclared unknown prefix is a 400 naming it);
* updates — ``POST /update`` (``application/sparql-update`` or form ``update=``), an ``update``
  field sent to ``/query``, Graph Store ``PUT``/``POST``/``DELETE`` — are refused with 403 unless
  ``serve --writable``; a writable endpoint still guards the update text (``LOAD`` fetches a URL
  and counts as SERVICE);
* request bodies are read only up to what the limits allow.

Paths and methods not listed here are answered by Starlette (404, 405) and never reach the engine.
"""

from __future__ import annotations

import sys
from urllib.parse import parse_qsl, urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from multivector.endpoint.proxy import Exchange, Proxy, refusal
from multivector.endpoint.settings import EndpointSettings
from multivector.errors import InputError
from multivector.queries.prefixes import predeclaration
from multivector.querylimits import QueryRefused, check_query, size_refused, update_keyword

READ_ONLY = (
    "updates are refused: this endpoint is read-only (start multivector serve with --writable "
    "to accept them)"
)
FORM = "application/x-www-form-urlencoded"
#: the YASGUI assets the Oxigraph server ships (its own page at ``/`` is replaced by ours)
_UI_PATHS = ("/yasgui.min.css", "/yasgui.min.js", "/logo.svg")
_WRITE_METHODS = ("PUT", "POST", "DELETE")


class _Refusal(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _context(request: Request) -> tuple[EndpointSettings, Proxy]:
    state = request.app.state
    return state.settings, state.proxy


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _accept(request: Request) -> dict[str, str]:
    accept = request.headers.get("accept")
    return {"accept": accept} if accept else {}


async def _body(request: Request, cap: int, kind: str, settings: EndpointSettings) -> bytes:
    """The request body, read only up to ``cap`` bytes (more: the size refusal, 400)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise size_refused(f"{int(declared):,} bytes", settings.limits, kind=kind)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise size_refused(f"more than {cap:,} bytes", settings.limits, kind=kind)
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(raw: bytes, what: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _Refusal(400, f"the {what} is not UTF-8 text") from None


def _form_cap(settings: EndpointSettings) -> int:
    # percent-encoding at most triples the text; graph IRIs and other fields get 64 KiB
    return 3 * settings.limits.max_query_size + 64 * 1024


async def _fields(request: Request, field: str, direct_type: str) -> list[tuple[str, str]]:
    """The protocol fields of a GET or POST: URL query, form body, or the text sent directly."""
    settings, _ = _context(request)
    fields = parse_qsl(request.url.query, keep_blank_values=True)
    if request.method in ("GET", "HEAD"):
        return fields
    media_type = _media_type(request)
    kind = "update" if field == "update" else "query"
    if media_type == direct_type:
        raw = await _body(request, settings.limits.max_query_size, kind, settings)
        return [*fields, (field, _decode(raw, kind))]
    if media_type == FORM:
        raw = await _body(request, _form_cap(settings), kind, settings)
        return [*fields, *parse_qsl(_decode(raw, "form"), keep_blank_values=True)]
    raise _Refusal(
        415, f"POST {request.url.path} takes Content-Type {direct_type} or {FORM}, "
        f"not {media_type or 'none'}",
    )


def _one(fields: list[tuple[str, str]], name: str) -> str:
    values = [value for key, value in fields if key == name]
    if len(values) != 1:
        raise _Refusal(400, f"give exactly one '{name}' parameter (got {len(values)})")
    return values[0]


async def query(request: Request) -> Response:
    """``GET``/``POST /query``: guarded, then forwarded (GET without a query: the description)."""
    settings, proxy = _context(request)
    fields = await _fields(request, "query", "application/sparql-query")
    if any(key == "update" for key, _ in fields):
        raise _Refusal(403 if not settings.writable else 400,
                       READ_ONLY if not settings.writable else "send updates to /update")
    if request.method in ("GET", "HEAD") and not any(key == "query" for key, _ in fields):
        return await proxy.forward(
            Exchange("GET", "/query", headers=_accept(request)), repeatable=True
        )
    text = _one(fields, "query")
    check_query(text, settings.limits)
    if update_keyword(text):
        raise _Refusal(403 if not settings.writable else 400,
                       READ_ONLY if not settings.writable else "send updates to /update")
    try:
        predeclared = predeclaration(text)
    except InputError as exc:
        raise _Refusal(400, exc.message) from None
    if predeclared:
        fields = [(k, predeclared + v if k == "query" else v) for k, v in fields]
    exchange = Exchange(
        "POST", "/query", content=urlencode(fields).encode("ascii"),
        headers={"content-type": FORM, **_accept(request)},
    )
    return await proxy.forward(exchange, repeatable=True)


def wants_page(request: Request) -> bool:
    """A browser's GET without a query: it is shown the query page."""
    from multivector.endpoint.negotiation import HTML, choose

    if request.method not in ("GET", "HEAD") or "query" in request.query_params:
        return False
    return choose(request.headers.get("accept")) is HTML


async def sparql(request: Request) -> Response:
    """``/sparql``: the query page for a browser, else the SPARQL 1.1 Protocol as ``/query``."""
    if wants_page(request):
        from multivector.endpoint.pages import query_page

        settings, _ = _context(request)
        return HTMLResponse(query_page(settings.queries))
    return await query(request)


async def prefixes(request: Request) -> Response:
    """The project's prefixes, in prefix.cc's format (read by the query page's autocompleter)."""
    from multivector.endpoint.pages import prefixes as project_prefixes

    return JSONResponse(project_prefixes())


async def update(request: Request) -> Response:
    """``POST /update``: refused unless writable; then guarded and forwarded (never repeated)."""
    settings, proxy = _context(request)
    if not settings.writable:
        raise _Refusal(403, READ_ONLY)
    if request.method in ("GET", "HEAD"):
        return await proxy.forward(
            Exchange("GET", "/update", headers=_accept(request)), repeatable=True
        )
    fields = await _fields(request, "update", "application/sparql-update")
    text = _one(fields, "update")
    check_query(text, settings.limits, update=True)
    exchange = Exchange(
        "POST", "/update", content=urlencode(fields).encode("ascii"),
        headers={"content-type": FORM},
    )
    return await proxy.forward(exchange, repeatable=False)


async def store(request: Request) -> Response:
    """The Graph Store Protocol: reads forwarded, writes refused unless writable."""
    settings, proxy = _context(request)
    params = parse_qsl(request.url.query, keep_blank_values=True)
    if request.method in _WRITE_METHODS:
        if not settings.writable:
            raise _Refusal(403, READ_ONLY)
        headers = {"content-type": request.headers.get("content-type", "")}
        exchange = Exchange(request.method, request.url.path, params=params,
                            content=await request.body(), headers=headers)
        return await proxy.forward(exchange, repeatable=False)
    exchange = Exchange(request.method, request.url.path, params=params,
                        headers=_accept(request))
    return await proxy.forward(exchange, repeatable=True)


async def ui(request: Request) -> Response:
    """The Oxigraph web UI's assets (YASGUI), used by the query page."""
    _, proxy = _context(request)
    return await proxy.forward(Exchange(request.method, request.url.path), repeatable=True)


def guarded(handler):
    """A refusal or a guard's QueryRefused becomes its one-line answer; anything unforeseen a
    one-line 500 and one line in the server's log — never a traceback."""

    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request)
        except QueryRefused as exc:
            return refusal(400, str(exc))
        except _Refusal as exc:
            return refusal(exc.status, exc.message)
        except Exception as exc:  # noqa: BLE001 - the endpoint must keep answering
            message = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
            print(f"multivector serve: {request.method} {request.url.path} failed: {message}",
                  file=sys.stderr, flush=True)
            return refusal(500, f"internal error: {message}")

    endpoint.__name__ = handler.__name__
    endpoint.__doc__ = handler.__doc__
    return endpoint


def routes() -> list[Route]:
    """The routes this module serves (``multivector.endpoint.app`` mounts them)."""
    methods = ["GET", "HEAD", *_WRITE_METHODS]
    return [
        *(Route(path, guarded(ui), methods=["GET", "HEAD"]) for path in _UI_PATHS),
        Route("/query", guarded(query), methods=["GET", "POST"]),
        Route("/sparql", guarded(sparql), methods=["GET", "POST"]),
        Route("/sparql/prefixes.json", guarded(prefixes), methods=["GET", "HEAD"]),
        Route("/update", guarded(update), methods=["GET", "POST"]),
        Route("/store", guarded(store), methods=methods),
        Route("/store/{rest:path}", guarded(store), methods=methods),
    ]


__all__ = ["READ_ONLY", "guarded", "routes", "wants_page"]
