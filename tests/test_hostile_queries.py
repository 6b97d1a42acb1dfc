"""Hostile queries through ``multivector query`` and ``KnowledgeGraph.query``: the same guard as
the server (size, nesting depth, SERVICE), timeouts that count parsing and reject nonsense, and a
worker process that never outlives its parent.

Every refusal is one line (exit 2 on the command line, InputError in Python), asserted in full
where the wording is the contract; SERVICE cases point at a listener on 127.0.0.1 that must see
no connection.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from multivector.api import KnowledgeGraph
from multivector.cli import app
from multivector.errors import InputError
from multivector.querylimits import (
    QueryLimits,
    QueryRefused,
    check_query,
    query_depth,
    update_keyword,
)
from tests.listener import Listener

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def listener():
    running = Listener()
    try:
        yield running
    finally:
        running.close()


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return KnowledgeGraph.load(REPO)


def parens(n: int) -> str:
    return "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * n + "true" + ")" * n + ") }"


def braces(n: int) -> str:
    return "SELECT * WHERE " + "{" * n + " ?s ?p ?o " + "}" * n


def or_chain(n: int) -> str:
    return "SELECT * WHERE { ?s ?p ?o FILTER(" + "||".join(["?o"] * n) + ") }"


DEPTH = (
    "query refused: nesting deeper than 500 at line 1, column {column} (groups, parentheses and "
    "chained operators count; raise it with --max-query-depth)"
)
SERVICE = (
    "query refused: SERVICE at line 1, column 18 would send a query to another endpoint (allow "
    "it with --allow-service)"
)

# (id, query text — "{port}" is the listener's —, the one line expected after "<stdin>: ")
GUARD_CASES = [
    ("5000-parentheses", parens(5000), DEPTH.format(column=531)),
    ("5000-braces", braces(5000), DEPTH.format(column=515)),
    ("40000-or-terms", or_chain(40000), DEPTH.format(column=2024)),
    ("1000-unions", "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 1000) + " }",
     DEPTH.format(column=4749)),
    ("5000-negations", "ASK { FILTER(" + "!" * 5000 + "true) }", DEPTH.format(column=512)),
    ("300-KB", "SELECT * WHERE { ?s ?p ?o } #" + "x" * 300_000,
     "query refused: 300,029 bytes is over the size limit of 262,144 bytes (raise it with "
     "--max-query-size)"),
    ("service", "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/> { ?s ?p ?o } }", SERVICE),
    ("service-lowercase", "SELECT * WHERE { service <http://127.0.0.1:{port}/> { ?s ?p ?o } }",
     SERVICE),
    ("service-silent", "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:{port}/> { ?s ?p ?o } }",
     SERVICE),
    ("service-escaped", "SELECT * WHERE { SERVI\\u0043E <http://127.0.0.1:{port}/> { ?s ?p ?o } }",
     SERVICE),
    ("service-variable-endpoint",
     "SELECT * WHERE { SERVICE ?e { ?s ?p ?o } BIND(<http://127.0.0.1:{port}/> AS ?e) }",
     SERVICE),
]


@pytest.mark.parametrize(("case", "text", "message"), GUARD_CASES,
                         ids=[case[0] for case in GUARD_CASES])
def test_cli_refuses_hostile_queries_in_one_line(
    listener: Listener, case: str, text: str, message: str,
) -> None:
    started = time.monotonic()
    result = CliRunner().invoke(app, ["query", "-", "--home", str(REPO)],
                                input=text.replace("{port}", str(listener.port)))
    assert result.exit_code == 2, result.output
    assert result.stderr == f"multivector: <stdin>: {message}\n"
    assert result.stdout == ""
    assert time.monotonic() - started < 20  # refused before the graph is even loaded
    assert listener.connections == 0


@pytest.mark.parametrize(("case", "text", "message"), GUARD_CASES,
                         ids=[case[0] for case in GUARD_CASES])
def test_api_refuses_the_same_queries_with_the_same_message(
    kg: KnowledgeGraph, listener: Listener, case: str, text: str, message: str,
) -> None:
    with pytest.raises(QueryRefused) as refused:
        kg.query(text.replace("{port}", str(listener.port)))
    assert str(refused.value) == f"<query>: {message}"
    assert listener.connections == 0


def test_strings_comments_iris_and_names_do_not_count() -> None:
    text = (
        "PREFIX ex: <http://example.org/SERVICE(((>\n"
        "SELECT ?service WHERE {  # SERVICE <http://x/> { (((\n"
        "  ?service ex:SERVICE 'SERVICE {{{' ; ex:p \"\"\"a \"quoted\" ((( }}}\"\"\" ;\n"
        "           ex:q \"x\"^^ex:t , ex:a-b-c , \"y\"@en-GB .\n"
        "}\n"
    )
    check_query(text)
    assert query_depth(text) == 1
    assert update_keyword(text) is None
    assert update_keyword("PREFIX ex: <urn:x:>\n# c\nINSERT DATA { ex:a ex:b ex:c }") == "INSERT"


def test_allow_service_and_raised_limits_let_queries_through() -> None:
    check_query(parens(600), QueryLimits(max_query_depth=1000))
    check_query("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
                QueryLimits(allow_service=True))
    check_query("ASK {} #" + "x" * 300_000, QueryLimits(max_query_size=1024 * 1024))
    with pytest.raises(QueryRefused, match="LOAD at line 1, column 1 would fetch a URL"):
        check_query("LOAD <http://127.0.0.1:1/x.ttl>", update=True)


def test_every_competency_query_passes_the_default_guard() -> None:
    for path in sorted((REPO / "queries").rglob("*.rq")):
        text = path.read_text(encoding="utf-8")
        check_query(text, where=path)
        assert query_depth(text) < 50, path


@pytest.mark.parametrize("value", ["inf", "nan", "-inf", "0", "-1", "1e9"])
def test_cli_refuses_a_senseless_timeout_in_one_line(value: str) -> None:
    result = CliRunner().invoke(app, ["query", "CQ1", "--timeout", value, "--home", str(REPO)])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "multivector: --timeout: must be a number of seconds above 0 and at most 86400"
    )
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--max-query-size", "lots", "--max-query-size: 'lots' is not a size (bytes, or a number "
     "with K or M)"),
    ("--max-query-size", "0", "--max-query-size: must be at least 1 byte"),
    ("--max-query-depth", "0", "--max-query-depth: must be at least 1, not 0"),
])
def test_cli_refuses_senseless_limits_in_one_line(option: str, value: str, message: str) -> None:
    result = CliRunner().invoke(app, ["query", "CQ1", option, value, "--home", str(REPO)])
    assert result.exit_code == 2
    assert result.stderr == f"multivector: {message}\n"


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 0.0, -5.0, 1e12])
def test_api_refuses_a_senseless_timeout(kg: KnowledgeGraph, value: float) -> None:
    with pytest.raises(InputError, match=r"^--timeout: must be a number of seconds above 0"):
        kg.query("CQ1", timeout=value)


def test_the_api_has_a_default_timeout_and_answers_cq1(kg: KnowledgeGraph) -> None:
    import inspect

    assert inspect.signature(KnowledgeGraph.query).parameters["timeout"].default == 30.0
    assert inspect.signature(KnowledgeGraph.table).parameters["timeout"].default == 30.0
    rows = kg.query("CQ1")
    assert sorted(str(row.stateLabel) for row in rows) == ["Kazakhstan", "Kyrgyzstan"]


def _slow_to_parse() -> str:
    # 120,000 VALUES rows: rdflib's parser needs far longer than a second for them
    return "SELECT ?x WHERE { VALUES ?x { " + " ".join(str(i) for i in range(120_000)) + " } }"


def test_the_timeout_counts_parsing_on_the_api(kg: KnowledgeGraph) -> None:
    text = _slow_to_parse()
    started = time.monotonic()
    with pytest.raises(InputError, match=r"did not finish within 1 s \(stopped\)"):
        kg.query(text, timeout=1, limits=QueryLimits(max_query_size=2 * 1024 * 1024))
    assert time.monotonic() - started < 6


def test_the_timeout_counts_parsing_on_the_cli(kg: KnowledgeGraph,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(KnowledgeGraph, "load", classmethod(lambda cls, *a, **k: kg))
    started = time.monotonic()
    result = CliRunner().invoke(
        app, ["query", "-", "--timeout", "1", "--max-query-size", "2M", "--home", str(REPO)],
        input=_slow_to_parse(),
    )
    assert result.exit_code == 2
    assert result.stderr == "multivector: query <stdin> did not finish within 1 s (stopped)\n"
    assert time.monotonic() - started < 10


def test_a_raised_size_limit_lets_a_large_query_answer(kg: KnowledgeGraph) -> None:
    text = "SELECT ?x WHERE { VALUES ?x { 1 2 3 } } #" + "x" * 300_000
    rows = kg.query(text, limits=QueryLimits(max_query_size=512 * 1024))
    assert sorted(int(row.x) for row in rows) == [1, 2, 3]


WORKER_SCRIPT = """
import time
from multivector.queries.deadline import call_with_deadline
call_with_deadline(lambda: time.sleep(120), 100, what="a long query")
"""


def test_a_query_worker_dies_with_its_parent() -> None:
    parent = subprocess.Popen([sys.executable, "-c", WORKER_SCRIPT])
    try:
        worker = None
        deadline = time.monotonic() + 30
        while worker is None and time.monotonic() < deadline:
            for task in Path(f"/proc/{parent.pid}/task").iterdir():
                children = (task / "children").read_text().split()
                if children:
                    worker = int(children[0])
            time.sleep(0.05)
        assert worker is not None, "the worker process never started"
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 10
        while _alive(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(worker)
    finally:
        if parent.poll() is None:
            parent.kill()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"
