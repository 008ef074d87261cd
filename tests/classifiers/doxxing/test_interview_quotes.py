"""A feature article quotes its subject with a dash and a speech verb ("– Jag älskar det, säger
hon."). That is the article's voice, not an attack: a threat-model flag there does not make a
namesake's portrait doxxing, while a hostile post with the same layout stays flagged."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "Sofia Råberg, 68, från Timrå har sprungit sitt tjugonde maraton. – Benen håller så länge "
        "huvudet vill, skrattar hon.",
        "Emma Söderlund driver kaféet vid hamnen sedan i våras. — Folk kommer hit för kanelbullarna, "
        "säger hon.",
        "Jörgen Öhman tränar juniorerna i Njurunda. - Vi har aldrig haft så många barn i laget, "
        "berättar han.",
    ],
)
def test_portrait_with_interview_quote_stays_unflagged(detector, text):
    out = detector.detect(text, threat=True)
    assert not out["flagged"], (text, out)


def test_hostile_post_with_dash_quote_stays_flagged(detector):
    out = detector.detect(
        "Sofia Råberg på soc i Sundsvall. – Hon tog mina barn, säger grannen. Sprid hennes namn!"
    )
    assert out["flagged"]
