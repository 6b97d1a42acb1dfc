"""Remote SPARQL stores: upload the graph (Graph Store Protocol) and query it (SPARQL Protocol).

Plain ``urllib``, so any store that speaks the W3C protocols works unchanged — Oxigraph, Fuseki,
Virtuoso, GraphDB, QLever:

* :func:`push` PUTs every named graph, as N-Triples, to ``<graph-store>?graph=<IRI>`` (SPARQL 1.1
  Graph Store HTTP Protocol, indirect graph identification);
* :class:`RemoteEngine` POSTs queries (``application/x-www-form-urlencoded``), asks for SPARQL
  JSON results, and parses them into the same typed rows as the embedded engines. Parameters are
  bound by the same VALUES block (``multivector.queries``). The request's dataset is the
  multivector graphs found on the server, each named both as a ``default-graph-uri`` (so plain
  patterns see their union, as embedded) and a ``named-graph-uri`` (so ``GRAPH ?g`` still tells
  the source) — no server-side "union default graph" setting is needed.

Every failure (refused connection, HTTP 4xx/5xx, no answer in time) is a :class:`RemoteError`,
one line naming the URL.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from multivector.canonical import _canonical_triples, dataset_graphs
from multivector.errors import MultivectorError
from multivector.namespaces import ID
from multivector.queries import Answer, internal_query, query_shape
from multivector.results import from_sparql_json

DEFAULT_TIMEOUT = 30.0
USER_AGENT = "multivector (+https://w3id.org/multivector)"
_OUR_GRAPHS = (str(ID["graph/"]), str(ID["source/"]))


class RemoteError(MultivectorError):
    """A remote store could not be reached or refused a request (CLI exit 2)."""


def _request(
    url: str,
    *,
    data: bytes | None = None,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> bytes:
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("User-Agent", USER_AGENT)
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.read()
    except urllib.error.HTTPError as exc:
        body = exc.read(300).decode("utf-8", "replace") if exc.fp else ""
        detail = " ".join(body.split())[:200]
        raise RemoteError(
            f"{url}: HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
        ) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise RemoteError(f"{url}: no answer within {timeout:g} s (timed out)") from None
        if isinstance(reason, ConnectionRefusedError):
            raise RemoteError(f"{url}: connection refused (is the server running?)") from None
        raise RemoteError(f"{url}: cannot connect ({reason})") from None
    except TimeoutError:
        raise RemoteError(f"{url}: no answer within {timeout:g} s (timed out)") from None
    except http.client.IncompleteRead as exc:
        raise RemoteError(
            f"{url}: answer cut off mid-way ({len(exc.partial)} bytes received"
            + (f", {exc.expected} more expected)" if exc.expected else ")")
        ) from None
    except http.client.HTTPException as exc:
        name = type(exc).__name__
        raise RemoteError(f"{url}: malformed HTTP answer ({name}: {exc})".rstrip()) from None
    except (ConnectionError, OSError) as exc:
        raise RemoteError(f"{url}: connection failed ({exc})") from None


def _check_url(url: str, option: str) -> str:
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise RemoteError(f"{option}: {url!r} is not an http(s) URL")
    return url


def graph_store_url(endpoint: str) -> str:
    """The Graph Store Protocol URL beside a query endpoint (Oxigraph: ``/query`` -> ``/store``)."""
    parsed = urllib.parse.urlsplit(endpoint)
    path = parsed.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last in ("query", "sparql"):
        path = f"{head}/store"
    else:
        raise RemoteError(
            f"--graph-store: cannot guess the Graph Store URL from {endpoint!r}; give it "
            "(Oxigraph: …/store, Fuseki: …/<dataset>/data)"
        )
    return urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, path, "", ""))


@dataclass
class PushedGraph:
    graph: URIRef
    triples: int


def graph_ntriples(graph: Graph, salt: str = "") -> bytes:
    """A graph as sorted N-Triples, blank nodes canonical."""
    flat = Graph(bind_namespaces="none")
    for triple in _canonical_triples(graph, salt):
        flat.add(triple)
    lines = sorted(filter(None, flat.serialize(format="nt").splitlines()))
    return "".join(f"{line}\n" for line in lines).encode("utf-8")


def push(
    dataset: Dataset, graph_store: str, *, timeout: float = DEFAULT_TIMEOUT
) -> list[PushedGraph]:
    """PUT every named graph of ``dataset`` to the Graph Store; returns what was sent."""
    _check_url(graph_store, "--graph-store")
    graphs = dataset_graphs(dataset)
    pushed = []
    for index, name in enumerate(sorted(graphs)):
        body = graph_ntriples(graphs[name], f"g{index}" if len(graphs) > 1 else "")
        separator = "&" if "?" in graph_store else "?"
        url = f"{graph_store}{separator}{urllib.parse.urlencode({'graph': str(name)})}"
        _request(
            url, data=body, method="PUT",
            headers={"Content-Type": "application/n-triples"}, timeout=timeout,
        )
        pushed.append(PushedGraph(name, len(graphs[name])))
    return pushed


class RemoteEngine:
    """A SPARQL 1.1 Protocol endpoint as a query engine (see the module docstring)."""

    name = "remote"

    def __init__(
        self,
        endpoint: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        graphs: Iterable[str] | None = None,
        server_dataset: bool = False,
    ) -> None:
        self.endpoint = _check_url(endpoint, "--endpoint")
        self.timeout = timeout
        self.server_dataset = server_dataset
        self._graphs = list(graphs) if graphs is not None else None

    def post(self, text: str, dataset: Iterable[str] = (), accept: str = "") -> bytes:
        fields: list[tuple[str, str]] = [("query", text)]
        for graph in dataset:
            fields += [("default-graph-uri", graph), ("named-graph-uri", graph)]
        return _request(
            self.endpoint,
            data=urllib.parse.urlencode(fields).encode("ascii"),
            method="POST",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": accept or "application/sparql-results+json",
            },
            timeout=self.timeout,
        )

    @property
    def graphs(self) -> list[str]:
        """The multivector named graphs the endpoint holds (``id:graph/…``, ``id:source/…``)."""
        if self._graphs is None:
            raw = self.post(internal_query("remote/graphs").text)
            table = from_sparql_json(raw, self.endpoint)
            found = sorted(
                str(row[0]) for row in table.rows
                if row[0] is not None and str(row[0]).startswith(_OUR_GRAPHS)
            )
            if not found:
                raise RemoteError(
                    f"{self.endpoint}: holds no multivector graphs (run multivector push first)"
                )
            self._graphs = found
        return self._graphs

    def answer(self, text: str, where: Path | str) -> Answer:
        shape = query_shape(text, where)
        dataset = [] if self.server_dataset else self.graphs
        if shape.form in ("CONSTRUCT", "DESCRIBE"):
            raw = self.post(text, dataset, accept="application/n-triples")
            graph = Graph()
            try:
                graph.parse(data=raw.decode("utf-8"), format="nt")
            except Exception as exc:
                raise RemoteError(f"{self.endpoint}: unreadable N-Triples answer ({exc})") from None
            return Answer("CONSTRUCT", triples=list(graph))
        table = from_sparql_json(self.post(text, dataset), self.endpoint)
        if shape.form == "ASK":
            return Answer("ASK", boolean=bool(table.rows[0][0].toPython()))  # type: ignore[union-attr]
        return Answer("SELECT", table.columns, table.rows)


__all__ = [
    "DEFAULT_TIMEOUT",
    "PushedGraph",
    "RemoteEngine",
    "RemoteError",
    "graph_ntriples",
    "graph_store_url",
    "push",
]
