"""Malformed input through ``multivector validate PATH``: exit 2, one line naming the file (and
line, where the parser knows it), never a traceback; and a property-based test that the loader
either loads a mutated Turtle file or raises InputError — nothing else escapes."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from multivector.cli import app
from multivector.errors import InputError
from multivector.loading import parse_turtle

ROOT = Path(__file__).resolve().parents[1]
PREFIXES = (
    "@prefix id: <https://w3id.org/multivector/id/> .\n"
    "@prefix mv: <https://w3id.org/multivector/ontology#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)
GRAPH = "<https://w3id.org/multivector/id/source/{stem}>"

#: name -> (file name, content bytes or None for a missing file, expected line or None)
CASES: dict[str, tuple[str, bytes | None, int | None]] = {
    "turtle syntax error": ("syntax.ttl", (PREFIXES + "id:a mv:b id:c ;;; ]\n").encode(), 5),
    "unknown prefix": ("prefix.ttl", (PREFIXES + "id:a foo:b id:c .\n").encode(), 5),
    "bad date literal": (
        "baddate.ttl", (PREFIXES + 'id:a mv:date "2017-13-45"^^xsd:date .\n').encode(), 5),
    "impossible date": (
        "impossible.ttl", (PREFIXES + 'id:a mv:date "2017-02-30"^^xsd:date .\n').encode(), 5),
    "not UTF-8": ("latin1.ttl", (PREFIXES + 'id:a rdfs:label "Almaty\xe9" .\n').encode("latin-1"),
                  5),
    "empty file": ("empty.ttl", b"", None),
    "whitespace only": ("blank.ttl", b"  \n\n\t\n", None),
    "missing file": ("missing.ttl", None, None),
    "binary file": ("binary.ttl", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", 1),
    "unterminated string": (
        "unterminated.ttl", (PREFIXES + 'id:a rdfs:label "Astana .\n').encode(), 5),
    "IRI with spaces": (
        "spaces.ttl", (PREFIXES + "<https://w3id.org/multivector/id/a b> mv:c id:d .\n").encode(),
        5),
    "triple missing its object": ("noobject.ttl", (PREFIXES + "id:a mv:b .\n").encode(), 5),
    "TriG with a second named graph": (
        "000_second.trig",
        (PREFIXES + GRAPH.format(stem="000_second") + " { id:a mv:b id:c . }\n"
         "<https://w3id.org/multivector/id/source/other> { id:a mv:b id:d . }\n").encode(),
        6),
    "TriG triples outside any graph": (
        "000_default.trig", (PREFIXES + "id:a mv:b id:c .\n").encode(), None),
    "TriG unclosed graph": (
        "000_unclosed.trig",
        (PREFIXES + GRAPH.format(stem="000_unclosed") + " { id:a mv:b id:c .\n").encode(), None),
    "file with no triples": ("comment.ttl", (PREFIXES + "# nothing here\n").encode(), None),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_input_exit_2_one_line(name: str, tmp_path: Path) -> None:
    file_name, content, line = CASES[name]
    path = tmp_path / file_name
    if content is not None:
        path.write_bytes(content)
    result = CliRunner().invoke(app, ["validate", str(path), "--home", str(ROOT)])
    assert result.exit_code == 2, (result.output, result.exception)
    message = result.stderr
    assert message.endswith("\n") and message.count("\n") == 1, message
    assert message.startswith(f"multivector: {path}"), message
    if line is not None:
        assert message.startswith(f"multivector: {path}:{line}:"), message
    assert "Traceback" not in result.output
    assert result.stdout == ""


VALID = (ROOT / "tests" / "fixtures" / "shapes" / "memberships" / "base.ttl").read_bytes()


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(VALID)
    kind = draw(st.sampled_from(["truncate", "flip", "delete", "insert"]))
    if kind == "truncate":
        return bytes(data[: draw(st.integers(0, len(data)))])
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif kind == "delete":
            del data[i : i + draw(st.integers(1, 20))]
        else:
            data[i:i] = draw(st.binary(min_size=1, max_size=4))
    return bytes(data)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=mutated())
def test_mutated_turtle_loads_or_raises_input_error(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutated.ttl"
        path.write_bytes(content)
        try:
            graph = parse_turtle(path)
        except InputError as exc:
            text = str(exc)
            assert "\n" not in text
            assert text.startswith(str(path))
        else:
            assert len(graph) > 0
