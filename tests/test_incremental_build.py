"""Incremental builds: after each edit of the source files, ``build`` (incremental) and
``build --full`` (in a twin workspace given the same edits) publish the same bytes — every file
of ``dist/current``, the build state included, and the persistent store — and a violation an
edit introduces is caught incrementally, including one only a cross-graph check sees."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from multivector import diskstore
from multivector.cli import app
from tests.conftest import REPO
from tests.serving import copy_workspace

NEW = "900_aaaaaaaaaaaaaaaa"
SOURCE = "001_7b871defe8eb9c5c"
MEMBERSHIP = re.compile(r"\n    <https://w3id\.org/multivector/id/membership/[^>]*> a org:"
                        r"Membership,.*?\.\n(?=\n|\})", re.S)

pytestmark = pytest.mark.slow


def build(home: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["build", "--home", str(home), *args])
    return result.exit_code, result.output


def sources(home: Path) -> Path:
    return home / "data" / "sources"


def header_and_graph(text: str, source_id: str) -> str:
    """The prefixes of a source file and an empty graph ``id:source/<source_id>``."""
    prefixes = "".join(line + "\n" for line in text.splitlines() if line.startswith("@prefix"))
    return prefixes + f"\n<https://w3id.org/multivector/id/source/{source_id}> {{\n"


def release(home: Path) -> dict[str, bytes]:
    current = home / "dist" / "current"
    return {p.relative_to(current).as_posix(): p.read_bytes()
            for p in sorted(current.rglob("*")) if p.is_file()}


def published(home: Path) -> dict[str, bytes]:
    """Every file of the release, and the store's content."""
    files = release(home)
    store = diskstore.current(home)
    assert store is not None
    # The store keeps the blank-node labels of the build's parse: compared after RDFC-1.0.
    exact = ox.parse(path=str(diskstore.exact_quads(store)), format=ox.RdfFormat.N_QUADS)
    files["<store exact quads>"] = canonical(exact)
    opened = ox.Store.read_only(str(store))
    files["<store content>"] = canonical(opened)
    del opened
    return files


def canonical(quads) -> bytes:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return "\n".join(sorted(str(q) for q in dataset)).encode()


def apply(homes: list[Path], edit) -> None:
    for home in homes:
        edit(home)


def move_memberships(home: Path) -> None:
    """Add a source: the membership statements of one source move into a new one."""
    path = sources(home) / f"{SOURCE}.trig"
    text = path.read_text(encoding="utf-8")
    blocks = MEMBERSHIP.findall(text)
    assert len(blocks) == 6
    path.write_text(MEMBERSHIP.sub("", text), encoding="utf-8")
    body = "\n".join(block.lstrip("\n") for block in blocks)
    (sources(home) / f"{NEW}.trig").write_text(
        header_and_graph(text, NEW) + body + "}\n", encoding="utf-8")


def change_date(home: Path) -> None:
    path = sources(home) / f"{NEW}.trig"
    text = path.read_text(encoding="utf-8")
    changed = re.sub(r'mv:asOf "\d{4}-\d\d-\d\d"\^\^xsd:date', 'mv:asOf "2017-06-15"^^xsd:date',
                     text, count=1)
    assert changed != text
    path.write_text(changed, encoding="utf-8")


OVERLAP = """
    <https://w3id.org/multivector/id/membership/900-overlap> a org:Membership, mv:Membership ;
        rdfs:label "a second membership overlapping a reference one"@en ;
        org:member id:{member} ;
        org:organization id:{org} ;
        org:role mvv:Member ;
        mv:startDate "{start}"^^xsd:date ;
        prov:wasDerivedFrom <https://w3id.org/multivector/id/document/001_7b871defe8eb9c5c> ;
        mv:hasEvidence <https://w3id.org/multivector/id/evidence/001_7b871defe8eb9c5c/4053-4120> .
"""

DUPLICATE_ITEM = """
    <https://w3id.org/multivector/id/Kazakhstan-again> a mv:State ;
        rdfs:label "Kazakhstan (again)"@en ;
        skos:exactMatch <http://www.wikidata.org/entity/Q232> .
"""


def insert(home: Path, block: str) -> None:
    path = sources(home) / f"{NEW}.trig"
    text = path.read_text(encoding="utf-8")
    if "@prefix skos:" not in text:
        text = "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n" + text
    path.write_text(text.rstrip().removesuffix("}") + block + "}\n", encoding="utf-8")


def reference_membership(home: Path) -> tuple[str, str, str]:
    """(member, organization, start date) of an open membership in the reference data."""
    text = (home / "data" / "reference" / "memberships-cis.ttl").read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        member = re.search(r"org:member id:(\w+) ;", block)
        org = re.search(r"org:organization id:(\w+) ;", block)
        start = re.search(r'mv:startDate "(\d{4}-\d\d-\d\d)"', block)
        if member and org and start and "mv:endDate" not in block:
            return member.group(1), org.group(1), start.group(1)
    raise AssertionError("no open reference membership with a start date")


def violations(output: str) -> list[str]:
    return sorted(line.strip() for line in output.splitlines() if "VIOLATION" in line)


