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


#: full builds at 1 M take about a minute each: at most this many timed runs of a build
BUILD_REPEAT = 3


def measured(command: list[str], cwd: Path, env: dict[str, str] | None = None
             ) -> dict[str, Any]:
    """One run of ``command``: wall seconds, the child's CPU seconds and peak memory (its
    ``ru_maxrss`` from ``wait4``, which covers the child and the children it waited for)."""
    if env is None:
        env = {k: v for k, v in os.environ.items() if k != "MULTIVECTOR_HOME"}
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                   stderr=err)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return {"seconds": seconds, "cpu_s": usage.ru_utime + usage.ru_stime,
            "maxrss_mb": usage.ru_maxrss / 1024, "code": process.returncode, "stderr": stderr}


def _series(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return {"status": "ok", "median_s": statistics.median(r["seconds"] for r in runs),
            "cpu_s": statistics.median(r["cpu_s"] for r in runs),
            "peak_mb": max(r["maxrss_mb"] for r in runs), "runs": [r["seconds"] for r in runs]}


def _failed(run: dict[str, Any], what: str) -> dict[str, Any]:
    return {"status": "error", "error": f"{what}: exit {run['code']}: "
            + " ".join(run["stderr"].strip().splitlines()[-1:])[:300]}


def edit_source(ws: Path, index: int) -> Path:
    """One edit of one source file, as a curator makes it: a comment on the file's first
    subject, different at every call (so every build after it has a real change). The file as
    generated is kept beside it (``*.trig.original``, which no loader reads)."""
    path = sorted((ws / "data" / "sources").glob("*.trig"))[0]
    original = path.with_name(path.name + ".original")
    if not original.exists():
        shutil.copyfile(path, original)
    text = original.read_text(encoding="utf-8").rstrip()
    if not text.endswith("}"):
        raise ValueError(f"{path}: not a TriG graph block")
    subject = next(ox.parse(path=str(original), format=ox.RdfFormat.TRIG)).subject
    comment = "<http://www.w3.org/2000/01/rdf-schema#comment>"
    path.write_text(f"{text[:-1].rstrip()}\n{subject} {comment} \"benchmark edit {index}\" .\n}}\n",
                    encoding="utf-8")
    return path


def builds(folder: Path, repeat: int) -> dict[str, Any]:
    """``multivector build --full``, ``multivector build`` after one source edit (incremental)
    and ``multivector query CQ1`` (the persistent store), in a workspace of the generated graph
    without injected violations (``folder/graph.nq``, ``generate(violations=False)``): medians
    of ``min(repeat, BUILD_REPEAT)`` runs after a warm-up run, peak memory over the runs."""
    ws = workspace_from(folder / "graph.nq", folder)
    shutil.rmtree(ws / "dist", ignore_errors=True)
    count = max(1, min(repeat, BUILD_REPEAT))
    out: dict[str, Any] = {}
    full: list[dict[str, Any]] = []
    for index in range(count + 1):
        run = measured([*script(), "build", "--full"], ws)
        if run["code"] != 0:
            out["full_build"] = _failed(run, "build --full")
            return out
        if index:
            full.append(run)
    out["full_build"] = _series(full)
    quick: list[dict[str, Any]] = []
    for index in range(count + 1):
        edit_source(ws, index)
        run = measured([*script(), "build"], ws)
        if run["code"] != 0:
            out["incremental_build"] = _failed(run, "build after one edit")
            return out
        if "build: incremental" not in run["stderr"]:
            out["incremental_build"] = {"status": "error", "error": "not incremental: " + next(
                (line for line in run["stderr"].splitlines() if line.startswith("build:")), "")}
            return out
        if index:
            quick.append(run)
    out["incremental_build"] = _series(quick)
    out["incremental_build"]["line"] = next(
        line for line in quick[-1]["stderr"].splitlines() if line.startswith("build:"))
    out["ratio"] = out["incremental_build"]["median_s"] / out["full_build"]["median_s"]
    queries = [measured([*script(), "query", "CQ1"], ws) for _ in range(max(1, repeat) + 1)]
    bad = next((q for q in queries if q["code"] != 0), None)
    out["query"] = _failed(bad, "query CQ1") if bad else _series(queries[1:])
    return out


def at_size(folder: Path, repeat: int) -> dict[str, Any]:
    """``multivector query CQ1`` in a workspace of the generated graph; the first (warm-up)
    run builds the store and is reported as ``first_s``."""
    ws = workspace_from(folder / "graph.nq", folder)
    store = ws / "dist"
    shutil.rmtree(store, ignore_errors=True)  # the first run builds the store
    return {"query": wall([*script(), "query", "CQ1"], ws, repeat)}


__all__ = ["at_size", "builds", "edit_source", "floor", "load_forms", "measured", "shipped",
           "workspace_from"]
