"""A real Oxigraph server: push every graph, run every query remotely, same rows as embedded.

Also the three ways a remote store can fail — refused, HTTP error, no answer — each one line,
exit 2.
"""

from __future__ import annotations

import re
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
    count = len(list((REPO / "queries" / "cq").glob("cq*.rq")))
    assert count >= 16 and f"all {count} queries give the same rows" in result.stdout
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


# --- transport failures: one line, exit 2 (a raw socket server answers as the test says) ------

JSON_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
CUT_OFF = JSON_HEAD + b"Content-Length: 4000\r\n\r\n" + b'{"head": {"vars": ["g"]}, "results": {'
TRUNCATED = JSON_HEAD + b"Connection: close\r\n\r\n" + b'{"head": {"vars": ["g"]}, "results": {'
PAGE = b"<html><h1>Welcome</h1></html>"
HTML = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s" % (
    len(PAGE), PAGE)


@pytest.mark.parametrize(("answer", "reset", "message"), [
    (CUT_OFF, False, r"answer cut off mid-way \(38 bytes received; "),
    # a reset before any answer reads as "broken" or "closed", depending on when the RST lands
    (b"", True, r"connection (broken|closed) by the server (after 0 bytes|without an answer) \("),
    (HTML, False, r"answered text/html, not SPARQL JSON results \(is this the SPARQL query"),
    (TRUNCATED, False, r"the answer is not complete SPARQL JSON results \(38 bytes; cut off"),
    (b"SPARQL? never heard of it\r\n\r\n", False, r"malformed HTTP answer \("),
], ids=["cut-off", "reset", "html", "truncated-json", "not-http"])
def test_a_broken_answer_is_one_line_and_exit_2(answer: bytes, reset: bool, message: str) -> None:
    from tests.listener import RawServer

    stub = RawServer(answer, reset=reset)
    try:
        with pytest.raises(RemoteError, match=re.escape(stub.url) + ": " + message):
            RemoteEngine(stub.url, server_dataset=True).answer("ASK {}", "q")
        result = CliRunner().invoke(app, ["query", "CQ9", "--endpoint", stub.url,
                                          "--home", str(REPO)])
        assert result.exit_code == 2, result.stdout + result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and re.match("multivector: " + re.escape(stub.url) + ": " +
                                            message, lines[0]), result.stderr
        assert result.stdout == ""
    finally:
        stub.close()


# --- the request's dataset: parameters, FROM/FROM NAMED, or the server's union ----------------


def _stub_store(kg: KnowledgeGraph, *, union_copy: bool):
    """The shipped named graphs in a pyoxigraph Store; with ``union_copy`` their triples are in
    the default graph too (a server whose default graph is the union)."""
    import pyoxigraph as ox

    store = ox.Store()
    quads = list(kg.store.quads_for_pattern(None, None, None, None))
    named = [q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)]
    store.extend(named)
    if union_copy:
        store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in named)
    return store


def _all_same(kg: KnowledgeGraph, remote: RemoteEngine) -> None:
    for name, query in kg.queries.items():
        embedded = kg.table(query)
        there = run_query(query, engine=remote, resolve=Resolver(remote))
        assert not compare(embedded, there), name


def test_a_server_that_honours_the_dataset_parameters_gets_them(live) -> None:
    remote = RemoteEngine(live.query_url)
    assert remote.dataset_mode == "parameters"


def test_dataset_parameters_ignored_then_sent_as_from_clauses(kg: KnowledgeGraph) -> None:
    from tests.stubstores import AppServer, Seen, sparql_app

    seen = Seen()
    app_ = sparql_app(_stub_store(kg, union_copy=False), honour_from=True, union_default=False,
                      seen=seen)
    with AppServer(app_) as base:
        remote = RemoteEngine(base + "/query")
        assert remote.dataset_mode == "from"
        assert len(seen.queries) == 2  # the probe: parameters ignored, FROM honoured
        _all_same(kg, remote)
    cq9 = next(q for q in seen.queries if q.startswith("# name: CQ9\n"))
    graphs = remote.graphs
    assert all(f"FROM <{g}> FROM NAMED <{g}>" in cq9 for g in graphs)
    # the parameter is written where it is used, not joined by a top-level VALUES block
    assert "VALUES (" not in cq9
    assert ("GRAPH ?g { <https://w3id.org/multivector/id/proposal/RussiaSyriaDeployment2017> "
            "prov:wasDerivedFrom ?source . }") in cq9


