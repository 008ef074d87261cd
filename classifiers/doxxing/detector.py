"""DoxxingDetector: people (names.py) + PII and cues (recognizers/) -> severity (severity.py)."""

from __future__ import annotations

from collections.abc import Sequence

from classifiers.doxxing.described import described_worker
from classifiers.doxxing.handle_names import handle_persons
from classifiers.doxxing.learned import MaskedTextModel
from classifiers.doxxing.lexicon import DEFINITE_ROLE_RE
from classifiers.doxxing.loose import LOOSE_THRESHOLD, about_social_services, loose_names
from classifiers.doxxing.names import NameMatcher, PersonMatch
from classifiers.doxxing.recognizers import RecognizerRegistry
from classifiers.doxxing.severity import WEAK_AIM, Assessment, assess, learned_input
from classifiers.doxxing.staff import StaffRecord
from classifiers.doxxing.text import MAX_CHARS, ascii_digits, fold
from classifiers.doxxing.tokens import Post
from classifiers.doxxing.unnamed import unnamed_input, unnamed_worker

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
        unnamed: MaskedTextModel | None = None,
    ) -> None:
        self.names = NameMatcher(staff)
        self.recognizers = RecognizerRegistry()
        # the learned opinions (learned.py); without them the rules alone decide
        self.aim = aim
        self.exposure = exposure
        self.unnamed = unnamed

    def assessment(self, text: str, *, threat: bool = False) -> Assessment | None:
        """The people, details and severity found; None when the post names nobody."""
        if not isinstance(text, str) or not text.strip():
            return None
        text = ascii_digits(text[:MAX_CHARS])
        folded = fold(text)
        # Fast path: no registered name token, no role word, no masked name and nothing about
        # social services -> nobody is named.
        post = Post(text, folded)
        topical = about_social_services(post)
        if (
            not topical
            and "*" not in folded
            and not any(h in folded for h in _ARABIC_ROLE_HINTS)
            and not self.names.quick_check(post)
        ):
            # "email this woman: christina.angstrom@outlook.com": the name is only in a handle
            return self._named_in_handles(post, threat) if "@" in folded else None
        persons = self.names.find(text, folded, post)
        if not persons:
            described = described_worker(folded)
            if described is not None:
                persons = [described]
        findings = None
        aimed = False
        if not persons and topical:
            findings = self.recognizers.analyze(text, folded, post)
            persons, aimed = self._unconfirmed(post, findings, threat)
        elif not persons and "@" in folded:
            return self._named_in_handles(post, threat)
        if not persons and not DEFINITE_ROLE_RE.search(folded):
            return None
        if findings is None:
            findings = self.recognizers.analyze(text, folded, post)
        return self._assess(post, persons, findings, threat, aimed)

    def _assess(
        self, post: Post, persons: list[PersonMatch], findings: list, threat: bool, aimed: bool
    ) -> Assessment:
        return assess(
            post,
            persons,
            findings,
            threat=threat,
            aim=self.aim,
            exposure=self.exposure,
            aimed=aimed,
        )

    def _named_in_handles(self, post: Post, threat: bool) -> Assessment | None:
        """A registered worker named only in a handle or e-mail address of a post that says
        nothing else about social services."""
        findings = self.recognizers.analyze(post.text, post.folded, post)
        registered, _ = handle_persons(self.names, post.text, findings)
        if not registered:
            return None
        return self._assess(post, registered, findings, threat, aimed=False)

    def _unconfirmed(
        self, post: Post, findings: list, threat: bool
    ) -> tuple[list[PersonMatch], bool]:
        """People the name rules could not confirm: a registered name spelled in a handle; names
        the aim model judges the post to be written against (loose.py); a worker the unnamed
        model judges pointed out without a name (unnamed.py). A threat flag lowers both models'
        bar to severity.WEAK_AIM. And whether a model said so."""
        registered, handle_candidates = handle_persons(self.names, post.text, findings)
        if registered:
            return registered, False
        loose = loose_names(self.names, post) + handle_candidates
        if loose and self.aim is not None:
            masked_text = learned_input(post.folded, loose, findings)
            needed = WEAK_AIM if threat else LOOSE_THRESHOLD
            if self.aim.probability(masked_text) >= needed:
                return loose, True
        if self.unnamed is not None and self.unnamed.probability(unnamed_input(post, findings)) >= (
            WEAK_AIM if threat else self.unnamed.threshold
        ):
            return [unnamed_worker(post, self.names.roles(post))], True
        return [], False

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
