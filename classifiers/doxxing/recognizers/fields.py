"""Labelled-field dossiers: "Hustru: Karin, lärare. Barn: två, 8 och 11 år. Bil: röd Kia".

Doxxing posts often lay a worker's life out as a form, one label and a colon per detail. The
label says what the detail is, whatever words follow, so these recognizers key on the label: a
family label, or a car label (also "Xs bil:" and "Xs bil är en ..."). A field counts only where
it starts a field (after the start, a full stop, a comma, a newline or a bullet) and its value is
not the poster's own ("Barn: min dotter, 4 år" is the client's child). Whose detail it is, is
decided in severity: a person named earlier in the post, or the genitive ("Holms bil").
"""

from __future__ import annotations

import re

from classifiers.doxxing.recognizers.base import Finding, Pattern, Recognizer


def _split(block: str) -> tuple[str, ...]:
    return tuple(block.split())


_FAMILY_LABELS = _split(
    "hustru frun fru maka make maken man mannen sambo sambon partner wife husband spouse barn "
    "barnen kids children son sonen soner dotter dottern dottrar familj familjen family pojkvan "
    "flickvan boyfriend girlfriend barnbarn grandchildren"
)
_CAR_LABELS = _split("bil bilen bilar car fordon fordonet kor")
_OWN_VALUE = re.compile(r"\s*(?:min|mitt|mina|var|vart|vara|my|our|inga|ingen|inget|nej|no|none)\b")
_FIELD_START = re.compile(r"(?:^|[.!?,;:|•·\n\-–(]|\s-)\s*$")

_FAMILY_FIELD = re.compile(r"(?P<label>" + "|".join(_FAMILY_LABELS) + r")\s*:\s*(?=[\w\d])")
_CAR_FIELD = re.compile(
    r"(?:(?P<owner>[a-z][a-z\-]{1,30}s)\s+)?(?P<label>" + "|".join(_CAR_LABELS) + r")\s*:\s*(?=\w)"
)
# "Holms bil är en röd Kia", "Öhmans bil står ...": the genitive of a named person's surname.
_GENITIVE_CAR = re.compile(
    r"(?P<owner>[a-z][a-z\-]{1,30}s)\s+(?P<label>bil|bilen|car)\s+(?:ar|is|star|har)\b"
)


def _starts_field(folded: str, start: int) -> bool:
    return _FIELD_START.search(folded, max(0, start - 3), start) is not None


_VALUE_END = re.compile(r"[.;|\n]|,\s*[a-z]+\s*:|$")


def _value_end(folded: str, start: int, longest: int = 60) -> int:
    """Where the field's value ends: at the next full stop, line or field, or after `longest`."""
    stop = min(len(folded), start + longest)
    match = _VALUE_END.search(folded, start, stop)
    end = match.start() if match else stop
    return max(start, len(folded[start:end].rstrip(" ,")) + start)


class FamilyFieldRecognizer(Recognizer):
    """A family label in a dossier: "Hustru: Karin", "Barn: två, 8 och 11 år", "Kids: 2"."""

    kind = "family"
    patterns = (
        Pattern(
            _FAMILY_FIELD, 0.8, "family member listed in a dossier", heads=frozenset(_FAMILY_LABELS)
        ),
    )
    needs = ":"

    def validate(self, match: re.Match, text: str, folded: str, finding: Finding) -> bool:
        if not _starts_field(folded, match.start()) or _OWN_VALUE.match(folded, match.end()):
            return False
        finding.end = _value_end(folded, match.end())
        finding.extra["anchor"] = "person_earlier"
        return True


class CarFieldRecognizer(Recognizer):
    """A car label in a dossier ("Bil: röd Kia", "Holms bil: ...") or "Holms bil är en ..."."""

    kind = "car"
    patterns = (
        Pattern(_CAR_FIELD, 0.7, "car listed in a dossier", heads=frozenset(_CAR_LABELS), back=1),
        Pattern(
            _GENITIVE_CAR,
            0.65,
            "the named person's car",
            heads=frozenset(("bil", "bilen", "car")),
            back=1,
        ),
    )
    needs_words = ("bil", "car", "fordon", "kor")

    def validate(self, match: re.Match, text: str, folded: str, finding: Finding) -> bool:
        finding.end = _value_end(folded, match.end(), 30)
        if match["owner"]:
            # the span starts at the car word, right after the genitive name
            finding.start = match.start("label")
            finding.extra["anchor"] = "person_genitive"
            return match.re is _GENITIVE_CAR or not _OWN_VALUE.match(folded, match.end())
        if not _starts_field(folded, match.start()) or _OWN_VALUE.match(folded, match.end()):
            return False
        finding.extra["anchor"] = "person_earlier"
        return True
