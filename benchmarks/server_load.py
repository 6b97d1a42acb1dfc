"""``python -m benchmarks.server_load``: load figures of ``multivector serve`` on loopback.

Why this module exists: ``docs/reliability.md`` reports how the guarded endpoint holds up —
8 clients × 200 requests of a competency query (CQ1), then the same while two hostile slow
queries run (each stopped at the server's timeout). This starts ``multivector serve`` on a free
loopback port over the built ``dist/multivector.nq``, prints p50/p99 latency and the error count
of both rounds, and stops it. ``tests/test_hostile_server.py`` runs the same rounds and asserts
only that no request failed; the figures belong here, not in a timed test.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
#: a query that keeps the engine busy until the server's timeout stops it (a triple cross product)
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@dataclass
class Round:
    """What one load round saw: latencies (seconds) of good answers, and the failures."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    hostile_statuses: list[int] = field(default_factory=list)

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    def summary(self) -> str:
        return (
            f"{len(self.latencies)} answers, {len(self.errors)} errors, "
            f"p50 {self.percentile(50) * 1000:.1f} ms, p99 {self.percentile(99) * 1000:.1f} ms, "
            f"mean {statistics.fmean(self.latencies) * 1000 if self.latencies else 0:.1f} ms"
        )


def cq1_text() -> str:
    """CQ1 with its default parameters bound by the VALUES block, as any client would send it."""
    from multivector.queries import bindings, catalogue, with_values

    query = catalogue(REPO / "queries")["CQ1"]
    return with_values(query.text, bindings(query, {}), query.path)


def load_round(
    base: str, text: str, expected: str, *, clients: int = 8, requests: int = 200,
    hostile: int = 0, timeout: float = 60.0,
) -> Round:
    """``clients`` threads each send ``requests`` POSTs of ``text``; each answer must hold
    ``expected``. ``hostile`` more threads send :data:`SLOW_QUERY` until the round ends."""
    result = Round()
    lock = threading.Lock()
    done = threading.Event()

    def client() -> None:
        with httpx.Client(timeout=timeout) as http:
            for _ in range(requests):
                started = time.perf_counter()
                try:
                    response = http.post(f"{base}/query", data={"query": text},
                                         headers={"Accept": "text/csv"})
                    ok = response.status_code == 200 and expected in response.text
                    problem = "" if ok else f"HTTP {response.status_code}: {response.text[:120]}"
                except httpx.HTTPError as exc:
                    problem = f"{type(exc).__name__}: {exc}"
                elapsed = time.perf_counter() - started
                with lock:
                    if problem:
                        result.errors.append(problem)
                    else:
                        result.latencies.append(elapsed)

    def attacker() -> None:
        with httpx.Client(timeout=timeout) as http:
            while not done.is_set():
                try:
                    response = http.post(f"{base}/query", data={"query": SLOW_QUERY})
                    status = response.status_code
                except httpx.HTTPError:
                    status = 0
                with lock:
                    result.hostile_statuses.append(status)

    attackers = [threading.Thread(target=attacker, daemon=True) for _ in range(hostile)]
    for thread in attackers:
        thread.start()
    if hostile:
        time.sleep(0.5)  # the slow queries are running before the clients start
    workers = [threading.Thread(target=client) for _ in range(clients)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    done.set()
    for thread in attackers:
        thread.join(timeout + 5)
    return result


def main(argv: list[str] | None = None) -> int:
    import re
    import subprocess
    import sys

    parser = argparse.ArgumentParser(prog="python -m benchmarks.server_load", description=__doc__)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=5.0, help="serve --timeout (seconds)")
    args = parser.parse_args(argv)
    command = [sys.executable, "-m", "multivector", "serve", "--port", "0",
               "--timeout", str(args.timeout), "--home", str(REPO)]
    serve = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert serve.stdout is not None
        match = None
        for line in serve.stdout:
            match = re.search(r"(http://\S+)/query", line)
            if match:
                break
        if not match:
            print(f"serve did not start: {line}{serve.stderr.read() if serve.stderr else ''}")
            return 2
        base = match.group(1)
        text = cq1_text()
        print(f"multivector serve at {base}, --timeout {args.timeout:g} s; "
              f"{args.clients} clients x {args.requests} requests of CQ1")
        quiet = load_round(base, text, "Kazakhstan", clients=args.clients,
                           requests=args.requests)
        print(f"  alone:                      {quiet.summary()}")
        busy = load_round(base, text, "Kazakhstan", clients=args.clients,
                          requests=args.requests, hostile=2)
        print(f"  with 2 hostile slow queries: {busy.summary()}; hostile answers: "
              f"{sorted(set(busy.hostile_statuses))}")
        return 0 if not quiet.errors and not busy.errors else 1
    finally:
        serve.terminate()
        serve.wait(30)


if __name__ == "__main__":
    raise SystemExit(main())
