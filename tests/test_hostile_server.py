"""``multivector serve`` under hostile requests: refused in one line, never down, still answering.

One real ``serve`` process (the CLI, on a free loopback port, ``--timeout 3``) takes every case
of the table: deep nesting, huge queries, SERVICE to a listener that must see no connection,
updates through every route, bad requests. Each case asserts the HTTP status and a one-line
answer without a traceback; afterwards the same server still answers CQ1 correctly. Then the
engine child is killed (the server restarts it and answers), a slow query is stopped at the
timeout, a busy port is one line and exit 2, ``kill -9`` of ``serve`` leaves no engine behind,
and a bounded load test on a server of its own (8 clients × 200 requests, alone and beside two
hostile slow queries) sees no error — its figures come from ``python -m benchmarks.server_load``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from benchmarks.server_load import SLOW_QUERY, cq1_text, load_round

from multivector.endpoint.settings import EndpointSettings
from tests import serving
from tests.listener import Listener
from tests.serving import Serve

pytestmark = pytest.mark.slow  # live servers and engine processes

REPO = Path(__file__).resolve().parents[1]
SERVE_TIMEOUT = 3.0
CQ1_STATES = ["Kazakhstan", "Kyrgyzstan"]


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.extend(int(child) for child in text)
    return found


def _engine_pid(serve_pid: int, within: float = 10.0) -> int:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        for child in _children(serve_pid):
            command = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
            if any(part.endswith(b"oxigraph") for part in command[:1]):
                return child
        time.sleep(0.05)
    raise AssertionError("serve has no oxigraph child")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project home whose dist/multivector.nq is the shipped graph (built once)."""
    from multivector.api import KnowledgeGraph
    from multivector.export import export_file

    root = tmp_path_factory.mktemp("home")
    (root / "dist").mkdir()
    export_file(KnowledgeGraph.load(REPO).dataset, root / "dist" / "multivector.nq")
    return root


def start_serve(home: Path, tmp: Path, *extra: str) -> Serve:
    return serving.start("--home", str(home), *extra, cwd=tmp, logs=tmp)


def stop_serve(serve: Serve) -> int:
    return serving.stop(serve)


@pytest.fixture(scope="module")
def live(home: Path, tmp_path_factory: pytest.TempPathFactory):
    serve = start_serve(home, tmp_path_factory.mktemp("serve"), "--timeout", str(SERVE_TIMEOUT))
    try:
        yield serve
    finally:
        code = stop_serve(serve)
        assert code == 0, serve.stderr()
        assert "Traceback" not in serve.stderr()


def cq1_states(base: str) -> list[str]:
    response = httpx.post(f"{base}/query", data={"query": cq1_text()},
                          headers={"Accept": "text/csv"}, timeout=30)
    assert response.status_code == 200, response.text
    lines = response.text.splitlines()
    column = lines[0].split(",").index("stateLabel")
    return sorted(line.split(",")[column] for line in lines[1:])


def assert_one_line(response: httpx.Response, status: int, fragment: str) -> None:
    body = response.text
    assert response.status_code == status, (response.status_code, body[:300])
    assert fragment in body, body[:300]
    assert body.endswith("\n") and "\n" not in body[:-1], body[:300]
    assert "Traceback" not in body and "panicked" not in body


# -- the table of hostile requests ------------------------------------------------------------

SPARQL_QUERY = {"Content-Type": "application/sparql-query"}
SPARQL_UPDATE = {"Content-Type": "application/sparql-update"}
DEPTH = "nesting deeper than 500"
SIZE = "over the size limit of 262,144 bytes (raise it with --max-query-size)"
READ_ONLY = "updates are refused: this endpoint is read-only"
SERVICE_REFUSED = "would send a query to another endpoint (allow it with --allow-service)"
GRAPH = "https://w3id.org/multivector/id/graph/reference"


def parens(n: int) -> str:
    return "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * n + "true" + ")" * n + ") }"


def braces(n: int) -> str:
    return "SELECT * WHERE " + "{" * n + " ?s ?p ?o " + "}" * n


def or_chain(n: int) -> str:
    return "SELECT * WHERE { ?s ?p ?o FILTER(" + "||".join(["?o"] * n) + ") }"


