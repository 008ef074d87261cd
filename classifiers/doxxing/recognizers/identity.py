"""Personnummer and samordningsnummer, with the Luhn check digit and the date verified."""

from __future__ import annotations

import datetime as dt
import re

from classifiers.doxxing.recognizers.base import Finding, Pattern, Recognizer

_PNR = re.compile(
    r"(?<![\w+\-/.,])"
    r"(?P<c>1[89]|20)?(?P<y>\d{2})(?P<m>\d{2})(?P<d>\d{2})"
    r"\s?(?P<sep>[-+\u2013])?\s?"
    r"(?P<n>\d{3})(?P<k>\d)"
    r"(?![\w\-/]|[.,]\d)"
)


def luhn_ok(nine_digits: str, check: str) -> bool:
    total = 0
    for i, ch in enumerate(nine_digits):
        value = int(ch) * (2 if i % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10 == int(check)


def _birth_date(century: str | None, yy: int, month: int, day: int, plus: bool, today: dt.date):
    """The birth date or None; without a century the person is under 100 unless '+' was used."""
    if century:
        years = [int(century) * 100 + yy]
    else:
        base = today.year - today.year % 100 + yy
        year = base if base <= today.year else base - 100
        years = [year - 100] if plus else [year]
    for year in years:
        try:
            born = dt.date(year, month, day)
        except ValueError:
            return None
        if born > today:
            return None
        return born
    return None


class PersonnummerRecognizer(Recognizer):
    """YYMMDD-NNNC, YYYYMMDD-NNNC, YYMMDDNNNC, with '+' from the year a person turns 100.

    The check digit is a Luhn digit over YYMMDDNNN (century dropped). Samordningsnummer add
    60 to the day. A month part of 20 or more is an organisationsnummer (a company, not a
    person): rejected. The date must exist.
    """

    kind = "personnummer"
    patterns = (
        Pattern(
            _PNR,
            0.75,
            "personnummer with valid check digit",
            folded=False,
            head_test=lambda w: len(w) >= 6 and w[:6].isdigit(),
            digit_heads=True,
        ),
    )
    context = (
        "personnum",
        "personnr",
        "pers.nr",
        "pnr",
        "p-nr",
        "persnr",
        "fodd",
        "fodelse",
        "samordningsnum",
        "identitet",
        "id-nummer",
        "personal number",
        "ssn",
    )
    context_boost = 0.2
    needs = "0123456789"

    def __init__(self, today: dt.date | None = None) -> None:
        self.today = today

    def validate(self, match: re.Match, text: str, folded: str, finding: Finding) -> bool:
        yy, mm, dd = match["y"], match["m"], match["d"]
        month = int(mm)
        if month >= 20:  # organisationsnummer: a company, not a person
            return False
        day = int(dd)
        coordination = day > 60
        if coordination:
            day -= 60
        sep = match["sep"]
        if sep and sep != "+":
            sep = "-"
        today = self.today or dt.date.today()
        if _birth_date(match["c"], int(yy), month, day, sep == "+", today) is None:
            return False
        if not luhn_ok(yy + mm + dd + match["n"], match["k"]):
            return False
        if coordination:
            finding.subtype = "samordningsnummer"
            finding.why = "samordningsnummer with valid check digit"
        if not sep and not match["c"]:
            # Ten bare digits could be anything (a phone number starting 07...): lower confidence.
            finding.confidence -= 0.2
            finding.extra["bare"] = True
        return True
