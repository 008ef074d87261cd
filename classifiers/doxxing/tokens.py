"""Tokens of a post, and the blank Swedish spaCy pipeline the name matcher runs on.

spaCy's rule-based Swedish tokenizer costs 40-160 µs for a 300-character post; one regex does the
job needed here (names, cue words) in a fraction of that. Patterns and posts go through the same
regex, so the PhraseMatcher sees identical tokens on both sides. Tokens are words (letters and
digits with inner hyphens, apostrophes and colons: "Anna-Karin", "Lindqvist's", "AK:s", "1:e",
"070-174"), masked words ("Å**a"), and single other characters.

A post is tokenized in its folded form (see text.fold), so token offsets are offsets in the
original text as well.
"""

from __future__ import annotations

import re

import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

TOKEN_RE = re.compile(r"[\w*]+(?:['\-:][\w*]+)*'?|[^\w\s]")
_ARABIC = re.compile("[\u0600-\u06ff]")


class RegexTokenizer:
    """A spaCy tokenizer (callable text -> Doc) built on TOKEN_RE."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = TOKEN_RE.findall(text)
        return Doc(self.vocab, words=words, spaces=[True] * len(words))


def blank_swedish():
    """A fresh blank Swedish spaCy pipeline (no trained components) with the regex tokenizer."""
    nlp = spacy.blank("sv")
    nlp.tokenizer = RegexTokenizer(nlp.vocab)
    return nlp


class Post:
    """One post: original text, folded text and its tokens as plain lists (cheap to scan)."""

    __slots__ = (
        "text",
        "folded",
        "words",
        "starts",
        "caps",
        "alpha",
        "arabic",
        "word_set",
        "_index",
        "_digit_words",
        "_prefix_hits",
        "name_candidates",
    )

    def __init__(self, text: str, folded: str) -> None:
        self.text = text
        self.folded = folded
        matches = list(TOKEN_RE.finditer(folded))
        self.words: list[str] = [m.group() for m in matches]
        self.starts: list[int] = [m.start() for m in matches]
        self.caps: list[bool] = [text[s].isupper() for s in self.starts]
        self.alpha: list[bool] = [w.isalpha() for w in self.words]
        self.arabic = _ARABIC.search(folded) is not None
        self.word_set = frozenset(self.words)
        self._index: dict[str, list[int]] | None = None
        self._digit_words: list[str] | None = None
        self._prefix_hits: dict | None = None
        self.name_candidates: tuple | None = None  # cached by NameMatcher.candidates

    def __len__(self) -> int:
        return len(self.words)

    def end(self, i: int) -> int:
        return self.starts[i] + len(self.words[i])

    def shouting(self, i: int) -> bool:
        """The whole token is upper case in the original (ALL CAPS)."""
        token = self.text[self.starts[i] : self.end(i)]
        return len(token) > 1 and token.isupper()

    def positions(self, word: str) -> list[int]:
        """Indices of the tokens equal to word."""
        if self._index is None:
            index: dict[str, list[int]] = {}
            for i, w in enumerate(self.words):
                if w in index:
                    index[w].append(i)
                else:
                    index[w] = [i]
            self._index = index
        return self._index.get(word, [])

    def prefix_hits(self, compute) -> dict:
        """Per-post cache for lexicon prefix matches (see lexicon.PhraseSet)."""
        if self._prefix_hits is None:
            self._prefix_hits = compute(self)
        return self._prefix_hits

    def digit_words(self) -> list[str]:
        if self._digit_words is None:
            self._digit_words = [w for w in self.word_set if w[0].isdigit()]
        return self._digit_words
