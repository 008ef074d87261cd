"""Length-preserving folding, so every offset found in the folded text is an offset in the original.

`fold` lowercases and maps å/ä/ö (and a few other Latin diacritics and typographic characters) to
plain ASCII one character for one character. Spans found in the folded text can therefore be
returned as-is to the UI, which highlights and masks them in the original post.
"""

from __future__ import annotations

import re
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

MAX_CHARS = 20_000
"""Only the first MAX_CHARS characters of a post are analysed (posts are size-capped anyway)."""

_FOLD_TABLE = str.maketrans(
    {
        "å": "a",
        "ä": "a",
        "à": "a",
        "á": "a",
        "â": "a",
        "ã": "a",
        "æ": "a",
        "ö": "o",
        "ø": "o",
        "ó": "o",
        "ò": "o",
        "ô": "o",
        "õ": "o",
        "é": "e",
        "è": "e",
        "ê": "e",
        "ë": "e",
        "ü": "u",
        "ú": "u",
        "ù": "u",
        "û": "u",
        "í": "i",
        "ì": "i",
        "ï": "i",
        "î": "i",
        "ç": "c",
        "ñ": "n",
        "ý": "y",
        "ÿ": "y",
        "\u2019": "'",
        "\u2018": "'",
        "\u00b4": "'",
        "`": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u2011": "-",
        "\u2010": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)


_COMMON = (("å", "a"), ("ä", "a"), ("ö", "o"), ("é", "e"), ("\u2019", "'"), ("\u2013", "-"))
_RARE = re.compile(
    "[" + "".join(k for k in map(chr, _FOLD_TABLE) if k not in "åäöé\u2019\u2013") + "]"
)


_ARABIC_DIGITS = str.maketrans(
    {**{chr(0x0660 + d): str(d) for d in range(10)}, **{chr(0x06F0 + d): str(d) for d in range(10)}}
)
_ARABIC_DIGIT_RE = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


def ascii_digits(text: str) -> str:
    """Arabic-Indic digits as ASCII ones ("١٩٩٥٠٥١٦" -> "19950516"), keeping every offset: a
    number written in an Arabic post is the same number."""
    return text.translate(_ARABIC_DIGITS) if _ARABIC_DIGIT_RE.search(text) else text


def fold(text: str) -> str:
    """Lowercase and strip Swedish/Latin diacritics, keeping the length (and so every offset)."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    if len(lowered) != len(text):  # a few characters (e.g. 'İ') lowercase to two code points
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for char, plain in _COMMON:  # str.replace is far faster than translate() for these
        if char in lowered:
            lowered = lowered.replace(char, plain)
    if _RARE.search(lowered):
        lowered = lowered.translate(_FOLD_TABLE)
    return lowered


WORD_RE = re.compile(r"[^\W\d_](?:[^\W_]|['\-:](?=[^\W_]))*")
"""A word: letters (and digits inside), with inner hyphens, apostrophes and colons."""


def near_words(folded: str, start: int, end: int, before: int = 50, after: int = 40) -> list[str]:
    """The folded words in a window of characters around [start, end)."""
    left = folded[max(0, start - before) : start]
    right = folded[end : end + after]
    return WORD_RE.findall(left) + WORD_RE.findall(right)


def trie_regex(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of literal words, factored by common prefixes.

    Python's `re` tries every branch of a flat alternation at every position; a prefix-factored
    alternation checks the first character once, which is several times faster on long lists.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            body = "(?:" + body + ")?"
        return body

    return emit(trie)


def data_lines(filename: str) -> list[str]:
    """Folded entries of a shipped word list in classifiers/data (one per line, # comments).

    A missing file gives no entries: the lists only add recall, and a trimmed install still runs."""
    path = DATA_DIR / filename
    if not path.exists():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [fold(line) for line in lines if line and not line.startswith("#")]