def test_incremental_builds_equal_full_builds(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    quick, full = copy_workspace(tmp_path / "quick"), copy_workspace(tmp_path / "full")
    for home in (quick, full):
        code, out = build(home)
        assert code == 0, out
        assert "build: full (no build state from a previous build)" in out

    def check(expect_incremental: bool = True) -> str:
        code, out = build(quick)
        assert code == 0, out
        if expect_incremental:
            assert "build: incremental (" in out, out
            assert re.search(r"re-validated \d+ focus nodes", out), out
        code_full, out_full = build(full, "--full")
        assert code_full == 0, out_full
        assert "build: full (--full)" in out_full
        assert published(quick) == published(full)
        return out

    out = check(False)  # nothing changed: incremental, nothing re-validated
    assert "build: incremental (no source file changed: none; re-validated 0 focus nodes)" in out
    assert re.search(r"build: parsed 0 of \d+ files", out), out
    apply([quick, full], move_memberships)  # add a source (and change the one it came from)
    out = check()
    assert f"2 source file(s) changed: {SOURCE}.trig, {NEW}.trig" in out
    assert re.search(r"build: parsed 2 of \d+ files", out), out  # only the changed files
    apply([quick, full], change_date)  # change a source
    out = check()
    assert f"1 source file(s) changed: {NEW}.trig;" in out
    touched = int(re.search(r"re-validated (\d+) focus nodes", out).group(1))  # type: ignore[union-attr]
    total = len(release(quick)["multivector.nq"].splitlines())
    assert 0 < touched < total / 20  # a few nodes, not the graph

    # A violation only a cross-graph SHACL constraint sees (two overlapping memberships, one
    # in the reference data): caught incrementally, on both nodes, as the full build reports.
    member, org, start = reference_membership(quick)
    block = OVERLAP.format(member=member, org=org, start=start)
    before = release(quick)
    apply([quick, full], lambda home: insert(home, block))
    code, out = build(quick)
    code_full, out_full = build(full, "--full")
    assert (code, code_full) == (1, 1), out
    assert "build: incremental (" in out
    assert "MembershipOverlapShape" in out and "MembershipOverlapShape" in out_full
    assert violations(out) == violations(out_full) and len(violations(out)) == 2
    assert release(quick) == before  # dist/ untouched
    apply([quick, full], lambda home: _remove(home, block))

    # A violation only a QC query sees: a source mints a second entity for a reference item.
    apply([quick, full], lambda home: insert(home, DUPLICATE_ITEM))
    code, out = build(quick)
    code_full, out_full = build(full, "--full")
    assert (code, code_full) == (1, 1), out
    assert "qc:shared-wikidata-item" in out and "build: incremental (" in out
    assert violations(out) == violations(out_full)
    apply([quick, full], lambda home: _remove(home, DUPLICATE_ITEM))

    # Deleting a source the reference data cites: only the QC query on dangling references
    # sees it (the reference graph did not change), incrementally too.
    cited = "004_c69a8ff58275d965.trig"
    aside = {home: tmp_path / f"{home.name}-{cited}" for home in (quick, full)}
    apply([quick, full], lambda home: (sources(home) / cited).rename(aside[home]))
    code, out = build(quick)
    code_full, out_full = build(full, "--full")
    assert (code, code_full) == (1, 1), out
    assert "qc:untyped-data-node" in out and "build: incremental (" in out
    assert violations(out) == violations(out_full)
    apply([quick, full], lambda home: aside[home].rename(sources(home) / cited))

    def delete(home: Path) -> None:  # delete the new source, its statements back where they were
        (sources(home) / f"{NEW}.trig").unlink()
        shutil.copyfile(REPO / "data" / "sources" / f"{SOURCE}.trig",
                        sources(home) / f"{SOURCE}.trig")

    apply([quick, full], delete)
    out = check()
    assert f"2 source file(s) changed: {SOURCE}.trig, {NEW}.trig;" in out
    assert "build: full step" not in out  # the store and the dumps were patched

    # A blank node in the change: the dumps are canonicalized whole, and the build says so.
    apply([quick, full], lambda home: append(home, SOURCE, BLANK))
    out = check()
    assert "build: full step: dumps canonicalized whole (a replaced graph holds a blank " \
        "node)" in out
    # The previous store gone: written whole, and said so.
    stores = quick / "dist" / ".stores"
    linked = diskstore.linked_fingerprint(quick)
    shutil.rmtree(stores / str(linked))
    (stores / f"{linked}.nq").unlink()
    apply([quick, full], lambda home: append(home, SOURCE, PLAIN))
    out = check()  # (the blank node is still there)
    assert "build: full step: dumps canonicalized whole (a replaced graph holds a blank " \
        "node)" in out
    assert "build: full step: store written whole (the previous build's store is gone)" in out


BLANK = """
    <https://w3id.org/multivector/id/document/001_7b871defe8eb9c5c> rdfs:seeAlso [
        rdfs:label "a note without a name"@en ] .
"""
PLAIN = """
    <https://w3id.org/multivector/id/document/001_7b871defe8eb9c5c> rdfs:comment "edited"@en .
"""


def append(home: Path, name: str, block: str) -> None:
    path = sources(home) / f"{name}.trig"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip().removesuffix("}") + block + "}\n", encoding="utf-8")


def _remove(home: Path, block: str) -> None:
    path = sources(home) / f"{NEW}.trig"
    path.write_text(path.read_text(encoding="utf-8").replace(block, ""), encoding="utf-8")


def test_a_different_option_or_a_broken_state_means_a_full_build(tmp_path: Path,
                                                                  monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    home = copy_workspace(tmp_path / "ws")
    assert build(home, "--skip-validation")[0] == 0
    code, out = build(home)
    assert code == 0 and "build: full (code, options, ontology" in out
    state = home / "dist" / "current" / ".build-state" / "state.json"
    text = state.read_text(encoding="utf-8")
    state.unlink()
    state.write_text(text[: len(text) // 2], encoding="utf-8")  # cut off (a new inode)
    code, out = build(home)
    assert code == 0 and "build: full (build state unreadable (JSONDecodeError))" in out
    rules = home / "reasoning" / "rules" / "10-subclass.rq"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    code, out = build(home)
    assert code == 0 and "build: full (code, options, ontology" in out
