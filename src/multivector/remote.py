"""Remote SPARQL stores: upload the graph (Graph Store Protocol) and query it (SPARQL Protocol).

Over ``httpx``, so any store that speaks the W3C protocols works unchanged — Oxigraph, Fuseki,
Virtuoso, GraphDB, QLever, Comunica:

* :func:`push` PUTs every named graph, as N-Triples, to ``<graph-store>?graph=<IRI>`` (SPARQL 1.1
  Graph Store HTTP Protocol, indirect graph identification), with HTTP Basic credentials when
  given; a refusal (401/403) is one line with what to set on the common stores;
* :class:`RemoteEngine` POSTs queries (``application/x-www-form-urlencoded``), asks for SPARQL
  JSON results, and parses them into the same typed rows as the embedded engines. Parameters are
  written where they are used (``multivector.queries.inline``), since not every engine pushes a
  top-level VALUES block into OPTIONAL/GRAPH sub-patterns. The request's dataset is the
  multivector graphs found on the server, each named both as a ``default-graph-uri`` (so plain
  patterns see their union, as embedded) and a ``named-graph-uri`` (so ``GRAPH ?g`` still tells
  the source). Some endpoints ignore those request parameters (Comunica's): a cheap probe (ASK
  over a dataset that names a graph nobody has) finds out, and the dataset is then sent as
  ``FROM``/``FROM NAMED`` in the query text; an endpoint that ignores both is used as it is when
  its default graph is the union of its named graphs, else refused with the setting to change.

Every failure — refused or reset connection, an answer cut off mid-way, no answer in time,
HTTP 4xx/5xx, a redirect, an answer that is not SPARQL results (an HTML page, truncated JSON) —
is a :class:`RemoteError`, one line naming the URL.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import httpx
from rdflib import Dataset, Graph, URIRef

from multivector.canonical import _canonical_triples, dataset_graphs
from multivector.errors import MultivectorError
from multivector.namespaces import ID
from multivector.queries import Answer, internal_query, query_shape
from multivector.queries.sparqltext import with_dataset
from multivector.results import from_sparql_json

DEFAULT_TIMEOUT = 30.0
USER_AGENT = "multivector (+https://w3id.org/multivector)"
_OUR_GRAPHS = (str(ID["graph/"]), str(ID["source/"]))
#: A graph no store holds: a dataset naming only it is empty, unless the endpoint ignores it.
PROBE_GRAPH = "urn:multivector:probe:no-such-graph"
#: What to change on a store that refuses an upload (HTTP 401/403), by store.
STORE_WRITE_SETTINGS = (
    "Virtuoso: GRANT SPARQL_UPDATE TO \"SPARQL\" (isql); Fuseki: start it with --update, or "
    "give the user write access in shiro.ini; GraphDB/Stardog: a user with write access to "
    "the repository/database"
)
PUSH_AUTH_HINT = (
    "give credentials (--user NAME; the password from $MULTIVECTOR_PASSWORD or a prompt) or "
    f"allow updates on the store: {STORE_WRITE_SETTINGS}"
)

#: A query refused with HTTP 401/403 and no credentials given.
QUERY_AUTH_HINT = ("give credentials (--user NAME; the password from $MULTIVECTOR_PASSWORD or "
                   "a prompt)")

Auth = tuple[str, str]


class RemoteError(MultivectorError):
    """A remote store could not be reached or refused a request (CLI exit 2)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Reply:
    """A successful HTTP answer: its body and media type (no parameters, lower case)."""

    body: bytes
    media_type: str


