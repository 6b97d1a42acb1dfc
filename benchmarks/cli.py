"""The "CLI end to end" step: ``multivector query CQ1`` as a whole process, as analysts run it.

Why this module exists: the in-process figures of ``benchmarks.steps`` leave out what a script
calling the command line pays every time — starting Python, importing the package, opening the
graph. This step times the real console script (wall clock, median of ``--repeat`` runs after a
warm-up run that builds the persistent store; and the child's CPU time, user + system, which a
busy shared machine inflates less) beside the floor ``python -c "import
multivector"``:

* on the shipped graph (this repository as the workspace, ``dist/store``);
* from the packaged release (a folder outside any workspace), and ``KnowledgeGraph.load()`` of
  it, when this installation carries one (``make wheel`` writes it);
* at each generated size, in a workspace made from the generated graph (its named graphs split
  into ``ontology/``, ``data/reference/`` and ``data/sources/<id>.trig``, with this
  repository's queries, rules and shapes).
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

REPO = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/multivector/id/"
MARKER = "[project]\nname = 'multivector-benchmark'\n\n[tool.multivector]\n"


def script() -> list[str]:
    """The console script of this environment (as users call it)."""
    beside = Path(sys.executable).parent / "multivector"
    return [str(beside)] if beside.is_file() else [sys.executable, "-m", "multivector"]


def wall(command: list[str], cwd: Path, repeat: int,
         env: dict[str, str] | None = None) -> dict[str, Any]:
    """Median wall time of ``command`` (after one warm-up run, reported apart); ``env``: the
    child's environment (default: this one without ``MULTIVECTOR_HOME``)."""
    if env is None:
        env = {k: v for k, v in os.environ.items() if k != "MULTIVECTOR_HOME"}
    runs: list[float] = []
    cpu: list[float] = []
    first = None
    for index in range(repeat + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                              check=False, timeout=3600)
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            return {"status": "error",
                    "error": " ".join(done.stderr.strip().splitlines()[-1:])[:300]}
        if index == 0:
            first = seconds
        else:
            runs.append(seconds)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return {"status": "ok", "median_s": statistics.median(runs), "first_s": first,
            "cpu_s": statistics.median(cpu), "runs": runs}


def floor(repeat: int) -> dict[str, Any]:
    return wall([sys.executable, "-c", "import multivector"], REPO, repeat)


def shipped(repeat: int) -> dict[str, Any]:
    """``multivector query CQ1`` in this repository (the persistent store), and from the
    packaged release when there is one."""
    from multivector.workspace import RELEASE_MANIFEST, release_dir

    out: dict[str, Any] = {"floor": floor(repeat),
                           "query": wall([*script(), "query", "CQ1"], REPO, repeat)}
    if not (release_dir() / RELEASE_MANIFEST).is_file():
        reason = "no packaged release in this installation (make wheel writes it)"
        out["release_query"] = out["release_load"] = {"status": "skipped", "reason": reason}
        return out
    with tempfile.TemporaryDirectory(prefix="mv-bench-outside-") as outside:
        out["release_query"] = wall([*script(), "query", "CQ1"], Path(outside), repeat)
        code = ("import time; t = time.perf_counter(); from multivector import KnowledgeGraph; "
                "KnowledgeGraph.load(); print(time.perf_counter() - t)")
        out["release_load"] = wall([sys.executable, "-c", code], Path(outside), repeat)
        out["release_load"]["in_process_s"] = _in_process(code, Path(outside), repeat)
    out["load_forms"] = load_forms(repeat)
    return out


def load_forms(repeat: int) -> dict[str, Any]:
    """How fast each form of the packaged graph becomes a queryable Store (in-process, median
    seconds): N-Quads text, the gzip copy the wheel carries, and the Oxigraph store dump."""
    import gzip

    from multivector.release import exact_quads, store_path
    from multivector.workspace import RELEASE_MANIFEST, release_dir

    release = release_dir()
    if not (release / RELEASE_MANIFEST).is_file():
        return {"status": "skipped", "reason": "no packaged release (make wheel)"}
    compressed = exact_quads(release).read_bytes()
    text = gzip.decompress(compressed)
    union = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"

    def from_nquads(data: bytes) -> ox.Store:
        store = ox.Store()
        store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        store.update(union)
        return store

    forms = {
        "nquads": lambda: from_nquads(text),
        "nquads_gz": lambda: from_nquads(gzip.decompress(compressed)),
        "store_dump": lambda: ox.Store.read_only(str(store_path(release))),
    }
    out: dict[str, Any] = {"status": "ok", "bytes": {
        "nquads": len(text), "nquads_gz": len(compressed),
        "store_dump": sum(f.stat().st_size for f in store_path(release).iterdir()),
    }}
    for name, make in forms.items():
        times = []
        for _ in range(max(1, repeat)):
            started = time.perf_counter()
            store = make()
            next(iter(store.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1")))
            times.append(time.perf_counter() - started)
            del store
        out[name] = statistics.median(times)
    return out


def _in_process(code: str, cwd: Path, repeat: int) -> float | None:
    """The time the snippet prints (import + load, without interpreter start), median."""
    values = []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True,
                              text=True, check=False)
        if done.returncode != 0:
            return None
        values.append(float(done.stdout.strip().splitlines()[-1]))
    return statistics.median(values) if values else None


def workspace_from(graph: Path, folder: Path) -> Path:
    """A workspace holding the generated graph (asserted quads), one file per named graph (the
    replicas' reference graphs all load into ``id:graph/reference``, as any reference file)."""
    ws = folder / "workspace"
    if (ws / "pyproject.toml").is_file():
        return ws
    tmp = folder / "workspace.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    for name in ("queries", "shapes", "reasoning"):
        shutil.copytree(REPO / name, tmp / name)
    by_graph: dict[str, list[ox.Quad]] = {}
    for quad in ox.parse(path=str(graph), format=ox.RdfFormat.N_QUADS):
        by_graph.setdefault(quad.graph_name.value, []).append(quad)  # type: ignore[union-attr]
    for name, quads in by_graph.items():
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        if name == ID + "graph/ontology":
            path, fmt, data = tmp / "ontology" / "ontology.ttl", ox.RdfFormat.TURTLE, triples
        elif name.startswith(ID + "graph/reference"):  # replicas: graph/reference-rN
            stem = name[len(ID + "graph/"):]
            path, fmt, data = tmp / "data" / "reference" / f"{stem}.ttl", ox.RdfFormat.TURTLE, \
                triples
        elif name.startswith(ID + "source/"):
            path = tmp / "data" / "sources" / f"{name[len(ID + 'source/'):]}.trig"
            fmt, data = ox.RdfFormat.TRIG, quads  # type: ignore[assignment]
        else:
            raise ValueError(f"unexpected graph {name} in {graph}")
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            ox.serialize(data, handle, format=fmt)
    (tmp / "pyproject.toml").write_text(MARKER, encoding="utf-8")
    os.rename(tmp, ws)
    return ws


def at_size(folder: Path, repeat: int) -> dict[str, Any]:
    """``multivector query CQ1`` in a workspace of the generated graph; the first (warm-up)
    run builds the store and is reported as ``first_s``."""
    ws = workspace_from(folder / "graph.nq", folder)
    store = ws / "dist"
    shutil.rmtree(store, ignore_errors=True)  # the first run builds the store
    return {"query": wall([*script(), "query", "CQ1"], ws, repeat)}


__all__ = ["at_size", "floor", "load_forms", "shipped", "workspace_from"]