def service(port: int, keyword: str = "SERVICE") -> str:
    return f"SELECT * WHERE {{ {keyword} <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"


# (id, method, path, request keyword arguments — "{port}" is the listener's —, status, fragment)
CASES: list[tuple[str, str, str, dict, int, str]] = [
    ("5000-parentheses", "POST", "/query", {"content": parens(5000), "headers": SPARQL_QUERY},
     400, DEPTH),
    ("5000-parentheses-form", "POST", "/query", {"data": {"query": parens(5000)}}, 400, DEPTH),
    ("5000-parentheses-get", "GET", "/query", {"params": {"query": parens(5000)}}, 400, DEPTH),
    ("5000-braces", "POST", "/query", {"content": braces(5000), "headers": SPARQL_QUERY},
     400, DEPTH),
    ("40000-or-terms", "POST", "/query", {"content": or_chain(40000), "headers": SPARQL_QUERY},
     400, DEPTH),
    ("5000-unions", "POST", "/query",
     {"data": {"query": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 5000) + " }"}},
     400, DEPTH),
    ("5000-nested-blank-nodes", "POST", "/query",
     {"data": {"query": "SELECT * WHERE { ?s ?p " + "[ ?p " * 5000 + "?o" + " ]" * 5000 + " }"}},
     400, DEPTH),
    ("300-KB-query", "POST", "/query",
     {"content": "SELECT * WHERE { ?s ?p ?o } #" + "x" * 300_000, "headers": SPARQL_QUERY},
     400, SIZE),
    ("1-MB-form", "POST", "/query",
     {"data": {"query": "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_000_000}}, 400, SIZE),
    ("300-KB-update-writable-only", "POST", "/update",
     {"content": "INSERT DATA {}" + " " * 300_000, "headers": SPARQL_UPDATE}, 403, READ_ONLY),
    ("service", "POST", "/query", {"data": {"query": "SERVICE:{port}"}}, 400, SERVICE_REFUSED),
    ("service-direct-body", "POST", "/query",
     {"content": "SERVICE:{port}", "headers": SPARQL_QUERY}, 400, SERVICE_REFUSED),
    ("service-get", "GET", "/query", {"params": {"query": "SERVICE:{port}"}}, 400,
     SERVICE_REFUSED),
    ("service-lowercase", "POST", "/query", {"data": {"query": "service:{port}"}}, 400,
     SERVICE_REFUSED),
    ("service-unicode-escape", "POST", "/query", {"data": {"query": "SERVI\\u0043E:{port}"}},
     400, SERVICE_REFUSED),
    ("service-in-subquery", "POST", "/query",
     {"data": {"query": "SELECT * WHERE { { SELECT * WHERE { SERVICE SILENT "
               "<http://127.0.0.1:{port}/> { ?s ?p ?o } } } }"}}, 400, SERVICE_REFUSED),
    ("update-direct", "POST", "/update",
     {"content": "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "headers": SPARQL_UPDATE},
     403, READ_ONLY),
    ("update-form", "POST", "/update",
     {"data": {"update": "DELETE WHERE { ?s ?p ?o }"}}, 403, READ_ONLY),
    ("update-load", "POST", "/update",
     {"data": {"update": "LOAD <http://127.0.0.1:{port}/data.ttl>"}}, 403, READ_ONLY),
    ("update-description", "GET", "/update", {}, 403, READ_ONLY),
    ("update-field-on-query", "POST", "/query",
     {"data": {"update": "DROP ALL"}}, 403, READ_ONLY),
    ("update-text-as-query", "POST", "/query", {"data": {"query": "DROP ALL"}}, 403, READ_ONLY),
    ("update-text-with-prefix", "POST", "/query",
     {"content": "PREFIX ex: <urn:x:>\nCLEAR GRAPH ex:g", "headers": SPARQL_QUERY},
     403, READ_ONLY),
    ("graph-store-put", "PUT", "/store",
     {"params": {"graph": GRAPH}, "content": b"<urn:a> <urn:b> <urn:c> .",
      "headers": {"Content-Type": "application/n-triples"}}, 403, READ_ONLY),
    ("graph-store-post", "POST", "/store",
     {"params": {"graph": GRAPH}, "content": b"<urn:a> <urn:b> <urn:c> .",
      "headers": {"Content-Type": "application/n-triples"}}, 403, READ_ONLY),
    ("graph-store-delete", "DELETE", "/store", {"params": {"graph": GRAPH}}, 403, READ_ONLY),
    ("graph-store-delete-all", "DELETE", "/store", {}, 403, READ_ONLY),
    ("graph-store-direct-put", "PUT", "/store/anything",
     {"content": b"<urn:a> <urn:b> <urn:c> .",
      "headers": {"Content-Type": "application/n-triples"}}, 403, READ_ONLY),
    ("two-queries", "POST", "/query",
     {"content": "query=ASK%7B%7D&query=ASK%7B%7D",
      "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
     400, "give exactly one 'query' parameter"),
    ("no-content-type", "POST", "/query", {"content": b"ASK {}"}, 415, "takes Content-Type"),
    ("not-utf-8", "POST", "/query", {"content": b"ASK { \xff }", "headers": SPARQL_QUERY},
     400, "not UTF-8"),
    ("syntax-error", "POST", "/query", {"data": {"query": "SELECT WHERE {"}}, 400, "error"),
    ("undeclared-prefix", "POST", "/query",
     {"data": {"query": "SELECT * WHERE {\n ?s foo:bar ?o }"}}, 400,
     "prefix foo: is not declared (line 2, column 5)"),
]


def _request_args(args: dict, port: int) -> dict:
    def fill(value):
        if isinstance(value, str):
            if value.startswith(("SERVICE:", "service:", "SERVI\\u0043E:")):
                keyword, _, _ = value.partition(":")
                return service(port, keyword)
            return value.replace("{port}", str(port))
        if isinstance(value, dict):
            return {key: fill(item) for key, item in value.items()}
        return value

    return {key: fill(value) for key, value in args.items()}


def test_the_endpoint_answers_cq1_before(live: Serve) -> None:
    assert cq1_states(live.base) == CQ1_STATES


@pytest.mark.parametrize(("case", "method", "path", "args", "status", "fragment"), CASES,
                         ids=[case[0] for case in CASES])
def test_hostile_request_is_refused_in_one_line(
    live: Serve, case: str, method: str, path: str, args: dict, status: int, fragment: str,
) -> None:
    listener = Listener()
    try:
        started = time.monotonic()
        response = httpx.request(method, live.base + path, timeout=30,
                                 **_request_args(args, listener.port))
        assert_one_line(response, status, fragment)
        assert time.monotonic() - started < SERVE_TIMEOUT + 5
        time.sleep(0.05)
        assert listener.connections == 0
    finally:
        listener.close()
    assert live.process.poll() is None


def test_a_query_gets_the_project_prefixes_it_does_not_declare(live: Serve) -> None:
    text = 'SELECT ?l WHERE { id:Kazakhstan rdfs:label ?l FILTER (LANG(?l) = "en") }'
    for response in (
        httpx.get(live.base + "/query", params={"query": text},
                  headers={"Accept": "text/csv"}, timeout=30),
        httpx.post(live.base + "/sparql", content=text.encode(),
                   headers={**SPARQL_QUERY, "Accept": "text/csv"}, timeout=30),
    ):
        assert response.status_code == 200, response.text
        assert response.text.split() == ["l", "Kazakhstan"]
    own = httpx.get(live.base + "/query", timeout=30, headers={"Accept": "text/csv"},
                    params={"query": "PREFIX rdfs: <urn:mine:> " + text})
    assert own.status_code == 200 and own.text.split() == ["l"]  # their rdfs: wins


def test_reads_still_work_and_unknown_paths_stay_out(live: Serve) -> None:
    assert httpx.get(live.base + "/", timeout=10).status_code == 200  # the query page
    dump = httpx.get(live.base + "/store", params={"graph": GRAPH},
                     headers={"Accept": "application/n-triples"}, timeout=30)
    assert dump.status_code == 200 and dump.text.count("\n") > 100
    assert httpx.get(live.base + "/admin", timeout=10).status_code == 404
    assert httpx.request("PATCH", live.base + "/query", timeout=10).status_code == 405


def test_a_slow_query_is_stopped_at_the_timeout(live: Serve) -> None:
    started = time.monotonic()
    response = httpx.post(live.base + "/query", data={"query": SLOW_QUERY}, timeout=60)
    elapsed = time.monotonic() - started
    assert_one_line(response, 504, f"no complete answer within {SERVE_TIMEOUT:g} s")
    assert "--timeout" in response.text
    assert SERVE_TIMEOUT - 0.5 < elapsed < SERVE_TIMEOUT + 3
    assert cq1_states(live.base) == CQ1_STATES  # answered beside the overrunning query


def test_a_killed_engine_is_restarted_and_the_server_keeps_answering(live: Serve) -> None:
    engine = _engine_pid(live.process.pid)
    os.kill(engine, signal.SIGKILL)
    assert cq1_states(live.base) == CQ1_STATES
    replacement = _engine_pid(live.process.pid)
    assert replacement != engine and _alive(replacement)
    lines = [line for line in live.stderr().splitlines() if "exited with code -9" in line]
    assert lines == [
        "multivector serve: the SPARQL engine exited with code -9; restarting it"
    ]


def test_the_same_server_still_answers_cq1_after_the_hostile_cases(live: Serve) -> None:
    assert cq1_states(live.base) == CQ1_STATES
    assert live.process.poll() is None
    assert "Traceback" not in live.stderr()


@pytest.mark.slow
def test_load_8_clients_200_requests_alone_and_beside_hostile_queries(
    home: Path, tmp_path: Path
) -> None:
    """Its own server, with a 10 s timeout: a busy 2-core machine must not turn a slow CQ1
    into a failure; the hostile queries still overrun it and get the engine restarted."""
    serve = start_serve(home, tmp_path, "--timeout", "10")
    try:
        text = cq1_text()
        alone = load_round(serve.base, text, "Kyrgyzstan", clients=8, requests=200)
        assert alone.errors == [] and len(alone.latencies) == 1600
        busy = load_round(serve.base, text, "Kyrgyzstan", clients=8, requests=200, hostile=2)
        assert busy.errors == [] and len(busy.latencies) == 1600
        assert busy.hostile_statuses and set(busy.hostile_statuses) <= {503, 504}
        assert cq1_states(serve.base) == CQ1_STATES
    finally:
        assert stop_serve(serve) == 0
    assert "Traceback" not in serve.stderr()


# -- the process: busy port, kill -9, exit codes ----------------------------------------------


def test_a_busy_port_is_one_line_and_exit_2(home: Path) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        done = subprocess.run(
            [sys.executable, "-m", "multivector", "serve", "--port", str(port),
             "--home", str(home)],
            capture_output=True, text=True, timeout=60,
        )
    finally:
        taken.close()
    assert done.returncode == 2
    assert done.stderr == (
        f"multivector: --port: 127.0.0.1:{port} is already in use (choose another port, "
        "or 0 for any free one)\n"
    )


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--timeout", "inf", "--timeout: must be a number of seconds above 0"),
    ("--timeout", "nan", "--timeout: must be a number of seconds above 0"),
    ("--timeout", "1e9", "--timeout: must be a number of seconds above 0"),
    ("--max-query-size", "lots", "--max-query-size: 'lots' is not a size"),
    ("--max-query-depth", "0", "--max-query-depth: must be at least 1"),
])
def test_bad_serve_options_are_one_line(home: Path, option: str, value: str,
                                        message: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "multivector", "serve", "--port", "0", option, value,
         "--home", str(home)],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.startswith(f"multivector: {message}") and done.stderr.count("\n") == 1


def test_kill_9_of_serve_leaves_no_engine_on_its_port(home: Path, tmp_path: Path) -> None:
    serve = start_serve(home, tmp_path)
    engine = _engine_pid(serve.process.pid)
    command = Path(f"/proc/{engine}/cmdline").read_bytes().split(b"\0")
    private = int(command[command.index(b"--bind") + 1].rsplit(b":", 1)[1])
    with socket.create_connection(("127.0.0.1", private), timeout=5):
        pass  # the engine listens on its private port
    os.kill(serve.process.pid, signal.SIGKILL)
    serve.process.wait(10)
    deadline = time.monotonic() + 10
    while _alive(engine) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(engine)
    # no process is left serving that port: not the engine, nor anything it started (the port
    # itself may be reused by another test's server at once, so it is not probed)
    bind = f"127.0.0.1:{private}".encode()
    assert [pid for pid in _processes() if bind in _cmdline(pid)] == []


def _processes() -> list[int]:
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # the process ended meanwhile
        return b""


def test_sigterm_stops_serve_and_its_engine_with_exit_0(home: Path, tmp_path: Path) -> None:
    serve = start_serve(home, tmp_path)
    engine = _engine_pid(serve.process.pid)
    assert stop_serve(serve) == 0
    assert not _alive(engine)
    # one line says which graph is served and from where, nothing else
    nquads = home / "dist" / "multivector.nq"
    assert serve.stderr() == (
        f"multivector serve: serving {nquads} loaded into a temporary store (removed at exit)\n"
    )


def test_a_store_folder_of_someone_else_is_one_line_and_exit_2(
    home: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    store.mkdir()
    (store / "precious.txt").write_text("x")
    done = subprocess.run(
        [sys.executable, "-m", "multivector", "serve", "--port", "0", "--store", str(store),
         "--home", str(home)],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2
    assert "not empty and was not made by multivector serve" in done.stderr
    assert done.stderr.count("\n") == 1


def test_an_engine_that_keeps_dying_stops_serve_with_exit_2(home: Path, tmp_path: Path) -> None:
    serve = start_serve(home, tmp_path)
    killed: set[int] = set()
    deadline = time.monotonic() + 60
    while serve.process.poll() is None and time.monotonic() < deadline:
        try:
            engine = _engine_pid(serve.process.pid, within=2)
        except (AssertionError, FileNotFoundError):
            continue
        if engine not in killed:
            killed.add(engine)
            with contextlib.suppress(ProcessLookupError):  # it may have died on its own already
                os.kill(engine, signal.SIGKILL)
    assert serve.process.wait(30) == 2
    last = serve.stderr().splitlines()[-1]
    assert last == (
        "multivector: serve stopped: the SPARQL engine died 3 times within 5 s of starting; "
        "giving up"
    )
    assert "Traceback" not in serve.stderr()
    assert not any(_alive(pid) for pid in killed)


def test_only_loopback_addresses_count_as_local() -> None:
    assert EndpointSettings(host="127.0.0.1").loopback_only
    assert EndpointSettings(host="::1").loopback_only
    assert EndpointSettings(host="localhost").loopback_only
    assert not EndpointSettings(host="0.0.0.0").loopback_only
    assert not EndpointSettings(host="192.0.2.7").loopback_only


def test_a_writable_endpoint_still_guards_updates(home: Path, tmp_path: Path) -> None:
    serve = start_serve(home, tmp_path, "--writable")
    listener = Listener()
    try:
        insert = httpx.post(serve.base + "/update", timeout=30,
                            content="INSERT DATA { <urn:x:a> <urn:x:b> 'written' }",
                            headers=SPARQL_UPDATE)
        assert insert.status_code == 204, insert.text
        load = httpx.post(serve.base + "/update", timeout=30,
                          data={"update": f"LOAD <http://127.0.0.1:{listener.port}/data.ttl>"})
        assert_one_line(load, 400, "update refused: LOAD at line 1, column 1 would fetch a URL "
                        "(allow it with --allow-service)")
        deep = httpx.post(serve.base + "/update", timeout=30, headers=SPARQL_UPDATE,
                          content="DELETE WHERE " + "{" * 5000 + "}" * 5000)
        assert_one_line(deep, 400, "update refused: nesting deeper than 500")
        asked = httpx.post(serve.base + "/query", timeout=30,
                           data={"query": "ASK { <urn:x:a> <urn:x:b> 'written' }"},
                           headers={"Accept": "application/sparql-results+json"})
        assert asked.json()["boolean"] is True
        time.sleep(0.05)
        assert listener.connections == 0
    finally:
        listener.close()
        assert stop_serve(serve) == 0