def _request(
    url: str,
    *,
    data: bytes | None = None,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    auth: Auth | None = None,
) -> Reply:
    """One HTTP exchange; every transport failure and HTTP error is a one-line RemoteError."""
    received = 0
    try:
        with httpx.Client(timeout=timeout, auth=auth, headers={"User-Agent": USER_AGENT},
                          follow_redirects=False) as client:
            with client.stream(method, url, content=data, headers=headers) as response:
                chunks = []
                for chunk in response.iter_bytes():
                    chunks.append(chunk)
                    received += len(chunk)
                body = b"".join(chunks)
                status, reason = response.status_code, response.reason_phrase
                media = response.headers.get("content-type", "").split(";")[0].strip().lower()
                location = response.headers.get("location", "")
    except httpx.TimeoutException:
        raise RemoteError(f"{url}: no answer within {timeout:g} s (timed out)") from None
    except httpx.ConnectError as exc:
        if "refused" in str(exc).lower():
            raise RemoteError(f"{url}: connection refused (is the server running?)") from None
        raise RemoteError(f"{url}: cannot connect ({_reason(exc)})") from None
    except httpx.RemoteProtocolError as exc:
        if received:
            raise RemoteError(
                f"{url}: answer cut off mid-way ({received} bytes received; {_reason(exc)})"
            ) from None
        if "disconnected" in str(exc).lower():
            raise RemoteError(
                f"{url}: connection closed by the server without an answer ({_reason(exc)})"
            ) from None
        raise RemoteError(f"{url}: malformed HTTP answer ({_reason(exc)})") from None
    except (httpx.ReadError, httpx.WriteError) as exc:
        raise RemoteError(
            f"{url}: connection broken by the server after {received} bytes ({_reason(exc)})"
        ) from None
    except (httpx.HTTPError, httpx.InvalidURL, OSError) as exc:
        raise RemoteError(f"{url}: connection failed ({_reason(exc)})") from None
    if 300 <= status < 400:
        raise RemoteError(
            f"{url}: HTTP {status} {reason}: redirected to {location or '?'} (give that URL)",
            status,
        )
    if status >= 400:
        detail = " ".join(body[:300].decode("utf-8", "replace").split())[:200]
        raise RemoteError(
            f"{url}: HTTP {status} {reason}" + (f": {detail}" if detail else ""), status
        )
    return Reply(body, media)


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


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
    dataset: Dataset, graph_store: str, *, timeout: float = DEFAULT_TIMEOUT,
    auth: Auth | None = None,
) -> list[PushedGraph]:
    """PUT every named graph of ``dataset`` to the Graph Store; returns what was sent.

    ``auth`` is (user, password) for HTTP Basic. A refusal (401/403) is a RemoteError with
    :data:`PUSH_AUTH_HINT` (or, with credentials given, that they were refused)."""
    _check_url(graph_store, "--graph-store")
    graphs = dataset_graphs(dataset)
    pushed = []
    for index, name in enumerate(sorted(graphs)):
        body = graph_ntriples(graphs[name], f"g{index}" if len(graphs) > 1 else "")
        separator = "&" if "?" in graph_store else "?"
        url = f"{graph_store}{separator}{urllib.parse.urlencode({'graph': str(name)})}"
        try:
            _request(
                url, data=body, method="PUT",
                headers={"Content-Type": "application/n-triples"}, timeout=timeout, auth=auth,
            )
        except RemoteError as exc:
            if exc.status not in (401, 403):
                raise
            what = "Unauthorized" if exc.status == 401 else "Forbidden"
            if auth is not None and exc.status == 401:
                hint = f"the store did not accept the credentials of user {auth[0]!r}"
            elif auth is not None:
                hint = f"user {auth[0]!r} may not write there ({STORE_WRITE_SETTINGS})"
            else:
                hint = PUSH_AUTH_HINT
            raise RemoteError(
                f"{graph_store}: upload refused (HTTP {exc.status} {what}): {hint}", exc.status
            ) from None
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
        auth: Auth | None = None,
    ) -> None:
        self.endpoint = _check_url(endpoint, "--endpoint")
        self.timeout = timeout
        self.auth = auth
        self._graphs = list(graphs) if graphs is not None else None
        #: how the dataset reaches the endpoint: "parameters", "from" or "server" (None: unprobed)
        self._dataset_mode: str | None = "server" if server_dataset else None

    def post(self, text: str, dataset: Iterable[str] = (), accept: str = "") -> Reply:
        fields: list[tuple[str, str]] = [("query", text)]
        for graph in dataset:
            fields += [("default-graph-uri", graph), ("named-graph-uri", graph)]
        try:
            return _request(
                self.endpoint,
                data=urllib.parse.urlencode(fields).encode("ascii"),
                method="POST",
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": accept or "application/sparql-results+json",
                },
                timeout=self.timeout,
                auth=self.auth,
            )
        except RemoteError as exc:
            if exc.status not in (401, 403):
                raise
            what = "Unauthorized" if exc.status == 401 else "Forbidden"
            if self.auth is not None:
                hint = f"the endpoint did not accept the credentials of user {self.auth[0]!r}"
            else:
                hint = QUERY_AUTH_HINT
            raise RemoteError(f"{self.endpoint}: query refused (HTTP {exc.status} {what}): "
                              f"{hint}", exc.status) from None

    def table(self, text: str, dataset: Iterable[str] = ()):  # noqa: ANN201 - ResultTable
        """A SELECT/ASK answer as a table; an answer that is not SPARQL JSON is a RemoteError."""
        reply = self.post(text, dataset)
        if reply.media_type and "json" not in reply.media_type:
            raise RemoteError(
                f"{self.endpoint}: answered {reply.media_type}, not SPARQL JSON results "
                "(is this the SPARQL query endpoint?)"
            )
        try:
            return from_sparql_json(reply.body, self.endpoint)
        except MultivectorError:
            raise RemoteError(
                f"{self.endpoint}: the answer is not complete SPARQL JSON results "
                f"({len(reply.body)} bytes; cut off, or not a SPARQL endpoint?)"
            ) from None

    def _ask(self, text: str, dataset: Iterable[str] = ()) -> bool:
        table = self.table(text, dataset)
        try:
            return bool(table.rows[0][0].toPython())  # type: ignore[union-attr]
        except (IndexError, AttributeError):
            raise RemoteError(f"{self.endpoint}: no boolean in the answer to an ASK") from None

    @property
    def graphs(self) -> list[str]:
        """The multivector named graphs the endpoint holds (``id:graph/…``, ``id:source/…``)."""
        if self._graphs is None:
            table = self.table(internal_query("remote/graphs").text)
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

    @property
    def dataset_mode(self) -> str:
        """How the dataset is sent: ``parameters`` (default-graph-uri/named-graph-uri), ``from``
        (FROM/FROM NAMED in the query, for an endpoint that ignores the parameters) or
        ``server`` (none: the endpoint's default graph is already the union). Probed once."""
        if self._dataset_mode is None:
            self._dataset_mode = self._probe()
        return self._dataset_mode

    def _probe(self) -> str:
        anything = internal_query("remote/anything").text
        if not self._ask(anything, [PROBE_GRAPH]):
            return "parameters"
        if not self._ask(with_dataset(anything, [PROBE_GRAPH])):
            return "from"
        if self._ask(internal_query("remote/default-not-union").text):
            raise RemoteError(
                f"{self.endpoint}: ignores the dataset of a request (default-graph-uri/"
                "named-graph-uri and FROM/FROM NAMED) and its default graph is not the union "
                "of its named graphs: turn on its union default graph (Oxigraph: "
                "--union-default-graph; Fuseki/TDB2: tdb2:unionDefaultGraph true) or load the "
                "graphs into its default graph too"
            )
        return "server"

    def _send(self, text: str) -> tuple[str, list[str]]:
        mode = self.dataset_mode
        if mode == "server":
            return text, []
        if mode == "from":
            return with_dataset(text, self.graphs), []
        return text, self.graphs

    def answer(self, text: str, where: Path | str) -> Answer:
        shape = query_shape(text, where)
        sent, dataset = self._send(text)
        if shape.form in ("CONSTRUCT", "DESCRIBE"):
            reply = self.post(sent, dataset, accept="application/n-triples")
            graph = Graph()
            try:
                graph.parse(data=reply.body.decode("utf-8"), format="nt")
            except Exception as exc:
                raise RemoteError(
                    f"{self.endpoint}: unreadable N-Triples answer ({_reason(exc)[:200]})"
                ) from None
            return Answer("CONSTRUCT", triples=list(graph))
        table = self.table(sent, dataset)
        if shape.form == "ASK":
            if not table.rows or table.rows[0][0] is None:
                raise RemoteError(f"{self.endpoint}: no boolean in the answer to an ASK")
            return Answer("ASK", boolean=bool(table.rows[0][0].toPython()))  # type: ignore[union-attr]
        return Answer("SELECT", table.columns, table.rows)


__all__ = [
    "DEFAULT_TIMEOUT",
    "PROBE_GRAPH",
    "PUSH_AUTH_HINT",
    "QUERY_AUTH_HINT",
    "STORE_WRITE_SETTINGS",
    "Auth",
    "Reply",
    "PushedGraph",
    "RemoteEngine",
    "RemoteError",
    "graph_ntriples",
    "graph_store_url",
    "push",
]
