"""Loading: file → named graph mapping, and one-line errors for every kind of bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, XSD

from multivector.errors import InputError
from multivector.loading import load, parse_trig, parse_turtle
from multivector.namespaces import (
    GRAPH_ONTOLOGY,
    GRAPH_REFERENCE,
    ID,
    MV,
    source_graph,
)
from multivector.querystore import named_quads

PREFIXES = (
    "@prefix id: <https://w3id.org/multivector/id/> .\n"
    "@prefix mv: <https://w3id.org/multivector/ontology#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)


def test_mini_home_loads_into_the_documented_graphs(mini_home: Path) -> None:
    loaded = load(mini_home)
    ds = loaded.dataset
    assert (ID.Kazakhstan, RDF.type, MV.State) in ds.graph(GRAPH_REFERENCE)
    assert (MV.State, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in ds.graph(
        GRAPH_ONTOLOGY
    )
    source = ds.graph(source_graph("000_test"))
    membership = ID["membership/Kazakhstan-CSTO"]
    assert (membership, MV.startDate, Literal("2002-10-07", datatype=XSD.date)) in source
    assert loaded.graph_files == {
        GRAPH_ONTOLOGY: [mini_home / "ontology" / "mini.ttl"],
        GRAPH_REFERENCE: [mini_home / "data" / "reference" / "entities.ttl"],
        source_graph("000_test"): [mini_home / "data" / "sources" / "000_test.trig"],
    }
    # nothing lands in the default graph
    assert len(ds.graph(DATASET_DEFAULT_GRAPH_ID)) == 0


def test_store_mirrors_the_dataset(mini_home: Path) -> None:
    loaded = load(mini_home)
    store = loaded.store()
    named = {str(q) for q in named_quads(store)}
    assert len(named) == len(loaded.dataset)
    assert named == {str(q) for q in loaded.quads}
    # the default graph holds the set union (multivector.querystore)
    union = {(q.subject, q.predicate, q.object) for q in loaded.quads}
    assert len(store) - len(named) == len(union)


@pytest.mark.parametrize(
    ("body", "line", "col", "message"),
    [
        ('id:A mv:foundingDate "2017-13-45"^^xsd:date .\n', 4, 22, "ill-typed literal"),
        ('id:A mv:foundingDate "2017-02-30"^^xsd:date .\n', 4, 22, '"2017-02-30"'),
        ("id:A mv:p foo:B .\n", 4, 11, "prefix foo: has not been declared"),
        ("id:A mv:p id:B\n", 5, 1, "Unexpected end"),
        ('id:A mv:cowCode "seven"^^xsd:integer .\n', 4, 17, "ill-typed literal"),
    ],
)
def test_bad_turtle_is_one_line_with_position(
    tmp_path: Path, body: str, line: int, col: int, message: str
) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text(PREFIXES + body, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        parse_turtle(path)
    text = str(caught.value)
    assert "\n" not in text
    assert text.startswith(f"{path}:{line}:{col}: ")
    assert message in text


def test_not_utf8_names_the_byte_position(tmp_path: Path) -> None:
    path = tmp_path / "latin1.ttl"
    path.write_bytes(PREFIXES.encode() + 'id:A mv:label "Almat\xfd" .\n'.encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1\.ttl:4:21: not UTF-8"):
        parse_turtle(path)


@pytest.mark.parametrize("content", ["", "   \n", PREFIXES])
def test_empty_files_are_errors(tmp_path: Path, content: str) -> None:
    path = tmp_path / "empty.ttl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=r"empty\.ttl: (file is empty|file holds no triples)"):
        parse_turtle(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.ttl: file not found"):
        parse_turtle(tmp_path / "nope.ttl")


def test_trig_must_hold_exactly_its_own_graph(tmp_path: Path) -> None:
    path = tmp_path / "001_x.trig"
    path.write_text(
        PREFIXES + "<https://w3id.org/multivector/id/source/001_y> { id:A mv:p id:B . }\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"001_x\.trig:4:\d+: unexpected named graph"):
        parse_trig(path, source_graph("001_x"))


def test_trig_default_graph_triple_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "001_x.trig"
    path.write_text(
        PREFIXES
        + "id:A mv:p id:B .\n<https://w3id.org/multivector/id/source/001_x> { id:A mv:p id:C . }\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="outside any named graph"):
        parse_trig(path, source_graph("001_x"))


def test_error_in_one_source_file_names_that_file(mini_home: Path) -> None:
    bad = mini_home / "data" / "sources" / "002_bad.trig"
    bad.write_text(
        PREFIXES + '<https://w3id.org/multivector/id/source/002_bad> {\n'
        '  id:A mv:startDate "2017-02-30"^^xsd:date .\n}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load(mini_home)
    assert str(caught.value) == (
        f'{bad}:5:21: ill-typed literal "2017-02-30" for datatype <{XSD.date}>'
    )


def test_shipped_files_load(shipped) -> None:
    graphs = set(shipped.graph_files)
    assert GRAPH_ONTOLOGY in graphs
    assert (MV.memberOf, URIRef("http://www.w3.org/2002/07/owl#inverseOf"), MV.hasMember) in (
        shipped.dataset.graph(GRAPH_ONTOLOGY)
    )
    for graph, files in shipped.graph_files.items():
        if str(graph).startswith(str(ID["source/"])):
            assert [f.stem for f in files] == [str(graph).rsplit("/", 1)[1]]
