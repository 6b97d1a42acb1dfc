"""The ``source-add`` benchmark step: ``multivector source add`` on 1 MB and 20 MB of text.

Why this module exists: registering a source used to be quadratic in the text's length (50 KB
took 8 s, 1 MB did not finish), so its time and peak memory are measured at sizes far above the
corpus (targets: 1 MB ≤ 5 s, 20 MB ≤ 100 s, under 1 GB). The text is the corpus articles
repeated until the size is reached, so the density of mentions and draft claims is that of real
articles. Each size runs in its own process (``python -m benchmarks.source_add SIZE``) in a
throw-away copy of the project, with a time limit; the figures are printed as one line each.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.generate import parse_size, size_label
from benchmarks.steps import max_rss_mb

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
SIZES = "1M,20M"
SOURCE_ID = "999_0123456789abcdef"


def article_text(size: int, corpus: Path = CORPUS) -> str:
    """The corpus articles (or the shipped quotes, without a corpus) repeated to ``size`` bytes."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no corpus texts in {corpus}")
    parts: list[str] = []
    total = 0
    while total < size:
        text = texts[len(parts) % len(texts)]
        parts.append(text)
        total += len(text.encode("utf-8")) + 2
    return "\n\n".join(parts).encode("utf-8")[:size].decode("utf-8", "ignore")


def measure(size: int) -> dict[str, Any]:
    """Run ``register_source`` once on ``size`` bytes (in this process); timings and memory."""
    from multivector.sources import register_source

    with tempfile.TemporaryDirectory(prefix="mv-source-add-") as tmp:
        root = Path(tmp)
        home = root / "home"
        for folder in ("ontology", "data"):
            shutil.copytree(REPO / folder, home / folder)
        (root / "corpus").mkdir()
        article = root / "article.txt"
        article.write_text(article_text(size), encoding="utf-8")
        load_before = os.getloadavg()[0]
        started, cpu = time.perf_counter(), time.process_time()
        report = register_source(article, SOURCE_ID, project_home=home,
                                 corpus_dir=root / "corpus")
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        graph_bytes = report.graph_file.stat().st_size
    return {"status": "ok", "bytes": size, "seconds": round(seconds, 3),
            "cpu_seconds": round(cpu, 3), "max_rss_mb": max_rss_mb(),
            "mentions": len(report.mentions), "drafts": len(report.drafts),
            "graph_mb": round(graph_bytes / 1e6, 1),
            "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)]}


def run_size(size: int, timeout: float) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.source_add", str(size)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              cwd=REPO, check=False)
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "bytes": size, "limit_s": timeout}
    if done.returncode != 0:
        return {"status": "error", "bytes": size,
                "error": (done.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench(sizes: str = SIZES, timeout: float = 900.0) -> dict[str, Any]:
    """Every size, one line printed each; returns ``{label: result}``."""
    results: dict[str, Any] = {}
    for size in (parse_size(s.strip()) for s in sizes.split(",") if s.strip()):
        label = size_label(size)
        result = run_size(size, timeout)
        results[label] = result
        if result["status"] == "ok":
            before, after = result["load_average"]
            print(f"source add {label}: {result['seconds']:.1f} s ({result['cpu_seconds']:.1f} s "
                  f"CPU), {result['max_rss_mb']} MB peak, {result['mentions']} mentions, "
                  f"{result['drafts']} draft claims, graph {result['graph_mb']} MB, "
                  f"load average {before}→{after}", file=sys.stderr, flush=True)
        else:
            print(f"source add {label}: {result['status']} "
                  f"{result.get('error') or result.get('limit_s')}", file=sys.stderr, flush=True)
    return results


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]))))
