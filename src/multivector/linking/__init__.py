"""Entity linking: find the reference entities a text mentions, and the names it does not know.

The gazetteer is built from the graph itself (``data/reference/``), so adding an alt label there
improves the linker; nothing is hard-coded here except the small, documented transliteration
rules (:mod:`multivector.linking.normalize`), the reading rules — capitals as places or
governments, negation, namesakes (:mod:`multivector.linking.matcher`) —, the measured fuzzy
matching of known persons' names (:mod:`multivector.linking.fuzzy`) and the word lists that
clean and type unknown names (:mod:`multivector.linking.candidates`). See
docs/adding-a-source.md, "How the linker reads".
"""

from multivector.linking.candidates import Candidate, find_candidates
from multivector.linking.gazetteer import Gazetteer, Surface, load_gazetteer
from multivector.linking.matcher import Mention, link_text
from multivector.linking.normalize import token_key
from multivector.linking.tokens import Token, sentences, tokenize

__all__ = [
    "Candidate",
    "Gazetteer",
    "Mention",
    "Surface",
    "Token",
    "find_candidates",
    "link_text",
    "load_gazetteer",
    "sentences",
    "token_key",
    "tokenize",
]
