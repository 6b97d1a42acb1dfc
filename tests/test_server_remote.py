"""A real Oxigraph server: push every graph, run every query remotely, same rows as embedded.

Also the three ways a remote store can fail — refused, HTTP error, no answer — each one line,
exit 2.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multivector import server
from multivector.api import KnowledgeGraph
from multivector.cli import app
from multivector.queries import run_query
from multivector.remote import RemoteEngine, RemoteError, graph_store_url, push
from multivector.resolve import Resolver
from multivector.results import compare

pytestmark = pytest.mark.slow  # a live server for the shipped graph

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, kg: KnowledgeGraph):
    """A writable Oxigraph server on a free loopback port with a temporary store, pushed to.

    Started without --union-default-graph: the client names the dataset itself.
    """
    location = server.prepare_store(tmp_path_factory.mktemp("oxigraph") / "store")
    running = server.start(location, writable=True, union_default_graph=False)
    try:
        pushed = push(kg.dataset, graph_store_url(running.query_url))
        assert len(pushed) == len(list(kg.dataset.graphs())) - 1  # all but the empty default
        yield running
    finally:
        code = running.stop()
        assert running.process.poll() is not None, code


def test_every_competency_query_gives_the_same_rows_remotely(live, kg: KnowledgeGraph) -> None:
    remote = RemoteEngine(live.query_url)
    assert len(remote.graphs) == 8
    for name, query in kg.queries.items():
        embedded = kg.table(query)
        there = run_query(query, engine=remote, resolve=Resolver(remote))
        difference = compare(embedded, there)
        assert not difference, f"{name}: {difference}"
        assert embedded.rows, name


def test_names_resolve_remotely_too(live) -> None:
    remote = RemoteEngine(live.query_url)
    assert str(Resolver(remote).resolve("KZ")) == "https://w3id.org/multivector/id/Kazakhstan"


def test_cli_compare_and_remote_query(live, kg: KnowledgeGraph,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(KnowledgeGraph, "load", classmethod(lambda cls, *a, **k: kg))
    runner = CliRunner()
    result = runner.invoke(app, ["query", "--all", "--endpoint", live.query_url, "--compare",
                                 "--home", str(REPO)])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "all 12 queries give the same rows" in result.stdout
    remote = runner.invoke(app, ["query", "CQ1", "--endpoint", live.query_url, "-f", "csv",
                                 "-p", "a=CSTO", "--home", str(REPO)])
    assert remote.stdout.splitlines()[1:] == [
        "https://w3id.org/multivector/id/Kazakhstan,Kazakhstan",
        "https://w3id.org/multivector/id/Kyrgyzstan,Kyrgyzstan",
    ]


def test_compare_reports_differences_and_exits_1(live, kg: KnowledgeGraph,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Drop one graph on the server: the queries that use it must be reported as different."""
    import urllib.request

    graph = "https://w3id.org/multivector/id/source/001_7b871defe8eb9c5c"
    request = urllib.request.Request(
        f"{live.store_url}?graph={graph}", method="DELETE"
    )
    urllib.request.urlopen(request, timeout=10).close()
    try:
        monkeypatch.setattr(KnowledgeGraph, "load", classmethod(lambda cls, *a, **k: kg))
        result = CliRunner().invoke(app, ["query", "CQ3", "--endpoint", live.query_url,
                                          "--compare", "--home", str(REPO)])
        assert result.exit_code == 1
        assert "CQ3: DIFFERENT:" in result.stdout and "missing: " in result.stdout
    finally:
        push(kg.dataset, live.store_url)


def test_http_error_is_one_line(live) -> None:
    with pytest.raises(RemoteError, match=r"/nope: HTTP 404 Not Found"):
        RemoteEngine(live.base + "/nope").answer("ASK {}", "q")


def test_refused_connection_is_one_line_exit_2() -> None:
    port = server.free_port()  # bound then closed: nobody listens there
    result = CliRunner().invoke(app, ["query", "CQ1", "--endpoint",
                                      f"http://127.0.0.1:{port}/query", "--home", str(REPO)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"multivector: http://127.0.0.1:{port}/query: connection refused (is the server running?)"
    )


def test_a_server_that_never_answers_times_out() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    accepted: list[socket.socket] = []
    thread = threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True)
    thread.start()
    try:
        started = time.monotonic()
        result = CliRunner().invoke(app, ["query", "CQ7", "--endpoint",
                                          f"http://127.0.0.1:{port}/query", "--timeout", "1",
                                          "--home", str(REPO)])
        assert result.exit_code == 2
        assert result.stderr.strip() == (
            f"multivector: http://127.0.0.1:{port}/query: no answer within 1 s (timed out)"
        )
        assert time.monotonic() - started < 10
    finally:
        for connection in accepted:
            connection.close()
        listener.close()


def test_push_needs_a_graph_store_it_can_guess() -> None:
    assert graph_store_url("http://h:7878/query") == "http://h:7878/store"
    with pytest.raises(RemoteError, match="cannot guess the Graph Store URL"):
        graph_store_url("http://h:8890/data")
    bad = CliRunner().invoke(app, ["push", "--endpoint", "ftp://x/query"])
    assert bad.exit_code == 2 and "is not an http(s) URL" in bad.stderr


def test_serve_loads_dist_and_stops_on_sigterm(tmp_path: Path, kg: KnowledgeGraph) -> None:
    """The serve path: load an N-Quads export into a store, serve it read-only, stop it."""
    from multivector.export import export_file

    nquads = export_file(kg.dataset, tmp_path / "multivector.nq")
    location = server.prepare_store(tmp_path / "store")
    server.load_store(location, nquads)
    running = server.start(location)  # read-only, union default graph
    try:
        remote = RemoteEngine(running.query_url, server_dataset=True)
        answer = remote.answer(
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "count"
        )
        assert int(answer.rows[0][0]) == len(kg)  # the named quads (bag union on the server)
        with pytest.raises(RemoteError, match="HTTP 4"):  # read-only: writes refused
            push(kg.dataset, running.store_url)
    finally:
        assert running.stop() is not None
    with pytest.raises(Exception, match="not empty and was not made by multivector serve"):
        (tmp_path / "mine").mkdir()
        (tmp_path / "mine" / "precious.txt").write_text("x")
        server.prepare_store(tmp_path / "mine")
