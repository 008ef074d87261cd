"""The recognizer registry: one class per kind of PII or cue, run in order over a post.

`analyze(text, folded)` returns findings (kind, span, confidence, why, official) sorted by start.
Where a phone number and a personnummer claim the same digits, context decides and the phone wins
by default (ten bare digits starting 07 are much more often a mobile number).
"""

from __future__ import annotations

from classifiers.doxxing.recognizers.base import Finding, Pattern, Recognizer, drop_overlaps
from classifiers.doxxing.recognizers.contact import (
    EmailRecognizer,
    HandleRecognizer,
    PhoneRecognizer,
)
from classifiers.doxxing.recognizers.cues import (
    ContactCallRecognizer,
    FamilyRecognizer,
    FilmingRecognizer,
    RoutineRecognizer,
)
from classifiers.doxxing.recognizers.fields import CarFieldRecognizer, FamilyFieldRecognizer
from classifiers.doxxing.recognizers.identity import PersonnummerRecognizer
from classifiers.doxxing.recognizers.location import (
    AddressRecognizer,
    CarRecognizer,
    PeopleSearchLinkRecognizer,
    PlateRecognizer,
    PostalCodeRecognizer,
    SchoolRecognizer,
)
from classifiers.doxxing.tokens import Post

__all__ = [
    "Finding",
    "Pattern",
    "Post",
    "Recognizer",
    "RecognizerRegistry",
    "default_recognizers",
]

PII_KINDS = (
    "personnummer",
    "phone",
    "email",
    "handle",
    "address",
    "postal_code",
    "plate",
    "car",
    "school",
)
CUE_KINDS = ("family", "routine", "filming", "call_to_contact")


def default_recognizers() -> list[Recognizer]:
    return [
        PersonnummerRecognizer(),
        PhoneRecognizer(),
        EmailRecognizer(),
        HandleRecognizer(),
        AddressRecognizer(),
        PeopleSearchLinkRecognizer(),
        PostalCodeRecognizer(),
        PlateRecognizer(),
        CarRecognizer(),
        CarFieldRecognizer(),
        SchoolRecognizer(),
        FamilyRecognizer(),
        FamilyFieldRecognizer(),
        RoutineRecognizer(),
        FilmingRecognizer(),
        ContactCallRecognizer(),
    ]


class RecognizerRegistry:
    def __init__(self, recognizers: list[Recognizer] | None = None) -> None:
        self.recognizers = recognizers if recognizers is not None else default_recognizers()

    def add(self, recognizer: Recognizer) -> None:
        self.recognizers.append(recognizer)

    def analyze(self, text: str, folded: str, post: Post | None = None) -> list[Finding]:
        """All findings in the post (`post` carries its tokens if the caller has them already)."""
        if post is None:
            post = Post(text, folded)
        by_kind: dict[str, list[Finding]] = {}
        for recognizer in self.recognizers:
            found = recognizer.analyze(text, folded, post)
            if found:
                by_kind.setdefault(recognizer.kind, []).extend(found)
        for kind, found in by_kind.items():
            if len(found) > 1:
                by_kind[kind] = drop_overlaps(found)
        _resolve_cross_kind(by_kind)
        findings = [f for found in by_kind.values() for f in found]
        findings.sort(key=lambda f: (f.start, f.kind))
        return findings


def _overlaps(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end


def _resolve_cross_kind(by_kind: dict[str, list[Finding]]) -> None:
    """Digits claimed by two recognizers, and spans contained in a larger one, keep one owner."""
    pnrs = by_kind.get("personnummer", [])
    phones = by_kind.get("phone", [])
    if pnrs and phones:
        keep_pnr, keep_phone = [], list(phones)
        for pnr in pnrs:
            clash = [p for p in keep_phone if _overlaps(p, pnr)]
            if not clash:
                keep_pnr.append(pnr)
            elif pnr.extra.get("context") or not pnr.extra.get("bare"):
                keep_pnr.append(pnr)
                keep_phone = [p for p in keep_phone if p not in clash]
        by_kind["personnummer"], by_kind["phone"] = keep_pnr, keep_phone
    # A postal code inside an address, or a plate/postal code inside a phone number, is one item.
    containers = (
        by_kind.get("address", []) + by_kind.get("phone", []) + by_kind.get("personnummer", [])
    )
    for kind in ("postal_code", "plate", "school"):
        if kind in by_kind and containers:
            by_kind[kind] = [
                f for f in by_kind[kind] if not any(_overlaps(f, c) for c in containers)
            ]
    # A handle that is part of a profile URL or an e-mail address.
    if "handle" in by_kind and "email" in by_kind:
        by_kind["handle"] = [
            h for h in by_kind["handle"] if not any(_overlaps(h, e) for e in by_kind["email"])
        ]
