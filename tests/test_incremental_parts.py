"""The pieces that make an incremental build cost what the change costs: the parse cache
(only changed files are parsed), the dump patched without canonicalizing again (bytes equal to a
full dump; refused when a blank node is in the change), and the persistent store patched from
the previous one (the same content as a store written whole; None when there is none)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from multivector import diskstore, parsecache
from multivector.dumps import CanonicalDump
from multivector.loading import load
from tests.serving import copy_workspace

EX = "http://example.org/"
G1, G2, G3 = (ox.NamedNode(f"{EX}g{i}") for i in (1, 2, 3))
P, Q = ox.NamedNode(f"{EX}p"), ox.NamedNode(f"{EX}q")


def node(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


def quad(s: str, o: str | ox.Term, g: ox.NamedNode, p: ox.NamedNode = P) -> ox.Quad:
    obj = o if not isinstance(o, str) else node(o)
    return ox.Quad(node(s), p, obj, g)


def base() -> list[ox.Quad]:
    """Three graphs; blank nodes in g1 only (an address-like structure), a triple in two
    graphs, typed literals."""
    blank, other = ox.BlankNode(), ox.BlankNode()
    return [
        ox.Quad(node("a"), P, blank, G1), ox.Quad(blank, Q, ox.Literal("x"), G1),
        ox.Quad(node("a"), P, other, G1), ox.Quad(other, Q, ox.Literal("y"), G1),
        quad("a", "b", G2), quad("b", "c", G2), quad("shared", "z", G2),
        quad("c", ox.Literal("5", datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#nonNegativeInteger")), G2, Q),
        quad("shared", "z", G3), quad("d", "e", G3),
    ]


def edited() -> list[ox.Quad]:
    """g2 changed: one triple gone, one new, the shared one dropped from g2 (still in g3)."""
    quads = [q for q in base() if q.graph_name != G2]
    return [*quads, quad("a", "b", G2), quad("b", "new", G2),
            quad("c", ox.Literal("6", datatype=ox.NamedNode(
                "http://www.w3.org/2001/XMLSchema#nonNegativeInteger")), G2, Q)]


G0, G4 = ox.NamedNode(f"{EX}g0"), ox.NamedNode(f"{EX}g4")


@pytest.mark.parametrize("change", ["edit", "add first", "add last", "remove"])
def test_a_patched_dump_has_the_bytes_of_a_full_one(change: str) -> None:
    before = CanonicalDump(base())
    after, graphs = edited(), {G2}
    if change == "add first":  # a new graph sorted before every other
        after, graphs = [*after, quad("f", "g", G0)], {G0, G2}
    elif change == "add last":
        after, graphs = [*after, quad("f", "g", G4)], {G2, G4}
    elif change == "remove":  # a graph gone (its file deleted)
        after, graphs = [q for q in base() if q.graph_name != G3], {G3}
    patched = CanonicalDump.patched(before.nquads(), graphs,
                                    [q for q in after if q.graph_name in graphs], before.trig(),
                                    before.turtle())
    full = CanonicalDump(after)
    assert patched.nquads() == full.nquads()
    assert patched.trig() == full.trig()
    assert patched.turtle() == full.turtle()
    assert b"_:c14n" in patched.nquads()  # the blank nodes kept their canonical labels
    assert patched.triple_count() == full.triple_count() == len({q.triple for q in after})
    without_trig = CanonicalDump.patched(before.nquads(), graphs,
                                         [q for q in after if q.graph_name in graphs])
    assert without_trig.trig() == full.trig()
    with pytest.raises(ValueError, match="one block per subject"):
        CanonicalDump.patched(before.nquads(), graphs,
                              [q for q in after if q.graph_name in graphs], None,
                              before.turtle().replace(b" ;\n\t", b" .\n", 1) + b"<x> <y> <z> .\n")
    with pytest.raises(ValueError, match="one block per graph"):
        CanonicalDump.patched(before.nquads(), graphs,
                              [q for q in after if q.graph_name in graphs],
                              before.trig().replace(b"\n}\n", b"\n", 1))


def test_a_dump_is_not_patched_when_a_blank_node_is_in_the_change() -> None:
    before = CanonicalDump(base()).nquads()
    with pytest.raises(ValueError, match="held a blank node"):  # old content of g1
        CanonicalDump.patched(before, {G1}, [quad("a", "b", G1)])
    with pytest.raises(ValueError, match="holds a blank node"):  # new content of g2
        CanonicalDump.patched(before, {G2}, [ox.Quad(node("a"), P, ox.BlankNode(), G2)])
    with pytest.raises(ValueError, match="not in a replaced graph"):
        CanonicalDump.patched(before, {G2}, [quad("a", "b", G3)])


def store_content(folder: Path) -> list[str]:
    opened = ox.Store.read_only(str(folder))
    try:
        dataset = ox.Dataset(opened)
    finally:
        del opened
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(str(q) for q in dataset)


def exact_content(folder: Path) -> list[str]:
    dataset = ox.Dataset(ox.parse(path=str(diskstore.exact_quads(folder)),
                                  format=ox.RdfFormat.N_QUADS))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(str(q) for q in dataset)


def test_a_patched_store_holds_what_a_store_written_whole_holds(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    (home / "dist").mkdir(parents=True)
    diskstore.publish(home, base(), "before")
    # the new graph as an incremental build has it: g1 re-read (its blank nodes relabelled)
    relabel: dict[ox.BlankNode, ox.BlankNode] = {}

    def fresh(term):
        return relabel.setdefault(term, ox.BlankNode()) if isinstance(term, ox.BlankNode) \
            else term

    after = [ox.Quad(fresh(q.subject), q.predicate, fresh(q.object), q.graph_name)
             for q in edited()]
    patched = diskstore.publish_patched(home, after, "after", "before", {G2})
    assert patched == home / "dist" / ".stores" / "after"
    assert diskstore.linked_fingerprint(home) == "after"
    whole = tmp_path / "whole"
    (whole / "dist").mkdir(parents=True)
    written = diskstore.publish(whole, edited(), "after")
    assert store_content(patched) == store_content(written)
    assert exact_content(patched) == exact_content(written)
    union = ox.Store.read_only(str(patched))
    try:  # the shared triple stays in the union (g3 holds it); the removed one left it
        default = ox.DefaultGraph()
        assert ox.Quad(node("shared"), P, node("z"), default) in union
        assert ox.Quad(node("b"), P, node("c"), default) not in union
    finally:
        del union
    assert diskstore.publish_patched(home, after, "later", "gone", {G2}) is None


@pytest.mark.slow
def test_the_parse_cache_reads_unchanged_files_and_parses_changed_ones(tmp_path: Path) -> None:
    home = copy_workspace(tmp_path / "ws")
    out = home / "dist"
    first = parsecache.load(home, out)
    files = [path for path, _s, _e in first.loaded.file_spans]
    assert first.parsed == files and not first.loaded.has_dataset
    assert not (out / parsecache.CACHE_DIR).exists()  # nothing written until saved
    parsecache.save(first.loaded, out, first.digests)
    again = parsecache.load(home, out)
    assert again.parsed == []
    source = sorted((home / "data" / "sources").glob("*.trig"))[0]
    text = source.read_text(encoding="utf-8").rstrip()
    subject = next(ox.parse(path=str(source), format=ox.RdfFormat.TRIG)).subject
    source.write_text(text[:-1] + f'{subject} <http://www.w3.org/2000/01/rdf-schema#comment> '
                      '"edited" .\n}\n', encoding="utf-8")
    changed = parsecache.load(home, out)
    assert changed.parsed == [source]
    direct = load(home)

    def named(quads: list[ox.Quad]) -> set[ox.Quad]:
        return {q for q in quads if not isinstance(q.subject, ox.BlankNode)
                and not isinstance(q.object, ox.BlankNode)}

    assert named(changed.loaded.quads) == named(direct.quads)
    assert len(changed.loaded.quads) == len(direct.quads)
    assert [(p, e - s) for p, s, e in changed.loaded.file_spans] == \
        [(p, e - s) for p, s, e in direct.file_spans]
    assert len(changed.loaded.dataset) == len(direct.dataset)  # made on demand, the same size
    # a file edited between its reading and the save gets no entry; the others' stay, the
    # entry of the file's previous content goes
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    parsecache.save(changed.loaded, out, changed.digests)
    code = parsecache._code()
    names = {p.name for p in (out / parsecache.CACHE_DIR).iterdir()}
    assert names == {parsecache.entry_name(code, home, path, digest)
                     for path, digest in changed.digests.items() if path != source}
    assert parsecache.load(home, out).parsed == [source]


@pytest.mark.slow
def test_the_shapes_analysis_is_cached_by_the_shapes_hash(tmp_path: Path, monkeypatch) -> None:
    from multivector.validation.reach import Reach
    from multivector.validation.shacl import shapes_key
    from multivector.validation.shapes import load_shapes, shape_files
    from tests.conftest import REPO

    monkeypatch.setenv("MULTIVECTOR_CACHE", str(tmp_path / "cache"))
    files = list(shape_files(REPO / "shapes"))
    shapes = load_shapes([REPO / "shapes"])
    first = Reach.cached(shapes, shapes_key(files))
    assert first.walks == Reach.of(shapes).walks and first.walks

    def not_again(_shapes):
        raise AssertionError("analysed again")

    monkeypatch.setattr(Reach, "of", classmethod(lambda cls, s: not_again(s)))
    assert Reach.cached(shapes, shapes_key(files)).walks == first.walks
    with pytest.raises(AssertionError, match="analysed again"):  # other shapes: analysed
        Reach.cached(shapes, "another key")
