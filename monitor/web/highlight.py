"""The post text cut into segments to highlight (evidence, names, personal details) or mask.

The template escapes every segment; nothing here produces markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.alerts.message import PII_SV

MAX_DISPLAY_CHARS = 50_000
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
CUES_SV = {"call_to_contact": "uppmaning att kontakta", "filming": "filmning", "threat": "hot"}


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    kind: str | None = None  # "evidence", "person", "pii" or None
    title: str = ""


def _spans(text: str, result: dict) -> list[tuple[int, int, str, str]]:
    spans: list[tuple[int, int, str, str]] = []
    doxxing = result.get("doxxing", {})
    for entry in doxxing.get("pii", []):
        kind = entry.get("kind", "")
        if kind in PII_SV:  # a personal detail: masked for roles that may not see it
            spans.append((entry["start"], entry["end"], "pii", PII_SV[kind]))
        else:  # a cue such as a call to contact the person: shown, highlighted
            spans.append((entry["start"], entry["end"], "evidence", CUES_SV.get(kind, "doxning")))
    for person in doxxing.get("persons", []):
        if person.get("name_span"):
            start, end = person["name_span"]
            spans.append((start, end, "person", person.get("role") or "namngiven person"))
    for label in ("lvu_disinfo", "threat"):
        for phrase in result.get(label, {}).get("evidence", []) or []:
            for match in re.finditer(re.escape(phrase), text, flags=re.IGNORECASE):
                spans.append(
                    (
                        match.start(),
                        match.end(),
                        "evidence",
                        "desinformation" if label == "lvu_disinfo" else "hot",
                    )
                )
    valid = _merge_personal_details(
        [(s, e, k, t) for s, e, k, t in spans if 0 <= s < e <= len(text)]
    )
    # Personal details win over evidence where they overlap, so masking never leaks a detail.
    priority = {"pii": 0, "person": 1, "evidence": 2}
    valid.sort(key=lambda span: (priority[span[2]], span[0]))
    chosen: list[tuple[int, int, str, str]] = []
    for span in valid:
        if all(span[1] <= other[0] or span[0] >= other[1] for other in chosen):
            chosen.append(span)
    return sorted(chosen)


def _merge_personal_details(
    spans: list[tuple[int, int, str, str]],
) -> list[tuple[int, int, str, str]]:
    """Overlapping details ("bor på Storgatan 4" and "Storgatan 4, 852 35") become one span,
    so that masking one of them can never leave a piece of the other visible."""
    details = sorted(span for span in spans if span[2] == "pii")
    merged: list[tuple[int, int, str, str]] = []
    for start, end, kind, title in details:
        if merged and start < merged[-1][1]:
            previous = merged[-1]
            longer = title if end - start > previous[1] - previous[0] else previous[3]
            merged[-1] = (previous[0], max(previous[1], end), kind, longer)
        else:
            merged.append((start, end, kind, title))
    return merged + [span for span in spans if span[2] != "pii"]


def _visible(text: str) -> str:
    """Bidirectional control characters can make hostile text read backwards; show them instead."""
    return _BIDI_CONTROLS.sub("⟦styrtecken⟧", text)


def segments(text: str, result: dict, *, mask: bool) -> list[Segment]:
    text = text[:MAX_DISPLAY_CHARS]
    out: list[Segment] = []
    position = 0
    for start, end, kind, title in _spans(text, result):
        if start > position:
            out.append(Segment(_visible(text[position:start])))
        shown = f"[dold: {title}]" if mask and kind == "pii" else _visible(text[start:end])
        out.append(Segment(shown, kind, title))
        position = end
    if position < len(text):
        out.append(Segment(_visible(text[position:])))
    return out


def masked_text(text: str, result: dict) -> str:
    return "".join(segment.text for segment in segments(text, result, mask=True))
