"""Transliteration-tolerant comparison keys for name tokens.

Names of Central Asian and Russian actors reach English texts through several romanisations
("Nazarbayev"/"Nazarbaev", "Lavrentiev"/"Lavrentyev", "Mazhilis"/"Majilis", "Kalın"/"Kalin").
Instead of listing every spelling in the reference data, both the gazetteer's labels and the
text's tokens are reduced to a *key* and compared by key. The rules, applied in this order,
are deliberately few:

1. typographic variants: curly apostrophes and quotes become straight ones;
2. Turkish dotless/dotted i (``ı``, ``İ``) become ``i``; other diacritics are stripped
   (``Côte`` → ``cote``, ``Türkiye`` → ``turkiye``); the token is case-folded;
3. ``dzh`` → ``j``, ``zh`` → ``j`` (Zhambyl/Jambyl, Mazhilis/Majilis), ``kh`` → ``h``
   (Abdrakhmanov/Abdrahmanov);
4. ``y`` after a vowel and before ``e`` is dropped (-ayev → -aev, Timofeyev → Timofeev);
   ``y`` between a consonant and a vowel becomes ``i`` (Lavrentyev → Lavrentiev); a final ``y``
   becomes ``i`` (Yury/Yuri, Dmitry/Dmitri, Nikolay/Nikolai, -sky/-skiy/-skii/-ski);
5. doubled letters are collapsed (Assad/Asad, Timofeev → timofev, -skii → -ski).

Keys are only ever compared with keys; they are never shown to users.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Typographic characters mapped to their plain forms before anything else.
TYPOGRAPHIC = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u0131": "i",
        "\u0130": "I",
    }
)

_VOWELS = "aeiou"
_Y_BEFORE_E = re.compile(rf"(?<=[{_VOWELS}])y(?=e)")
_Y_CONSONANT_VOWEL = re.compile(rf"(?<=[b-df-hj-np-tv-z])y(?=[{_VOWELS}])")
_FINAL_Y = re.compile(r"(?<=\w)y$")
_DOUBLED = re.compile(r"(\w)\1+")


def plain(text: str) -> str:
    """``text`` with typographic variants replaced and diacritics stripped (case kept)."""
    text = text.translate(TYPOGRAPHIC)
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


@lru_cache(maxsize=1 << 16)
def plain_token(token: str) -> str:
    """:func:`plain` of one token, remembered: a text repeats its words, and normalizing each
    occurrence again was most of the linker's time."""
    return plain(token)


@lru_cache(maxsize=1 << 16)
def token_key(token: str) -> str:
    """The comparison key of one token (see the module docstring for the rules)."""
    key = plain_token(token).casefold()
    if not key[:1].isalpha():
        return key
    key = key.replace("dzh", "j").replace("zh", "j").replace("kh", "h")
    key = _Y_BEFORE_E.sub("", key)
    key = _Y_CONSONANT_VOWEL.sub("i", key)
    key = _FINAL_Y.sub("i", key)
    key = _DOUBLED.sub(r"\1", key)
    return key
