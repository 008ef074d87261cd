"""A worker picked out by looks and workplace instead of a name (classifiers/doxxing/described.py),
lunch-time routines, and a film announced for publishing ("videon kommer ikväll")."""

from __future__ import annotations

import pytest

from classifiers.doxxing.described import described_worker
from classifiers.doxxing.text import fold


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        # looks + workplace + a routine at lunch
        (
            "Tjejen med lugg på socialen i Mora lunchar på Coop vid tolv varje dag. Ni vet var "
            "ni hittar henne.",
            "critical",
        ),
        ("Han med skägget på familjehemsenheten i Kalmar, ni vet vem jag menar.", "medium"),
        (
            "The woman with the red glasses at social services in Lund, remember her face. She "
            "eats at lunchtime in the park behind the office.",
            "critical",
        ),
        # filmed, and the film announced
        (
            "Kvinnan med slöjan på soc i Växjö, jag har henne på film när hon skriker åt en mamma. "
            "Kommer upp ikväll",
            "high",
        ),
    ],
)
def test_described_worker(detector, text, severity):
    out = detector.detect(text)
    assert out["flagged"], (text, out)
    assert out["severity"] == severity, (text, out)


@pytest.mark.parametrize(
    "text",
    [
        # looks without a social-services workplace
        "Killen med keps på ICA i Mora var jättetrevlig idag!",
        "Hon med rött hår på gymmet i Kalmar springer varje dag vid tolv.",
        # thanks to a described worker
        "Tack till kvinnan med de snälla ögonen på soc i Växjö som lyssnade på oss.",
        # news about a new manager in a photo
        "Mannen med skägg på bilden är ny chef på socialkontoret i Mora, berättar kommunen.",
    ],
)
def test_described_without_exposure_stays_unflagged(detector, text):
    out = detector.detect(text)
    assert not out["flagged"], (text, out)


def test_trait_alone_is_no_person():
    assert described_worker(fold("Mannen med hatten stod vid bussen.")) is None
    assert described_worker(fold("Hon med glasögon på soc i Mora")) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Min syster filmade handläggaren Malin Brask i Kalmar i väntrummet. Videon kommer ikväll.",
        "Socialsekreteraren Viktor Almgren i Växjö fick se kameran idag. Hela filmen läggs ut, "
        "håll utkik.",
        "Caseworker Malin Brask in Kalmar, we recorded the whole meeting. Full video tonight.",
    ],
)
def test_film_announced_for_publishing(detector, text):
    out = detector.detect(text)
    assert out["flagged"], (text, out)
    assert out["severity"] == "high", (text, out)


@pytest.mark.parametrize(
    "text",
    [
        "Tack till socialsekreteraren Malin Brask i Kalmar för föreläsningen! Filmen från dagen "
        "finns på kommunens sida.",
        "Handläggaren Viktor Almgren i Växjö berättar om sitt jobb i en film som kommunen visar.",
    ],
)
def test_official_film_stays_unflagged(detector, text):
    out = detector.detect(text)
    assert not out["flagged"], (text, out)


def test_lunch_routine(find):
    hits = find("Hon går alltid till Willys på lunchen.", "routine")
    assert hits
    assert not find("Lunchen serveras i matsalen.", "routine")
