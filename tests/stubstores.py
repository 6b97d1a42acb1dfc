"""Small SPARQL stores on 127.0.0.1 that misbehave on purpose, for the remote-store tests.

* :class:`AppServer` runs a Starlette app with uvicorn in a thread (stopped by the test);
* :func:`sparql_app` answers the SPARQL Protocol from a pyoxigraph Store but ignores the
  ``default-graph-uri``/``named-graph-uri`` request parameters (as Comunica's endpoint does),
  optionally ignoring ``FROM``/``FROM NAMED`` too;
* :func:`graph_store_app` is a Graph Store Protocol PUT target that requires HTTP Basic auth.
"""

from __future__ import annotations

import base64
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

import pyoxigraph as ox
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from multivector import server


class AppServer:
    """``with AppServer(app) as base:`` — the app served on a free loopback port."""

    def __init__(self, app: Starlette) -> None:
        self.port = server.free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="error",
                                lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise AssertionError("the stub server did not start")
            time.sleep(0.02)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        assert not self.thread.is_alive(), "the stub server did not stop"


@dataclass
class Seen:
    """What a stub received: the query texts and the dataset parameters."""

    queries: list[str] = field(default_factory=list)
    dataset_params: int = 0


def sparql_app(store: ox.Store, *, honour_from: bool, union_default: bool,
               seen: Seen, auth: tuple[str, str] | None = None) -> Starlette:
    """A SPARQL endpoint over ``store`` that ignores the dataset request parameters; with
    ``auth``, HTTP Basic credentials (user, password) are required (401 otherwise)."""
    expected = ("Basic " + base64.b64encode(":".join(auth).encode()).decode()) if auth else None

    async def query(request: Request) -> Response:
        if expected is not None and request.headers.get("authorization") != expected:
            return Response("auth needed", status_code=401,
                            headers={"WWW-Authenticate": 'Basic realm="sparql"'})
        form = urllib.parse.parse_qs((await request.body()).decode("ascii"))
        text = form["query"][0]
        seen.queries.append(text)
        seen.dataset_params += len(form.get("default-graph-uri", []))
        if not honour_from:
            text = re.sub(r"FROM\s+(NAMED\s+)?<[^>]*>", "", text)
        result = store.query(text, use_default_graph_as_union=union_default)
        body = result.serialize(format=ox.QueryResultsFormat.JSON)
        return Response(body, media_type="application/sparql-results+json")

    return Starlette(routes=[Route("/query", query, methods=["POST"])])


def graph_store_app(user: str, password: str, received: list[str], *,
                    forbidden: bool = False) -> Starlette:
    """PUT /store?graph=… with HTTP Basic auth; 403 for everyone when ``forbidden``."""
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    async def store(request: Request) -> Response:
        if forbidden:
            return Response("SPARQL_UPDATE not granted", status_code=403)
        if request.headers.get("authorization") != expected:
            return Response("auth needed", status_code=401,
                            headers={"WWW-Authenticate": 'Basic realm="store"'})
        await request.body()
        received.append(request.query_params["graph"])
        return Response(status_code=204)

    return Starlette(routes=[Route("/store", store, methods=["PUT"])])
