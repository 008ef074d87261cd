"""A worker picked out by looks instead of a name: "hon med rött hår på soc i Skövde".

Campaign posts that avoid a name still point at one person when they give a visible trait and
the workplace together; to the people in that office (and to whoever goes there) she is as
identified as by name. The trait alone ("killen med keps") or the office alone is not enough.
"""

from __future__ import annotations

import re

from classifiers.doxxing.names import PersonMatch

# "hon med (det) röda håret", "killen med skägg", "the woman with red hair"; folded text
_LOOKS = (
    r"\b(?:hon|han|she|he|den|kvinnan|mannen|tjejen|killen|damen|the\s+(?:woman|man|one|lady|guy))"
    r"\s+(?:med|with)\s+(?:det\s+|den\s+|de\s+|the\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:har|haret|harfarg|glasogon|glasogonen|skagg|skagget|mustasch|tatuering\w*|slojan|sloja|"
    r"sjal|sjalen|hijab|hijaben|lugg|luggen|piercing\w*|flata|flatan|dreads|rakat\s+huvud|keps|"
    r"kepsen|hair|glasses|beard|tattoo\w*|headscarf)\b"
)
# the workplace close after the trait: "på soc i Skövde", "at social services in Borås"
_WORKPLACE = (
    r"(?:pa|fran|vid|hos|at|from)\s+(?:(?:soc|socialen|socialtjansten|socialkontoret|"
    r"familjehemsenheten|mottagningen|barn\s+och\s+unga|social\s+services|the\s+social\s+office)"
    r"\b|soc\w+)"
)
_DESCRIBED_RE = re.compile(_LOOKS + r"[^.!?\n]{0,40}?\b" + _WORKPLACE)
_TRIGGER = re.compile(r"\b(?:med|with)\b")


def described_worker(folded: str) -> PersonMatch | None:
    """The described worker, as a person match spanning the description and the workplace."""
    if not _TRIGGER.search(folded):
        return None
    match = _DESCRIBED_RE.search(folded)
    if match is None:
        return None
    role = re.search(_WORKPLACE + r"$", match.group())
    role_start = match.start() + (role.start() if role else 0)
    return PersonMatch(
        match.start(),
        match.end(),
        None,
        0.6,
        "social worker identified by looks and workplace",
        folded[role_start : match.end()],
        (role_start, match.end()),
    )
