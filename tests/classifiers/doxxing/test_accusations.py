"""Accusations that name a worker to shame them, without a slur or "sprid": traitor, "you are
famous now", "write the name down", "how can a person sleep", "a cog in the machine", "no
coincidence". They make a named worker's post hostile (medium); the same words about nobody in
social services, or in thanks and news, stay unflagged."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        # you are known now / write the name down / guess what she did
        "Malin Brask på soc i Kalmar trodde ingen skulle känna igen henne. du e känd nu",
        "Handläggaren Viktor Almgren i Växjö. Nu är du känd, Viktor.",
        "Socialsekreteraren Malin Brask i Kalmar. Skriv upp hennes namn.",
        "Vet ni vad han har gjort? Handläggaren Viktor Almgren i Växjö splittrade tre syskon.",
        "Caseworker Malin Brask in Kalmar. Guess what she did to a family of five.",
        # moral condemnation
        "Socialsekreteraren Malin Brask i Kalmar skrev att vi saknar insikt. Hur kan en människa "
        "bli så kall?",
        "Enhetschefen Viktor Almgren i Växjö la locket på hela utredningen. Bocken som "
        "trädgårdsmästare.",
        "Handläggaren Malin Brask i Kalmar vägrar svara på mejl. En kugge i maskinen.",
        "Socialsekreteraren Viktor Almgren i Växjö har placerat fyra barn från samma förskola. "
        "Ingen slump.",
        "Social worker Malin Brask in Kalmar refuses to answer. How does she sleep at night?",
        # Arabic: traitor, does she not fear God, do not trust him
        "الموظف Viktor Almgren بالسوسيال في Växjö خاين، لا تثقوا فيه",
        "الموظفة Malin Brask من السوسيال بكالمار ما بتخاف الله؟",
    ],
)
def test_accusation_names_worker(detector, text):
    out = detector.detect(text)
    assert out["flagged"], text
    assert out["severity"] == "medium", (text, out)


@pytest.mark.parametrize(
    "text",
    [
        # the same words with nobody from social services named
        "Skriv upp namnet på boken, den är värd att läsa!",
        "Hur kan en människa springa så fort? Viktor Almgren vann loppet i Växjö igen.",
        "Ingen slump att Kalmar FF vann, tränaren Malin Brask har byggt laget i tre år.",
        "Malin Brask, du är känd nu! Grattis till vinsten i Melodifestivalens deltävling.",
        # thanks and news beside a worker
        "Tack till socialsekreteraren Malin Brask i Kalmar som aldrig vägrar svara när vi ringer.",
        "Socialsekreteraren Viktor Almgren i Växjö berättar i intervjun hur det är att vara en "
        "kugge i maskinen på en hårt pressad arbetsplats.",
        # a fact-check that quotes the accusation
        'Faktakoll: påståendet att handläggaren Malin Brask i Kalmar "la locket på" utredningen '
        "stämmer inte, visar kommunens granskning.",
    ],
)
def test_accusation_words_without_target_stay_unflagged(detector, text):
    out = detector.detect(text)
    assert not out["flagged"], (text, out)


def test_calling_for_scrutiny_is_not_news_about_a_victim(detector):
    """ "Granskning" once marked the worker as a victim; a call for scrutiny is the opposite."""
    out = detector.detect(
        "Vem styr egentligen på barn och unga i Kalmar? Enhetschefen Malin Brask. Skriv upp "
        "namnet. När granskningen kommer ska hon inte kunna gömma sig."
    )
    assert out["flagged"]
    assert out["severity"] == "medium"


@pytest.mark.parametrize(
    "text",
    [
        "En granskning visar att socialsekreteraren Viktor Almgren i Växjö hade 60 ärenden "
        "samtidigt, långt över rekommendationen.",
        "Enligt granskningen fick enhetschefen Malin Brask i Kalmar aldrig de resurser hon bad om.",
    ],
)
def test_news_about_a_review_stays_unflagged(detector, text):
    assert not detector.detect(text)["flagged"], text
