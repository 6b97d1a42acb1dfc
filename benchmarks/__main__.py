"""``python -m benchmarks [--sizes 10k,100k,1M] [--repeat 5]``: the benchmark suite.

Why this module exists: one command reproduces every figure in ``docs/benchmarks.md`` on a fresh
clone (see ``benchmarks.runner`` for what is measured and compared).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.runner import DOCS, RESULTS, STEP_ORDER, WORK, log, parse_sizes, run, write
from benchmarks.source_add import SIZES as SOURCE_ADD_SIZES
from benchmarks.source_add import bench as bench_source_add


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--sizes", default="10k", help="comma-separated sizes (10k,100k,1M)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query (>= 1)")
    parser.add_argument("--steps", default=",".join(STEP_ORDER),
                        help=f"comma-separated steps ({','.join(STEP_ORDER)}, source-add; "
                        "cli: only the CLI end-to-end step; panels: only the panels step)")
    parser.add_argument("--source-add-sizes", default=SOURCE_ADD_SIZES,
                        help="text sizes of the source-add step (default %(default)s)")
    parser.add_argument("--step-timeout", type=float, default=900.0,
                        help="seconds before a step's process is stopped")
    parser.add_argument("--query-timeout", type=float, default=60.0,
                        help="seconds before one query is stopped")
    parser.add_argument("--work", default=str(WORK), help="where generated graphs are kept")
    parser.add_argument("--out", default=str(RESULTS), help="folder of the results JSON")
    parser.add_argument("--no-docs", action="store_true", help="do not update docs/benchmarks.md")
    parser.add_argument("--no-shipped", dest="shipped", action="store_false",
                        help="skip the shipped-graph build and queries")
    parser.add_argument("--no-cli", dest="cli", action="store_false",
                        help="skip the CLI end-to-end step (whole `multivector query CQ1` "
                        "processes)")
    parser.add_argument("--no-panels", dest="panels", action="store_false",
                        help="skip the panels step (whole `multivector panel KIND` processes)")
    args = parser.parse_args(argv)
    try:
        args.sizes = parse_sizes(args.sizes)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    args.steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    source_add = "source-add" in args.steps
    if source_add:  # not a step over the generated graphs: run on its own, figures printed
        args.steps = [s for s in args.steps if s != "source-add"]
        figures = bench_source_add(args.source_add_sizes, args.step_timeout)
        if not args.steps:
            return 0 if all(r["status"] == "ok" for r in figures.values()) else 1
    # the CLI end-to-end and panels steps alone (they are also run with the others)
    alone = [s for s in ("cli", "panels") if s in args.steps]
    if alone:
        args.steps = [s for s in args.steps if s not in alone]
        if not args.steps:  # only these: no other step, and not the one not asked for
            args.cli, args.panels = "cli" in alone, "panels" in alone
        else:
            args.cli = args.cli or "cli" in alone
            args.panels = args.panels or "panels" in alone
    only_processes = bool(alone) and not args.steps
    unknown = [s for s in args.steps if s not in STEP_ORDER]
    if unknown or not (args.steps or only_processes):
        print(f"error: --steps: unknown step(s) {', '.join(unknown) or '(none)'} "
              f"(choose from {', '.join(STEP_ORDER)}, cli, panels, source-add)", file=sys.stderr)
        return 2
    if args.repeat < 1:
        print("error: --repeat must be at least 1", file=sys.stderr)
        return 2
    docs = None if args.no_docs else DOCS
    results = run(args, on_progress=lambda partial: write(partial, Path(args.out), docs))
    path = write(results, Path(args.out), docs)
    log(f"wrote {path}" + ("" if args.no_docs else f" and {DOCS}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
