"""The benchmark prints each competency query's time as a fraction of the load time (issue 17).

Why this test exists: the target "every CQ at 1 M within a twentieth of the load time, measured
in the same run" is read off the benchmark's report; this checks the arithmetic and the table
on figures given here (no timing).
"""

from __future__ import annotations

from benchmarks.report import _query_table
from benchmarks.runner import fraction, query_load_ratios


def _steps() -> dict:
    return {
        "load": {"oxigraph": {"status": "ok", "seconds": 4.0}},
        "query": {
            "oxigraph": {"status": "ok", "queries": {
                "CQ1": {"status": "ok", "median_s": 0.1, "rows": 3},
                "CQ7": {"status": "ok", "median_s": 0.4, "rows": 1205},
                "CQ9": {"status": "timeout", "limit_s": 10.0},
            }},
            "rdflib": {"status": "skipped", "reason": "not run above 200000 triples"},
            "load_average": {"before": (1.5, 1.0, 1.0), "after": (2.25, 1.0, 1.0)},
        },
    }


def test_ratios_are_query_over_load_of_the_same_run() -> None:
    ratios = query_load_ratios(_steps())
    assert ratios is not None
    assert ratios["load_s"] == 4.0 and ratios["target"] == "1/20"
    assert ratios["queries"]["CQ1"] == {"median_s": 0.1, "ratio": 0.025, "met": True}
    assert ratios["queries"]["CQ7"] == {"median_s": 0.4, "ratio": 0.1, "met": False}
    assert "CQ9" not in ratios["queries"]  # a stopped query has no median


def test_exactly_a_twentieth_is_met_and_no_load_gives_no_ratios() -> None:
    steps = _steps()
    steps["query"]["oxigraph"]["queries"]["CQ1"]["median_s"] = 0.2
    assert query_load_ratios(steps)["queries"]["CQ1"]["met"] is True
    del steps["load"]
    assert query_load_ratios(steps) is None


def test_fraction_text() -> None:
    assert fraction(0.1) == "1/10.0"
    assert fraction(1 / 22.94) == "1/22.9"
    assert fraction(0.001) == "1/1000"


def test_report_table_has_the_ratio_column_and_load_average() -> None:
    steps = _steps()
    lines = _query_table("1M", steps["query"], query_load_ratios(steps))
    assert "4.000 s, target ≤ 1/20" in lines[0]
    assert "load average 1.5 → 2.2" in lines[0]
    assert lines[2].endswith("÷ load |")
    assert "| CQ1 | 0.1000 (3) |" in lines[4] and lines[4].endswith(" 1/40.0 |")
    assert lines[5].endswith(" **1/10.0** (not met) |")
    assert lines[6].startswith("| CQ9 | timeout |")
