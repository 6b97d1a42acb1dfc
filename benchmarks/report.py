"""Render a results JSON as Markdown and put it into ``docs/benchmarks.md``.

Why this module exists: the figures in the docs must be the ones the runner measured, never
typed by hand. The generated part sits between two HTML comments in ``docs/benchmarks.md``;
everything outside them (method, analysis, profiles) is prose that the runner leaves alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

START = "<!-- results:start (written by python -m benchmarks; do not edit by hand) -->"
END = "<!-- results:end -->"
LABELS = {
    "load": "load N-Quads into a store",
    "materialize": "materialization (rules to fixpoint)",
    "validate": "SHACL validation",
    "query": "competency queries (sum of medians)",
    "export": "export all quads (N-Quads)",
}


def _cell(result: dict[str, Any] | None) -> str:
    if not result:
        return "—"
    status = result.get("status")
    if status == "skipped":
        return f"skipped ({result.get('reason', '')})"
    if status == "timeout":
        return f"> {result.get('limit_s'):.0f} s (stopped)"
    if status != "ok":
        return f"error: {result.get('error', '')[:80]}"
    return f"{result['seconds']:.3f} s, {result.get('max_rss_mb', 0):.0f} MB"


def _ratio(fast: dict[str, Any], ref: dict[str, Any]) -> str:
    if fast.get("status") == "ok" and ref.get("status") == "ok" and fast.get("seconds"):
        return f"{ref['seconds'] / fast['seconds']:.0f}×"
    if fast.get("status") == "ok" and ref.get("status") == "timeout" and fast.get("seconds"):
        return f"> {ref['limit_s'] / fast['seconds']:.0f}×"
    return "—"


def _same(value: bool | None) -> str:
    return {True: "yes", False: "**NO**", None: "—"}[value]


def render(results: dict[str, Any], json_path: Path) -> str:
    from benchmarks.runner import FAST, REFERENCE

    m = results["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items() if v)
    lines = [
        f"Run of {results['date']} — `{json_path.name}`. Machine: {m['cpu']}, {m['cores']} cores, "
        f"{m['memory_gb']} GB, Python {m['python']}; {versions}. Medians of "
        f"{results['repeat']} runs after a warm-up for queries; other steps are one run each in "
        f"a fresh process (max RSS = that process's peak). Step limit "
        f"{results['step_timeout_s']:.0f} s, query limit {results['query_timeout_s']:.0f} s.",
        "",
    ]
    build = results.get("shipped_build")
    if build:
        if build.get("status") == "ok":
            lines.append(f"**Shipped graph, `multivector build` end to end** (load, materialize, "
                         f"validate, QC, write all exports; wall, median of 3): "
                         f"**{build['median_s']:.2f} s**.")
        else:
            lines.append(f"Shipped graph build: {build.get('status')}: {build.get('error')}")
        lines.append("")
    lines += _cli_table(results)
    lines += _builds_table(results)
    lines += _panels_table(results)
    shipped = results.get("shipped_queries")
    if shipped:
        lines += _query_table("shipped graph", shipped)
    for size in results["sizes"]:
        lines += [f"### {size['label']} ({size['triples']:,} triples, {size['replicas']} "
                  f"replica(s), injected violations: "
                  + ", ".join(f"{k} × {v}" for k, v in size["injected"].items()) + ")", "",
                  "| step | fast | reference | ratio | same answers |", "|---|---|---|---|---|"]
        for step, entry in size["steps"].items():
            fast = entry[FAST[step]]
            for engine in REFERENCE[step]:
                ref = entry.get(engine, {})
                lines.append(
                    f"| {LABELS[step]} | {FAST[step]}: {_cell(fast)} | {engine}: {_cell(ref)} | "
                    f"{_ratio(fast, ref)} | {_same(entry['same_answers'].get(engine))} |"
                )
        loaded = size["steps"].get("load", {}).get(FAST["load"], {})
        if loaded.get("status") == "ok" and "union_s" in loaded:
            lines.append(f"\nThe fast load is `Store.bulk_load`; the query store then copies the "
                         f"set union of the named graphs into its default graph "
                         f"(`multivector.querystore`): {loaded['union_s']:.3f} s more, "
                         f"{loaded['parse_s'] + loaded['union_s']:.3f} s until the store is "
                         f"ready for the competency queries.")
        validate = size["steps"].get("validate")
        if validate:
            checked = validate.get(FAST["validate"], {})
            if loaded.get("status") == "ok" and checked.get("status") == "ok":
                times = checked["seconds"] / loaded["seconds"]
                target = " (target ≤ 4× at 1 M)" if size["triples"] >= 500_000 else ""
                lines.append(f"\nValidation ({FAST['validate']}) took **{times:.2f}×** the load "
                             f"of the same triples in this run{target}: "
                             f"{checked['seconds']:.3f} s against {loaded['seconds']:.3f} s.")
            for engine in (FAST["validate"], *REFERENCE["validate"]):
                check = validate.get(engine, {}).get("injected")
                if check:
                    lines.append(f"\nValidation ({engine}) found {check['found']} violations; "
                                 f"injected {check['expected']}; exactly the injected ones: "
                                 f"{'yes' if check['exact'] else '**NO**'}.")
        if "query" in size["steps"]:
            lines.append("")
            lines += _query_table(size["label"], size["steps"]["query"],
                                  size.get("query_vs_load"))
        lines.append("")
    exponents = results.get("exponent_100k_1M")
    if exponents:
        lines.append("Growth from 100 k to 1 M (fast path; time ∝ size^k): "
                     + ", ".join(f"{k} k = {v}" for k, v in exponents.items()) + ".")
        lines.append("")
    return "\n".join(lines)


def _cli_cell(entry: dict[str, Any] | None) -> str:
    if not entry:
        return "—"
    if entry.get("status") != "ok":
        return f"{entry.get('status')}: {entry.get('reason') or entry.get('error')}"
    cpu = f" (CPU {entry['cpu_s']:.3f} s)" if entry.get("cpu_s") is not None else ""
    return f"{entry['median_s']:.3f} s{cpu}"


def _cli_table(results: dict[str, Any]) -> list[str]:
    """The "CLI end to end" step (``benchmarks.cli``): whole processes, wall medians."""
    cli = results.get("cli")
    sized = [s for s in results["sizes"] if "cli" in s]
    if not cli and not sized:
        return []
    lines = ["**CLI end to end** — `multivector query CQ1` as a whole process (wall, median of "
             f"{results['repeat']} after a warm-up run that builds the store):", "",
             "| graph | `multivector query CQ1` | first run (builds the store) | target |",
             "|---|---|---|---|"]
    if cli:
        lines.append(f"| floor: `python -c \"import multivector\"` | "
                     f"{_cli_cell(cli.get('floor'))} | | |")
        query = cli.get("query", {})
        lines.append(f"| shipped graph, workspace (`dist/store`) | {_cli_cell(query)} | "
                     f"{query.get('first_s', 0):.2f} s | ≤ 0.35 s |")
        release = cli.get("release_query", {})
        lines.append(f"| shipped graph, packaged release | {_cli_cell(release)} | | ≤ 0.35 s |")
        load = cli.get("release_load", {})
        inside = load.get("in_process_s")
        lines.append(f"| `KnowledgeGraph.load()` of the packaged release (process; in-process "
                     f"import + load) | {_cli_cell(load)}"
                     + (f" ({inside:.3f} s)" if inside else "") + " | | ≤ 0.5 s |")
    forms = (cli or {}).get("load_forms", {})
    if forms.get("status") == "ok":
        sizes = forms["bytes"]
        lines.insert(2, "The packaged graph, each form until a query can run (in-process, median): "
                     + ", ".join(f"{name.replace('_', ' ')} {forms[name] * 1000:.0f} ms "
                                 f"({sizes[name] / 1e6:.1f} MB)"
                                 for name in ("nquads", "nquads_gz", "store_dump"))
                     + ". The wheel ships the store dump (fastest) and the gzip N-Quads (exact "
                     "terms, and the fallback).\n")
    for size in sized:
        query = size["cli"].get("query", {})
        first = f"{query['first_s']:.1f} s" if query.get("first_s") else ""
        target = "≤ 0.6 s + the query" if size["triples"] >= 500_000 else ""
        lines.append(f"| {size['label']} ({size['triples']:,} triples), workspace | "
                     f"{_cli_cell(query)} | {first} | {target} |")
    return lines + [""]


def _build_cell(entry: dict[str, Any] | None) -> str:
    if not entry or entry.get("status") != "ok":
        return _cli_cell(entry)
    return f"{entry['median_s']:.2f} s ({entry['peak_mb']:.0f} MB)"


def _builds_table(results: dict[str, Any]) -> list[str]:
    """The CLI build figures (``benchmarks.cli.builds``): whole processes, medians, peak
    memory of the child."""
    sized = [s for s in results["sizes"] if "builds" in s]
    if not sized:
        return []
    lines = ["**CLI builds** — whole processes in a workspace of the generated graph without "
             "injected violations (whole replicas, so a few more triples than the size): "
             "`multivector build --full`, `multivector build` after one edit of one source file "
             "(incremental), `multivector query CQ1` through the persistent store; wall median "
             "(peak memory of the child, `ru_maxrss`):", "",
             "| graph | full build | incremental build | incremental / full | `query CQ1` "
             "| load average (1 min) before → after |",
             "|---|---|---|---|---|---|"]
    for size in sized:
        builds = size["builds"]
        ratio = f"{builds['ratio']:.2f}" if "ratio" in builds else ""
        if "ratio" in builds and size["triples"] >= 500_000:
            ratio += " (target ≤ 0.20)"
        load = builds.get("load_average") or {}
        before, after = load.get("before"), load.get("after")
        shown = f"{before[0]:.1f} → {after[0]:.1f}" if before and after else ""
        lines.append(f"| {size['label']} ({builds.get('triples', 0):,} triples) | "
                     f"{_build_cell(builds.get('full_build'))} | "
                     f"{_build_cell(builds.get('incremental_build'))} | {ratio} | "
                     f"{_build_cell(builds.get('query'))} | {shown} |")
    return lines + [""]


def _panels_table(results: dict[str, Any]) -> list[str]:
    """The panels step (``benchmarks.panels``): ``multivector panel KIND``, whole processes."""
    from benchmarks.panels import SHIPPED, TARGET_1M_S, TARGET_SHIPPED_S

    shipped = results.get("panels")
    sized = [s for s in results["sizes"] if "panels" in s]
    if not shipped and not sized:
        return []
    lines = ["**Panels** — `multivector panel KIND --out F.csv` as a whole process (wall, median "
             f"of {results['repeat']} after a warm-up run; CPU = the child's user + system):", "",
             "| graph | table | wall (CPU) | rows | target |", "|---|---|---|---|---|"]
    order = ["query_cq1", *SHIPPED]
    for name, entry in sorted((shipped or {}).items(),
                              key=lambda item: (order.index(item[0]) if item[0] in order
                                                else len(order), item[0])):
        label = "`multivector query CQ1` (the floor)" if name == "query_cq1" else f"`{name}`"
        target = "" if name == "query_cq1" else f"≤ {TARGET_SHIPPED_S:g} s"
        lines.append(f"| shipped graph | {label} | {_cli_cell(entry)} | "
                     f"{entry.get('rows', '')} | {target} |")
    for size in sized:
        entry = size["panels"].get("country-year", {})
        target = f"≤ {TARGET_1M_S:g} s" if size["triples"] >= 500_000 else ""
        first = f"; first run {entry['first_s']:.1f} s" if entry.get("first_s") else ""
        lines.append(f"| {size['label']} ({size['triples']:,} triples) | `country-year`{first} "
                     f"| {_cli_cell(entry)} | {entry.get('rows', '')} | {target} |")
    return lines + [""]


def _query_table(label: str, entry: dict[str, Any],
                 per_load: dict[str, Any] | None = None) -> list[str]:
    """The competency queries on both engines; with ``per_load`` (``runner.query_load_ratios``)
    also each oxigraph median as a fraction of the load time of the same run."""
    ox, ref = entry.get("oxigraph", {}), entry.get("rdflib", {})
    head = f"Competency queries, {label} (median seconds; rows"
    if per_load:
        head += (f"; ÷ load = the oxigraph median over the `bulk_load` of the same run, "
                 f"{per_load['load_s']:.3f} s, target ≤ {per_load['target']}")
    load = entry.get("load_average") or {}
    if load.get("before") and load.get("after"):
        head += (f"; load average {load['before'][0]:.1f} → {load['after'][0]:.1f} during "
                 f"the queries")
    lines = [head + "):", "", "| query | oxigraph | rdflib | ratio | same rows |"
             + (" ÷ load |" if per_load else ""),
             "|---|---|---|---|---|" + ("---|" if per_load else "")]
    if ox.get("status") != "ok":
        return lines + [f"| all | {_cell(ox)} | | | |" + (" |" if per_load else ""), ""]
    # CQ2 before CQ10 (the results JSON is written with sorted keys)
    for name, mine in sorted(ox["queries"].items(), key=lambda item: (len(item[0]), item[0])):
        theirs = (ref.get("queries") or {}).get(name, {}) if ref.get("status") == "ok" else {}
        if mine.get("status") != "ok":
            lines.append(f"| {name} | {mine.get('status')} | | | |")
            continue
        if theirs.get("status") == "ok":
            other = f"{theirs['median_s']:.4f}"
            ratio = f"{theirs['median_s'] / mine['median_s']:.0f}×" if mine["median_s"] else "—"
        elif theirs.get("status") == "timeout":
            other, ratio = f"> {theirs['limit_s']:.0f} (stopped)", "—"
        elif theirs:
            other, ratio = theirs.get("status", "—"), "—"
        else:
            other, ratio = _cell(ref) if ref else "—", "—"
        same = _same(theirs.get("same_answer")) if theirs else "—"
        lines.append(f"| {name} | {mine['median_s']:.4f} ({mine['rows']}) | {other} | {ratio} "
                     f"| {same} |" + (f" {_per_load(per_load, name)} |" if per_load else ""))
    return lines + [""]


def _per_load(per_load: dict[str, Any], name: str) -> str:
    found = per_load["queries"].get(name)
    if not found:
        return "—"
    from benchmarks.runner import fraction as as_fraction

    fraction = as_fraction(found["ratio"])
    return fraction if found["met"] else f"**{fraction}** (not met)"


def update_docs(docs: Path, results: dict[str, Any], json_path: Path) -> None:
    text = f"# Benchmarks\n\n{START}\n{END}\n"
    if docs.is_file():
        text = docs.read_text(encoding="utf-8")
    if START not in text or END not in text:
        text = text.rstrip() + f"\n\n## Latest figures\n\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _old, tail = rest.split(END, 1)
    docs.write_text(f"{head}{START}\n{render(results, json_path)}\n{END}{tail}", encoding="utf-8")