def test_a_server_that_ignores_every_dataset_but_has_the_union_is_used_as_it_is(
        kg: KnowledgeGraph) -> None:
    from tests.stubstores import AppServer, Seen, sparql_app

    seen = Seen()
    app_ = sparql_app(_stub_store(kg, union_copy=False), honour_from=False, union_default=True,
                      seen=seen)
    with AppServer(app_) as base:
        remote = RemoteEngine(base + "/query")
        assert remote.dataset_mode == "server"
        assert len(seen.queries) == 3
        _all_same(kg, remote)


def test_a_server_that_ignores_every_dataset_without_a_union_is_refused(
        kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.stubstores import AppServer, Seen, sparql_app

    app_ = sparql_app(_stub_store(kg, union_copy=False), honour_from=False, union_default=False,
                      seen=Seen())
    with AppServer(app_) as base:
        monkeypatch.setattr(KnowledgeGraph, "load", classmethod(lambda cls, *a, **k: kg))
        result = CliRunner().invoke(app, ["query", "CQ1", "--endpoint", base + "/query",
                                          "--home", str(REPO)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(
        f"multivector: {base}/query: ignores the dataset of a request (default-graph-uri/"
        "named-graph-uri and FROM/FROM NAMED) and its default graph is not the union")
    assert "Oxigraph: --union-default-graph; Fuseki/TDB2: tdb2:unionDefaultGraph true" in (
        result.stderr)


# --- push: credentials and refusals -----------------------------------------------------------


def _push(kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch, base: str, *args: str,
          env: dict[str, str] | None = None):
    monkeypatch.setattr(KnowledgeGraph, "load", classmethod(lambda cls, *a, **k: kg))
    monkeypatch.delenv("MULTIVECTOR_PASSWORD", raising=False)
    return CliRunner().invoke(app, ["push", "--endpoint", base + "/query", "--graph-store",
                                    base + "/store", *args, "--home", str(REPO)], env=env)


def test_push_with_basic_auth_credentials_from_the_environment(
        kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.stubstores import AppServer, graph_store_app

    received: list[str] = []
    with AppServer(graph_store_app("alice", "s3cret", received)) as base:
        refused = _push(kg, monkeypatch, base)
        assert refused.exit_code == 2 and received == []
        assert refused.stderr == (
            f"multivector: {base}/store: upload refused (HTTP 401 Unauthorized): give "
            "credentials (--user NAME; the password from $MULTIVECTOR_PASSWORD or a prompt) or "
            'allow updates on the store: Virtuoso: GRANT SPARQL_UPDATE TO "SPARQL" (isql); '
            "Fuseki: start it with --update, or give the user write access in shiro.ini; "
            "GraphDB/Stardog: a user with write access to the repository/database\n")
        wrong = _push(kg, monkeypatch, base, "--user", "alice",
                      env={"MULTIVECTOR_PASSWORD": "guess"})
        assert wrong.exit_code == 2
        assert "did not accept the credentials of user 'alice'" in wrong.stderr
        assert "guess" not in wrong.stderr + wrong.stdout
        done = _push(kg, monkeypatch, base, "--user", "alice", "--password-env", "STORE_PW",
                     env={"STORE_PW": "s3cret"})
        assert done.exit_code == 0, done.stderr
        assert len(received) == 8 and f"pushed 8 graphs to {base}/store" in done.stdout
        no_password = _push(kg, monkeypatch, base, "--user", "alice")
        assert no_password.exit_code == 2
        assert no_password.stderr == (
            "multivector: --user alice: no password: set the environment variable "
            "MULTIVECTOR_PASSWORD (or run on a terminal to be asked)\n")
        on_command_line = _push(kg, monkeypatch, base, "--user", "alice", "--password", "x")
        assert on_command_line.exit_code == 2 and "No such option" in on_command_line.output


def test_push_refused_for_everyone_names_the_store_settings(
        kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.stubstores import AppServer, graph_store_app

    with AppServer(graph_store_app("alice", "s3cret", [], forbidden=True)) as base:
        result = _push(kg, monkeypatch, base, "--user", "alice",
                       env={"MULTIVECTOR_PASSWORD": "s3cret"})
    assert result.exit_code == 2
    assert result.stderr == (
        f"multivector: {base}/store: upload refused (HTTP 403 Forbidden): user 'alice' may not "
        'write there (Virtuoso: GRANT SPARQL_UPDATE TO "SPARQL" (isql); Fuseki: start it with '
        "--update, or give the user write access in shiro.ini; GraphDB/Stardog: a user with "
        "write access to the repository/database)\n")


def test_sparql_option_prints_what_an_endpoint_is_sent() -> None:
    """``--sparql --endpoint``: the terms written where used (no network: the defaults are
    CURIEs, nothing to resolve)."""
    result = CliRunner().invoke(app, ["query", "CQ9", "--sparql", "--endpoint",
                                      "http://127.0.0.1:9/query", "--home", str(REPO)])
    assert result.exit_code == 0, result.stderr
    assert "VALUES (" not in result.stdout
    assert ("GRAPH ?g { <https://w3id.org/multivector/id/proposal/RussiaSyriaDeployment2017> "
            "prov:wasDerivedFrom ?source . }") in result.stdout
    embedded = CliRunner().invoke(app, ["query", "CQ9", "--sparql", "--home", str(REPO)])
    assert "VALUES (?statement) {" in embedded.stdout


# --- query and find: credentials for an endpoint that asks for them ----------------------------


def test_query_and_find_on_an_endpoint_that_needs_credentials(
        kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.stubstores import AppServer, Seen, sparql_app

    monkeypatch.setattr(KnowledgeGraph, "load", classmethod(lambda cls, *a, **k: kg))
    monkeypatch.delenv("MULTIVECTOR_PASSWORD", raising=False)
    app_ = sparql_app(_stub_store(kg, union_copy=False), honour_from=True, union_default=False,
                      seen=Seen(), auth=("alice", "s3cret"))

    def run(*args: str, env: dict[str, str] | None = None):
        return CliRunner().invoke(app, [*args, "--home", str(REPO)], env=env)

    with AppServer(app_) as base:
        url = base + "/query"
        refused = run("query", "CQ1", "--endpoint", url)
        assert refused.exit_code == 2
        assert refused.stderr == (
            f"multivector: {url}: query refused (HTTP 401 Unauthorized): give credentials "
            "(--user NAME; the password from $MULTIVECTOR_PASSWORD or a prompt)\n")
        wrong = run("query", "CQ1", "--endpoint", url, "--user", "alice",
                    env={"MULTIVECTOR_PASSWORD": "guess"})
        assert wrong.exit_code == 2 and wrong.stderr.count("\n") == 1
        assert "did not accept the credentials of user 'alice'" in wrong.stderr
        assert "guess" not in wrong.stderr + wrong.stdout
        remote = run("query", "CQ1", "--endpoint", url, "-f", "csv", "--user", "alice",
                     "--password-env", "SPARQL_PW", env={"SPARQL_PW": "s3cret"})
        embedded = run("query", "CQ1", "-f", "csv")
        assert remote.exit_code == 0, remote.stderr
        assert remote.stdout == embedded.stdout and remote.stdout.count("\n") >= 3
        found = run("find", "Astana", "--endpoint", url, "-f", "csv", "--user", "alice",
                    env={"MULTIVECTOR_PASSWORD": "s3cret"})
        assert found.exit_code == 0, found.stderr
        assert found.stdout == run("find", "Astana", "-f", "csv").stdout
        assert "https://w3id.org/multivector/id/Astana" in found.stdout
        no_endpoint = run("query", "CQ1", "--user", "alice")
        assert no_endpoint.exit_code == 2
        assert "--user is for --endpoint URL" in no_endpoint.stderr
