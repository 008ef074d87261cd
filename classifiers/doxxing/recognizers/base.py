"""The recognizer base class: patterns, stem-matched context words, a validation hook, confidence.

Modelled on Presidio's PatternRecognizer: each recognizer has a kind, compiled patterns with a base
score, context words that raise the score when they occur near the match, and `validate`, which can
reject a match (a wrong check digit) or mark it official (a switchboard number). Unlike Presidio,
context words are matched as stems (prefixes of the folded word), so Swedish compounds and
inflections count: "personnumret", "personnr" and "pnr" all match the context of a personnummer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from classifiers.doxxing.text import near_words


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
    regex: re.Pattern
    score: float
    why: str
    folded: bool = True  # match against the folded text (lowercase, å/ä/ö -> a/a/o)


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

    def analyze(self, text: str, folded: str) -> list[Finding]:
        if not self.applies(text, folded):
            return []
        found: list[Finding] = []
        for pattern in self.patterns:
            source = folded if pattern.folded else text
            for match in pattern.regex.finditer(source):
                start, end = self.span(match)
                if start >= end:
                    continue
                finding = Finding(self.kind, start, end, pattern.score, pattern.why)
                if not self.validate(match, text, folded, finding):
                    continue
                if self.has_context(folded, start, end):
                    finding.confidence = min(1.0, finding.confidence + self.context_boost)
                    finding.extra["context"] = True
                found.append(finding)
        return found


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
