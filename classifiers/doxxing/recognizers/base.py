"""The recognizer base class: patterns, stem-matched context words, a validation hook, confidence.

Modelled on Presidio's PatternRecognizer: each recognizer has a kind, compiled patterns with a base
score, context words that raise the score when they occur near the match, and `validate`, which can
reject a match (a wrong check digit) or mark it official (a switchboard number). Unlike Presidio,
context words are matched as stems (prefixes of the folded word), so Swedish compounds and
inflections count: "personnumret", "personnr" and "pnr" all match the context of a personnummer.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from classifiers.doxxing.text import near_words
from classifiers.doxxing.tokens import Post


@dataclass(slots=True)
class Finding:
    kind: str
    start: int
    end: int
    confidence: float
    why: str
    official: bool = False
    subtype: str = ""
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "confidence": round(self.confidence, 2),
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class Pattern:
    """One regex with its base score and explanation, and how to find where it can start.

    Scanning a whole post with a long alternation is slow in Python's `re` (10-20 µs for 300
    characters), so most patterns are *anchored*: they are only tried (`regex.match`) at the tokens
    that can start them: `heads` (exact folded tokens) or `head_test` (a predicate on a token),
    optionally a few tokens earlier (`back`, for "Nacksta förskola" anchored on "förskola").
    Unanchored patterns scan the text, skipped unless one of `triggers` occurs.
    """

    regex: re.Pattern
    score: float
    why: str
    folded: bool = True  # match against the folded text (lowercase, å/ä/ö -> a/a/o)
    heads: frozenset[str] | None = None
    head_test: Callable[[str], bool] | None = None
    back: int = 0
    digit_heads: bool = False  # head_test only looks at tokens that start with a digit
    anchor_re: re.Pattern | None = None  # or: try at the token where each match of this starts
    triggers: tuple[str, ...] | re.Pattern | None = None
    word_start: bool = False  # unanchored: the match must start at a word boundary

    @property
    def anchored(self) -> bool:
        return self.heads is not None or self.head_test is not None or self.anchor_re is not None

    def triggered(self, folded: str) -> bool:
        triggers = self.triggers
        if triggers is None:
            return True
        if isinstance(triggers, tuple):
            return any(t in folded for t in triggers)
        return triggers.search(folded) is not None


def anchors(post: Post, pattern: Pattern) -> list[int]:
    """Token indices where the pattern may match, in text order."""
    found: list[int] = []
    if pattern.heads is not None:
        for word in pattern.heads & post.word_set:
            found.extend(post.positions(word))
    if pattern.anchor_re is not None:
        starts = post.starts
        for m in pattern.anchor_re.finditer(post.folded):
            i = bisect_right(starts, m.start()) - 1
            if i >= 0:
                found.append(i)
    if pattern.head_test is not None:
        test = pattern.head_test
        for word in post.digit_words() if pattern.digit_heads else post.word_set:
            if test(word):
                found.extend(post.positions(word))
    found.sort()
    return found


class Recognizer:
    """One kind of PII or cue. Subclasses set the class attributes and may override hooks."""

    kind: str = ""
    patterns: tuple[Pattern, ...] = ()
    context: tuple[str, ...] = ()  # folded stems; a nearby word starting with one raises the score
    context_boost: float = 0.25
    context_before: int = 50
    context_after: int = 40
    needs: str = ""  # quick pre-check: skip the recognizer unless one of these characters occurs
    needs_words: tuple[str, ...] = ()  # ... or unless one of these substrings occurs (folded)
    min_confidence: float = 0.0  # findings below this (after context) are dropped

    def applies(self, text: str, folded: str) -> bool:
        if self.needs and not any(c in text for c in self.needs):
            return False
        return not (self.needs_words and not any(w in folded for w in self.needs_words))

    def validate(self, match: re.Match, text: str, folded: str, finding: Finding) -> bool:
        """Return False to drop the match; may adjust the finding (official, subtype, why)."""
        return True

    def has_context(self, folded: str, start: int, end: int) -> bool:
        if not self.context:
            return False
        nearby = near_words(folded, start, end, self.context_before, self.context_after)
        return any(w.startswith(self.context) for w in nearby)

    def span(self, match: re.Match) -> tuple[int, int]:
        return match.span()

    def analyze(self, text: str, folded: str, post: Post | None = None) -> list[Finding]:
        if not self.applies(text, folded):
            return []
        if post is None:
            post = Post(text, folded)
        found: list[Finding] = []
        for pattern in self.patterns:
            source = folded if pattern.folded else text
            for match in _matches(pattern, source, post):
                start, end = self.span(match)
                if start >= end:
                    continue
                finding = Finding(self.kind, start, end, pattern.score, pattern.why)
                if not self.validate(match, text, folded, finding):
                    continue
                if self.has_context(folded, start, end):
                    finding.confidence = min(1.0, finding.confidence + self.context_boost)
                    finding.extra["context"] = True
                if finding.confidence >= self.min_confidence:
                    found.append(finding)
        return found


def _matches(pattern: Pattern, source: str, post: Post):
    if pattern.triggers is not None and not pattern.triggered(post.folded):
        return
    if pattern.anchored:
        found = anchors(post, pattern)
        if not found:
            return
        match_at = pattern.regex.match
        starts = post.starts
        last_end = -1
        for i in found:
            for j in range(max(0, i - pattern.back), i + 1):
                pos = starts[j]
                if pos < last_end:
                    continue
                match = match_at(source, pos)
                if match is not None and match.end() > pos:
                    yield match
                    last_end = match.end()
                    break
        return
    if not pattern.word_start:
        yield from pattern.regex.finditer(source)
        return
    search = pattern.regex.search
    pos = 0
    while True:
        match = search(source, pos)
        if match is None:
            return
        start = match.start()
        if start > 0 and (source[start - 1].isalnum() or source[start - 1] == "_"):
            pos = start + 1
            continue
        yield match
        pos = match.end() if match.end() > start else start + 1


def drop_overlaps(findings: list[Finding]) -> list[Finding]:
    """Keep the most confident (then longest) finding where findings of one kind overlap."""
    ordered = sorted(findings, key=lambda f: (-f.confidence, -(f.end - f.start), f.start))
    kept: list[Finding] = []
    for finding in ordered:
        if any(finding.start < k.end and k.start < finding.end for k in kept):
            continue
        kept.append(finding)
    kept.sort(key=lambda f: f.start)
    return kept
