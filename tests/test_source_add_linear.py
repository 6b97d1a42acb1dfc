"""``source add`` in linear time: the two fixes keep exactly the old results.

The timing itself is a benchmark (``python -m benchmarks --steps source-add``), not a test.
"""

from __future__ import annotations

import random

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from multivector import canonical
from multivector.linking.candidates import _covered
from multivector.linking.matcher import Mention
from multivector.linking.tokens import tokenize
from multivector.namespaces import ID, OA, bind_prefixes


def _mentions_graph(count: int) -> Graph:
    graph = Graph()
    for i in range(count):
        ann = ID[f"mention/999_0123456789abcdef/{i * 7}-{i * 7 + 5}"]
        graph.add((ann, RDF.type, OA.Annotation))
        graph.add((ann, OA.hasTarget, URIRef(f"{ann}/target")))
        graph.add((URIRef(f"{ann}/target"), OA.hasSelector, URIRef(f"{ann}/position")))
        graph.add((URIRef(f"{ann}/position"), OA.start,
                   Literal(i * 7, datatype=XSD.nonNegativeInteger)))
        graph.add((ann, OA.hasBody, ID[f"Entity{i % 13}"]))
        graph.add((ann, URIRef(f"http://unbound.example/ns{i % 3}/p"), Literal(i)))
    return graph


@pytest.mark.slow
def test_linear_namespace_manager_writes_what_rdflib_writes(monkeypatch) -> None:
    graph = _mentions_graph(600)
    ours = canonical.canonical_turtle(graph, [("ex", "http://unbound.example/ns1/")])

    def rdflib_graph(extra=()):
        fresh = Graph(bind_namespaces="none")
        bind_prefixes(fresh)  # rdflib's own NamespaceManager
        for prefix, namespace in sorted(set(extra)):
            if prefix and prefix not in canonical.PREFIXES:
                fresh.bind(prefix, namespace, override=False)
        return fresh

    monkeypatch.setattr(canonical, "_fresh_graph", rdflib_graph)
    theirs = canonical.canonical_turtle(graph, [("ex", "http://unbound.example/ns1/")])
    assert ours == theirs
    assert "ex:p" in ours and "<https://w3id.org/multivector/id/mention/" in ours


def test_covered_tokens_match_the_pairwise_definition() -> None:
    rng = random.Random(7)
    words = ["Kazakhstan", "and", "Russia", "signed", "the", "Treaty", "of", "Tashkent", "."]
    text = " ".join(rng.choice(words) for _ in range(3000))
    tokens = tokenize(text)
    mentions = []
    for _ in range(400):
        first = rng.randrange(len(tokens))
        last = min(len(tokens) - 1, first + rng.randrange(4))
        mentions.append(Mention(tokens[first].start, tokens[last].end, "x", ID.X, "state"))
    expected = {
        i for i, t in enumerate(tokens)
        for m in mentions if m.start <= t.start and t.end <= m.end
    }
    assert _covered(tokens, mentions) == expected
    assert expected  # the random spans do cover something


def test_token_table_reads_as_the_token_list() -> None:
    from multivector.linking.tokens import TokenTable, indexes_with_key, offsets

    text = "N.Nazarbayev met Mr. Putin in Astana's centre_of_town — «Қазақстан» 2022 … US.\n" * 9
    tokens = tokenize(text)
    table = TokenTable(text)
    assert list(table) == tokens and len(table) == len(tokens)
    assert table[5] == tokens[5] and table[-1] == tokens[-1] and table[3:9] == tokens[3:9]
    assert list(offsets(table)) == [(t.start, t.end) for t in tokens] == list(offsets(tokens))
    keys = {tokens[1].key, tokens[7].key}
    assert indexes_with_key(table, keys) == indexes_with_key(tokens, keys)
    assert indexes_with_key(tokens, keys) == [i for i, t in enumerate(tokens) if t.key in keys]


def test_word_before_a_full_stop_is_the_regex_answer() -> None:
    import re

    from multivector.linking.tokens import _word_before

    rng = random.Random(11)
    alphabet = "ab_1 .,'\u00e9\u0416\u0663-\t\u2028X"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(12)))
        start = rng.randrange(len(text) + 1)
        end = rng.randrange(start, len(text) + 1)
        found = re.search(r"(\w+)$", text[start:end])
        assert _word_before(text, start, end) == (found.group(1) if found else "")
