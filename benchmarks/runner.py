"""The benchmark runner: generate each size, run every step on both engines, compare, report.

Why this module exists: speed claims must come with the proof that the fast path gives the same
answers, measured in the same run on the same machine. For every size the runner

1. generates the graph (``benchmarks.generate``; cached in the work folder),
2. runs each (step, engine) of ``benchmarks.steps`` in a subprocess with a time limit — a
   reference engine that would take far too long is skipped by policy (``SKIP_ABOVE``) or stopped
   at the limit, and the table says so —,
3. compares answers across engines (quad counts, inferred-triple digests, SHACL result sets,
   competency-query row sets) and the violations found against the generator's injected ones,
4. writes ``benchmarks/results/<date>.json`` and the table in ``docs/benchmarks.md``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.generate import ID, fingerprint, generate, parse_size, size_label

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
DOCS = REPO / "docs" / "benchmarks.md"
WORK = REPO / "benchmarks" / ".work"
FAST = {"load": "oxigraph", "materialize": "oxigraph", "validate": "oxigraph", "query": "oxigraph",
        "export": "oxigraph"}
REFERENCE: dict[str, tuple[str, ...]] = {
    "load": ("rdflib",), "materialize": ("rdflib", "owlrl"), "validate": ("turbo", "pyshacl"),
    "query": ("rdflib",), "export": ("rdflib",),
}
#: reference engines are not started above these sizes (triples): they would take far too long
SKIP_ABOVE: dict[tuple[str, str], int] = {
    ("materialize", "owlrl"): 20_000,
    ("materialize", "rdflib"): 200_000,
    ("validate", "pyshacl"): 200_000,
    ("query", "rdflib"): 200_000,
}
STEP_ORDER = ("load", "materialize", "validate", "query", "export")
PACKAGES = ("rdflib", "pyoxigraph", "pyshacl", "pyshacl-turbo", "owlrl", "multivector")


def machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": memory_gb,
            "python": platform.python_version(), "platform": platform.platform(),
            "versions": versions}


def run_step(step: str, engine: str, folder: Path, *, repeat: int, timeout: float,
             query_timeout: float) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.steps", step, engine, str(folder),
               "--repeat", str(repeat), "--query-timeout", str(query_timeout),
               "--scratch", str(folder)]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO), str(REPO / "src"), *filter(None, [env.get("PYTHONPATH")])]
    )
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              cwd=REPO, env=env, check=False)
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "limit_s": timeout}
    wall = time.perf_counter() - started
    if done.returncode != 0:
        tail = " ".join(done.stderr.strip().splitlines()[-1:])[:300]
        return {"status": "error", "error": tail, "wall_s": wall}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["status"] = "ok"
    result["wall_s"] = wall
    return result


def _curie(iri: str) -> str:
    return "id:" + iri[len(ID):] if iri.startswith(ID) else f"<{iri}>"


def compare(step: str, fast: dict[str, Any], ref: dict[str, Any]) -> bool | None:
    """True/False when both ran; None when there is nothing to compare."""
    if fast.get("status") != "ok" or ref.get("status") != "ok":
        return None
    if step == "query":
        same = True
        for name, mine in fast["queries"].items():
            theirs = ref["queries"].get(name, {})
            if mine.get("status") == "ok" and theirs.get("status") == "ok":
                agree = mine["answer"] == theirs["answer"]
                theirs["same_answer"] = agree
                same = same and agree
        return same
    if ref.get("answer") is None:  # owlrl: checked by inclusion instead
        return ref.get("rules_not_in_owlrl") == 0
    return fast.get("answer") == ref.get("answer")


def check_injected(validate: dict[str, Any], manifest: dict[str, Any]) -> dict[str, Any]:
    found = sorted({(r[1], r[2], r[3]) for r in validate.get("results", []) if r[0] == "Violation"})
    expected = sorted({(_curie(f), s, c) for f, s, c in manifest["injected"]})
    return {"expected": len(expected), "found": len(found), "exact": found == expected,
            "unexpected": [list(x) for x in found if x not in expected][:10],
            "missed": [list(x) for x in expected if x not in found][:10]}


def clean_graph(target: int, work: Path) -> tuple[Path, dict[str, Any]]:
    """The generated graph without injected violations, whole replicas (cached like the
    others, in ``<work>/<size>-clean``): the input of the CLI build figures."""
    folder = work / f"{size_label(target)}-clean"
    manifest_path = folder / "manifest.json"
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text())
        if (manifest.get("target") == target and manifest.get("fingerprint") == fingerprint(REPO)
                and (folder / "graph.nq").is_file()):
            return folder, manifest
    shutil.rmtree(folder, ignore_errors=True)
    manifest = generate(target, folder, REPO, violations=False)
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n")
    return folder, manifest


def bench_size(target: int, args: Any, work: Path) -> dict[str, Any]:
    folder = work / size_label(target)
    manifest_path = folder / "manifest.json"
    manifest = None
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text())
        stale = manifest.get("fingerprint") != fingerprint(REPO)
        if manifest.get("target") != target or stale or not (folder / "graph.nq").is_file():
            manifest = None
    if manifest is None:
        started = time.perf_counter()
        manifest = generate(target, folder, REPO)
        manifest["generate_s"] = time.perf_counter() - started
        manifest_path.write_text(json.dumps(manifest, indent=1) + "\n")
    log(f"[{size_label(target)}] {manifest['triples']} triples, {manifest['replicas']} replicas, "
        f"{len(manifest['injected'])} injected violations")
    out: dict[str, Any] = {"target": target, "label": size_label(target),
                           "triples": manifest["triples"], "replicas": manifest["replicas"],
                           "injected": manifest["injected_counts"], "steps": {}}
    for step in args.steps:
        entry: dict[str, Any] = {}
        load_before = os.getloadavg()
        for engine in (FAST[step], *REFERENCE[step]):
            limit = SKIP_ABOVE.get((step, engine))
            if engine != FAST[step] and limit is not None and target > limit:
                entry[engine] = {"status": "skipped", "reason": f"not run above {limit} triples"}
                continue
            log(f"[{size_label(target)}] {step} / {engine} …")
            entry[engine] = run_step(step, engine, folder, repeat=args.repeat,
                                     timeout=args.step_timeout, query_timeout=args.query_timeout)
            log(f"    {summary(step, entry[engine])}")
        fast = entry[FAST[step]]
        entry["same_answers"] = {
            engine: compare(step, fast, entry[engine]) for engine in REFERENCE[step]
        }
        if step == "validate":
            for engine in (FAST[step], *REFERENCE[step]):
                if entry[engine].get("status") == "ok":
                    entry[engine]["injected"] = check_injected(entry[engine], manifest)
                    entry[engine].pop("results", None) if target > 200_000 else None
        entry["load_average"] = {"before": load_before, "after": os.getloadavg()}
        out["steps"][step] = entry
    ratios = query_load_ratios(out["steps"])
    if ratios:
        out["query_vs_load"] = ratios
        log(f"[{size_label(target)}] each competency query / load ({ratios['load_s']:.3f} s; "
            f"target ≤ 1/{TARGET_QUERY_PER_LOAD}):")
        for name, ratio in sorted(ratios["queries"].items(),
                                  key=lambda item: (len(item[0]), item[0])):
            log(f"    {name}: {ratio['median_s'] * 1000:.1f} ms = {fraction(ratio['ratio'])} "
                f"of load — {'met' if ratio['met'] else 'NOT met'}")
    return out


#: every competency query at most this fraction of the load time, in the same run (issue 17)
TARGET_QUERY_PER_LOAD = 20


def fraction(ratio: float) -> str:
    """0.0437 -> "1/22.9" (one decimal below 1/100, where the target is read)."""
    if ratio <= 0:
        return "0"
    inverse = 1 / ratio
    return f"1/{inverse:.1f}" if inverse < 100 else f"1/{inverse:.0f}"


def query_load_ratios(steps: dict[str, Any]) -> dict[str, Any] | None:
    """Each fast-path query's median over the fast load (``bulk_load`` of the N-Quads) of the
    same run, and whether it is within 1/:data:`TARGET_QUERY_PER_LOAD`; None without both."""
    load = steps.get("load", {}).get(FAST["load"], {})
    query = steps.get("query", {}).get(FAST["query"], {})
    if load.get("status") != "ok" or query.get("status") != "ok" or not load.get("seconds"):
        return None
    seconds = load["seconds"]
    return {"load_s": seconds, "target": f"1/{TARGET_QUERY_PER_LOAD}", "queries": {
        name: {"median_s": q["median_s"], "ratio": q["median_s"] / seconds,
               "met": q["median_s"] * TARGET_QUERY_PER_LOAD <= seconds}
        for name, q in query["queries"].items() if q.get("status") == "ok"}}


def summary(step: str, result: dict[str, Any]) -> str:
    if result.get("status") != "ok":
        return f"{result.get('status')}: {result.get('error') or result.get('limit_s')}"
    text = f"{result.get('seconds', 0):.3f} s, {result.get('max_rss_mb')} MB"
    if step == "query":
        bad = [n for n, q in result["queries"].items() if q.get("status") != "ok"]
        text += f" (sum of medians){'; not ok: ' + ','.join(bad) if bad else ''}"
    return text


def shipped_build(repeat: int) -> dict[str, Any]:
    """``multivector build`` end to end on the shipped graph, wall time (median)."""
    times = []
    with tempfile.TemporaryDirectory(prefix="mv-bench-") as tmp:
        for _ in range(max(1, repeat)):
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "multivector", "build", "--out", tmp],
                capture_output=True, text=True, cwd=REPO, check=False,
            )
            times.append(time.perf_counter() - started)
            if done.returncode != 0:
                return {"status": "error",
                        "error": " ".join(done.stderr.strip().splitlines()[-1:])[:300]}
    times.sort()
    return {"status": "ok", "median_s": times[len(times) // 2], "runs": times}


def shipped_queries(args: Any, work: Path) -> dict[str, Any]:
    """Every competency query on the shipped graph (both engines)."""
    import pyoxigraph as ox

    from multivector.loading import iter_quads, load
    from multivector.terms import quads_to_ox

    folder = work / "shipped"
    folder.mkdir(parents=True, exist_ok=True)
    loaded = load(REPO)
    with (folder / "graph.nq").open("wb") as handle:
        ox.serialize(quads_to_ox(iter_quads(loaded.dataset)), handle,
                     format=ox.RdfFormat.N_QUADS)
    entry: dict[str, Any] = {}
    for engine in ("oxigraph", "rdflib"):
        entry[engine] = run_step("query", engine, folder, repeat=args.repeat,
                                 timeout=args.step_timeout, query_timeout=args.query_timeout)
    entry["same_answers"] = {"rdflib": compare("query", entry["oxigraph"], entry["rdflib"])}
    return entry


def exponent(small: dict[str, Any], large: dict[str, Any], step: str) -> float | None:
    try:
        a = small["steps"][step][FAST[step]]
        b = large["steps"][step][FAST[step]]
        if a.get("status") != "ok" or b.get("status") != "ok":
            return None
        return round(math.log(b["seconds"] / a["seconds"])
                     / math.log(large["triples"] / small["triples"]), 2)
    except (KeyError, ZeroDivisionError, ValueError):
        return None


def _cli_summary(entry: dict[str, Any]) -> str:
    return "; ".join(
        f"{name}: {value['median_s']:.3f} s" if "median_s" in value
        else f"{name}: {value.get('status')} ({value.get('reason') or value.get('error') or ''})"
        for name, value in entry.items()
    )


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(args: Any, on_progress: Any = None) -> dict[str, Any]:
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"date": dt.date.today().isoformat(), "machine": machine(),
                               "repeat": args.repeat, "step_timeout_s": args.step_timeout,
                               "query_timeout_s": args.query_timeout, "sizes": []}
    if args.shipped:
        log("[shipped] multivector build …")
        results["shipped_build"] = shipped_build(3)
        log(f"    {results['shipped_build']}")
        log("[shipped] competency queries …")
        results["shipped_queries"] = shipped_queries(args, work)
    cli = getattr(args, "cli", True)
    if cli:
        from benchmarks import cli as cli_step

        log("[shipped] CLI end to end …")
        results["cli"] = cli_step.shipped(args.repeat)
        log(f"    {_cli_summary(results['cli'])}")
    panels = getattr(args, "panels", True)
    if panels:
        from benchmarks import panels as panels_step

        log("[shipped] panels (multivector panel KIND, whole processes) …")
        results["panels"] = panels_step.shipped(args.repeat)
        log(f"    {panels_step.summary(results['panels'])}")
    for target in args.sizes:
        results["sizes"].append(bench_size(target, args, work))
        if cli:
            log(f"[{size_label(target)}] CLI end to end (workspace with a built store) …")
            results["sizes"][-1]["cli"] = cli_step.at_size(work / size_label(target),
                                                           args.repeat)
            log(f"    {_cli_summary(results['sizes'][-1]['cli'])}")
            log(f"[{size_label(target)}] CLI builds: full, incremental after one edit, "
                "query through the store …")
            folder, manifest = clean_graph(target, work)
            load_before = os.getloadavg()
            builds = cli_step.builds(folder, args.repeat)
            builds["triples"] = manifest["triples"]
            builds["load_average"] = {"before": load_before, "after": os.getloadavg()}
            results["sizes"][-1]["builds"] = builds
            steps = {k: v for k, v in builds.items() if isinstance(v, dict) and "status" in v}
            log(f"    {_cli_summary(steps)}"
                + (f"; incremental/full {builds['ratio']:.2f}" if "ratio" in builds else ""))
        if panels:
            log(f"[{size_label(target)}] panel country-year (workspace) …")
            results["sizes"][-1]["panels"] = panels_step.at_size(work / size_label(target),
                                                                 args.repeat)
            log(f"    {panels_step.summary(results['sizes'][-1]['panels'])}")
        if on_progress is not None:  # a long run leaves its figures behind size by size
            on_progress(results)
    by_label = {s["label"]: s for s in results["sizes"]}
    if "100k" in by_label and "1M" in by_label:
        results["exponent_100k_1M"] = {
            step: exponent(by_label["100k"], by_label["1M"], step)
            for step in ("load", "materialize", "validate")
        }
    return results


def write(results: dict[str, Any], out_dir: Path, docs: Path | None) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{results['date']}.json"
    path.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if docs is not None:
        from benchmarks.report import update_docs

        update_docs(docs, results, path)
    return path


def parse_sizes(text: str) -> list[int]:
    return [parse_size(part) for part in text.split(",") if part.strip()]


def clean_work(work: Path) -> None:
    if work.is_dir():
        shutil.rmtree(work)
