"""DoxxingDetector: people (names.py) + PII and cues (recognizers/) -> severity (severity.py)."""

from __future__ import annotations

from collections.abc import Sequence

from classifiers.doxxing.described import described_worker
from classifiers.doxxing.learned import MaskedTextModel
from classifiers.doxxing.lexicon import DEFINITE_ROLE_RE, has_role_phrase
from classifiers.doxxing.names import NameMatcher
from classifiers.doxxing.recognizers import RecognizerRegistry
from classifiers.doxxing.severity import Assessment, assess
from classifiers.doxxing.staff import StaffRecord
from classifiers.doxxing.text import MAX_CHARS, fold
from classifiers.doxxing.tokens import Post

_ARABIC_ROLE_HINTS = ("سوسيال", "الموظف", "موظف", "الأخصائي", "الاخصائي")


def _empty() -> dict:
    return {
        "score": 0.0,
        "flagged": False,
        "severity": "none",
        "staff_ids": [],
        "pii": [],
        "persons": [],
        "reasons": [],
    }


class DoxxingDetector:
    """Finds posts that expose social-services staff; build once, call `detect` per post.

    Only the first MAX_CHARS (20,000) characters of a post are analysed. PII is looked for only
    when the post names a person (registered staff, or a name beside a role word): PII without an
    identified social-services person is not doxxing and is not reported.
    """

    def __init__(
        self,
        staff: Sequence[StaffRecord] = (),
        aim: MaskedTextModel | None = None,
        exposure: MaskedTextModel | None = None,
    ) -> None:
        self.names = NameMatcher(staff)
        self.recognizers = RecognizerRegistry()
        # the learned opinions (learned.py); without them the rules alone decide
        self.aim = aim
        self.exposure = exposure

    def assessment(self, text: str, *, threat: bool = False) -> Assessment | None:
        """The people, details and severity found; None when the post names nobody."""
        if not isinstance(text, str) or not text.strip():
            return None
        text = text[:MAX_CHARS]
        folded = fold(text)
        # Fast path: no registered name token, no role word and no masked name -> nobody is named.
        post = Post(text, folded)
        if (
            "*" not in folded
            and not any(h in folded for h in _ARABIC_ROLE_HINTS)
            and not self.names.quick_check(post)
            and not has_role_phrase(folded)
        ):
            return None
        persons = self.names.find(text, folded, post)
        if not persons:
            described = described_worker(folded)
            if described is not None:
                persons = [described]
        if not persons and not DEFINITE_ROLE_RE.search(folded):
            return None
        findings = self.recognizers.analyze(text, folded, post)
        return assess(post, persons, findings, threat=threat, aim=self.aim, exposure=self.exposure)

    def detect(self, text: str, *, threat: bool = False) -> dict:
        result = self.assessment(text, threat=threat)
        if result is None or result.severity == "none":
            return _empty()
        staff_ids = sorted({p.staff_id for p in result.persons if p.staff_id})
        return {
            "score": result.score,
            "flagged": result.severity in ("medium", "high", "critical"),
            "severity": result.severity,
            "staff_ids": staff_ids,
            "pii": [f.to_dict() for f in result.pii],
            "persons": [
                {"name_span": [p.start, p.end], "staff_id": p.staff_id, "role": p.role}
                for p in result.persons
            ],
            "reasons": result.reasons,
        }
