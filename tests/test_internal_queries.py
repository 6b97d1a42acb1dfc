"""The code's own SPARQL: in ``queries/internal/``, read by path, never listed as a named query."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from multivector import paths
from multivector.errors import InputError
from multivector.namespaces import GRAPH_INFERRED
from multivector.queries import (
    RESERVED_FOLDERS,
    catalogue,
    internal_query,
    is_update,
    query_shape,
)

REPO = Path(__file__).resolve().parents[1]
INTERNAL = REPO / "queries" / "internal"
SRC = REPO / "src" / "multivector"

#: SPARQL text the code *derives* from a rule file rather than a query of its own: the INSERT
#: form of a CONSTRUCT rule (``materialize._insert_form``), like ``with_values`` for VALUES.
#: functions that write SPARQL from other text (a rule's CONSTRUCT, a shape's constraints and
#: targets), not queries of their own
REWRITES = {("materialize.py", "_insert_form"), ("shacl_sparql.py", "_top_level"),
            ("shacl_store.py", "run_oxigraph")}
_SPARQL = re.compile(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE|INSERT|DELETE)\b[^\n]*(\{|\bWHERE\b)")


def internal_names() -> list[str]:
    return sorted(str(p.relative_to(INTERNAL).with_suffix("")) for p in INTERNAL.rglob("*.rq"))


def test_internal_queries_are_found_in_the_checkout() -> None:
    assert paths.internal_queries_dir() == INTERNAL
    names = internal_names()
    assert {
        "benchmarks/shared-entities", "materialize/count-inferred", "remote/graphs",
        "resolve/all-names", "resolve/by-iri", "resolve/by-name", "resolve/label", "store/union",
    } <= set(names)
    assert {name.split("/")[0] for name in names} >= {"site", "draw"}


@pytest.mark.parametrize("name", internal_names())
def test_every_internal_query_reads_and_parses(name: str) -> None:
    query = internal_query(name)
    assert query.question, f"{name}: the header says what it asks"
    if name == "store/union":
        assert is_update(query.text) and not query.params
    else:
        assert query_shape(query.text, query.path).form in ("SELECT", "ASK", "CONSTRUCT")


def test_a_query_with_a_cached_shape_is_not_parsed_as_an_update(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``internal_query`` asks ``is_update`` of every query it loads; rdflib's update parser
    costs about half a second, so a text whose query shape is cached is answered from the
    cache — and an update is still recognised by parsing."""
    from rdflib.plugins.sparql import parser

    query = internal_query("panel/span")
    query_shape(query.text, query.path)  # cached now
    update = internal_query("store/union")

    parsed: list[str] = []

    def counting(text: str) -> None:
        parsed.append(text)
        raise ValueError("not an update")

    monkeypatch.setattr(parser, "parseUpdate", counting)
    assert is_update(query.text) is False
    assert parsed == []  # answered from the cache
    monkeypatch.undo()
    assert is_update(update.text) is True


def test_internal_queries_are_not_named_queries() -> None:
    assert RESERVED_FOLDERS == ("qc", "internal")
    names = list(catalogue(REPO / "queries"))
    assert names == [f"CQ{n}" for n in range(1, 17)]


def test_a_file_in_any_internal_folder_stays_out_of_the_catalogue(mini_home: Path) -> None:
    folder = mini_home / "queries" / "internal" / "mine"
    folder.mkdir(parents=True)
    (folder / "x.rq").write_text("# name: x\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    assert list(catalogue(mini_home / "queries")) == ["members-on-date"]


def test_a_missing_internal_query_names_its_file() -> None:
    with pytest.raises(InputError, match=r"internal/resolve/nothing\.rq: internal query not found"):
        internal_query("resolve/nothing")


def test_the_count_names_the_inferred_graph() -> None:
    assert f"<{GRAPH_INFERRED}>" in internal_query("materialize/count-inferred").text


def _kinds(name: str) -> list[str]:
    text = internal_query(name).text
    block = re.search(r"VALUES \?kind \{([^}]*)\}", text)
    assert block is not None, name
    return block.group(1).split()


def test_both_resolution_queries_ask_for_the_same_kinds() -> None:
    kinds = _kinds("resolve/by-name")
    assert len(kinds) == 12 and "mv:State" in kinds and "mv:Place" in kinds
    assert _kinds("resolve/by-iri") == kinds
    assert _kinds("resolve/by-wikidata") == kinds


def _python_sparql() -> list[str]:
    """``file:line`` of every string constant in the package that reads as SPARQL (the
    benchmarks' deliberately hostile test inputs are not queries of the product)."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
            and node.body and isinstance(node.body[0], ast.Expr)
        }
        allowed = {
            id(inner) for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef) and (relative.name, node.name) in REWRITES
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and id(node) not in docstrings and id(node) not in allowed
                    and _SPARQL.search(node.value)):
                found.append(f"{relative}:{node.lineno}")
    return found


def test_no_sparql_is_written_inside_python() -> None:
    assert _python_sparql() == []


def test_the_sparql_detector_finds_a_query_in_a_string(tmp_path: Path) -> None:
    assert _SPARQL.search('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }')
    assert _SPARQL.search("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert not _SPARQL.search("Select the rows where the date is given")
