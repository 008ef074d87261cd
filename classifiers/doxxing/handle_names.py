"""People named only by their social-media handle, e-mail address or a hashtag:
"@kattis.holm.uppsala", "snap: malin.fg", "jorgen.ohman.home@gmail.com", "#MargaretaSandberg",
"#ياسمين_حداد".

A handle is how campaign posts send followers to a worker's own account, and it often spells
the name; the name rules read words, and "kattis . holm" is three tokens with a dot between.
A handle that holds a registered name (or an alias, or a first name and the start of the surname,
"@tobbe.granq") names that person; one that holds a gazetteer first name is a loose candidate
(loose.py) whom the aim model judges. The person's span starts after the "@" or the platform
label, so the handle itself still counts as an exposed detail.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from classifiers.doxxing.arabic import is_arabic
from classifiers.doxxing.loose import LOOSE_WHY
from classifiers.doxxing.names import NameMatcher, PersonMatch
from classifiers.doxxing.recognizers.base import Finding
from classifiers.doxxing.text import fold

_HASHTAG_RE = re.compile(r"#(\w{5,})")
_BODY_RE = re.compile(r"[a-z][a-z0-9._\-]*$")
_PARTS_RE = re.compile(r"[^a-z]+")
MIN_PREFIX = 4  # "granq" for Granqvist; shorter pieces match too much


def handle_persons(
    matcher: NameMatcher, text: str, findings: Sequence[Finding]
) -> tuple[list[PersonMatch], list[PersonMatch]]:
    """(registered people, loose candidates) named by the handles among `findings`."""
    registered: list[PersonMatch] = []
    loose: list[PersonMatch] = []
    for finding in findings:
        if finding.kind not in ("handle", "email"):
            continue
        raw = fold(text[finding.start : finding.end])
        if finding.kind == "email":
            local = raw.split("@")[0]
            body, start, end = local, finding.start, finding.start + len(local)
        else:
            match = _BODY_RE.search(raw)
            if match is None:
                continue
            body, start, end = match.group(), finding.start + match.start(), finding.end
        parts = [part for part in _PARTS_RE.split(body) if part]
        staff_id = _registered_in(matcher, parts)
        if staff_id is not None:
            why = f"registered staff named in a {finding.kind}"
            registered.append(PersonMatch(start, end, staff_id, 0.75, why))
            # a bare "@name" is weak evidence of an account; one that spells a registered
            # worker's name is theirs
            finding.confidence = max(finding.confidence, 0.8)
        elif not finding.official and any(
            len(part) >= 3 and part in matcher.first_names for part in parts
        ):
            # an official address names someone at work (a politician's, a press officer's)
            loose.append(PersonMatch(start, end, None, 0.5, LOOSE_WHY))
    return registered + hashtag_persons(matcher, text), loose


def hashtag_persons(matcher: NameMatcher, text: str) -> list[PersonMatch]:
    """Registered staff spelled by a hashtag, the words run together or joined by "_"."""
    found = []
    for match in _HASHTAG_RE.finditer(text):
        tag = match.group(1)
        if is_arabic(tag):
            words = [word for word in tag.split("_") if word]
            ids = set().union(*(matcher.arabic_staff_ids(a, b) for a, b in pairwise(words)))
            staff_id = ids.pop() if len(ids) == 1 else None
        else:
            staff_id = _registered_in(matcher, [fold(tag).replace("_", "")])
        if staff_id is not None:
            why = "registered staff named in a hashtag"
            found.append(PersonMatch(match.start(1), match.end(1), staff_id, 0.75, why))
    return found


def _registered_in(matcher: NameMatcher, parts: list[str]) -> str | None:
    """The one registered person whose first name and surname (or its start) the parts spell."""
    hits = set()
    joined = "".join(parts)
    for entry in matcher.staff.values():
        for form in entry.forms:
            first, last = form[0], form[-1].replace("-", "")
            if len(form) < 2:
                continue
            if len(first) >= 3 and first + last[:MIN_PREFIX] in joined:
                hits.add(entry.id)  # "@emmasoderlund"
                continue
            if first not in parts:
                continue
            after = parts[parts.index(first) + 1 :]
            if any(
                part == last or (len(part) >= MIN_PREFIX and last.startswith(part))
                for part in after
            ):
                hits.add(entry.id)
    return hits.pop() if len(hits) == 1 else None
