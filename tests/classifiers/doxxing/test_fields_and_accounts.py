"""Labelled fields (family, car), car models, accounts named without "@", and calls to contact
a worker through the switchboard or all at once."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Make: Olle, snickare. Barn: tre st, 4, 9 och 12 år", "family"),
        ("• Sambo: Nina\n• Kids: two boys", "family"),
        ("Bil: grå Skoda kombi", "car"),
        ("Lindells bil: vit Tesla med takbox", "car"),
        ("Wallins bil står alltid på gästplatsen", "car"),
        ("kör en mörkblå Tiguan", "car"),
        ("hennes silvriga XC90", "car"),
        ("drives a white Model Y", "car"),
    ],
)
def test_labelled_fields_and_car_models(find, text, kind):
    assert find(text, kind), text


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Barn: min dotter, 6 år. Handläggare: okänd", "family"),  # the poster's own child
        ("Barn: inga", "family"),
        ("hon spelar golf varje helg", "car"),  # the sport, not the car
        ("jag har en Galaxy S22", "car"),  # a phone
        ("Bil: nej, vi åker buss", "car"),
    ],
)
def test_not_fields_or_cars(find, text, kind):
    assert not find(text, kind), text


def test_a_labelled_dossier_of_family_is_critical(detector):
    text = (
        "Anna-Karin Berg, familjehemssekreterare Sundsvall.\nMake: Olle Berg, snickare.\n"
        "Barn: två flickor, 6 och 10.\nSprid."
    )
    result = detector.detect(text)
    assert result["severity"] == "critical"
    assert "family members" in result["reasons"]


@pytest.mark.parametrize(
    "text, account",
    [
        ("har ett öppet Strava-konto, jorgen_o_cyklar", "jorgen_o_cyklar"),
        ("insta som sofie.r_91", "sofie.r_91"),
        ("Twitter: emma_sdl84", "emma_sdl84"),
        ("tiktokkontot heter akberg.sthlm", "akberg.sthlm"),
    ],
)
def test_accounts_named_without_at(find, text, account):
    assert any(account in matched for matched, _ in find(text, "handle"))


@pytest.mark.parametrize(
    "text",
    [
        "Jag hittade det på Facebook, mvh Lena",
        "Följ oss på instagram: sundsvalls_kommun",  # official (marked, never counted)
        "Twitter 2024 var ett annat ställe",
    ],
)
def test_no_private_account_without_a_handle_shape(find, text):
    assert not [f for _, f in find(text, "handle") if not f.official]


def test_a_worker_on_strava_is_high(detector):
    text = "Sofia Råberg på soc Sundsvall har ett Strava-konto, sofia_runs_sdl, öppet för alla."
    result = detector.detect(text)
    assert result["severity"] == "high"
    assert "social-media account" in result["reasons"]


@pytest.mark.parametrize(
    "text",
    [
        "Ring växeln och be att få prata med Emma Söderlund på mottagningen i Örebro.",
        "Call the office and ask for Emma Söderlund, social worker in Örebro.",
        "Ring socialkontoret i Örebro, alla samtidigt, fråga efter Emma Söderlund.",
    ],
)
def test_calls_through_the_switchboard_are_calls_to_contact(detector, text):
    result = detector.detect(text)
    assert result["severity"] == "high"
    assert "call to contact or visit" in result["reasons"]


@pytest.mark.parametrize(
    "text",
    [
        # the poster's own call, told afterwards, thankful
        "Jag ringde och bad att få prata med Emma Söderlund på soc, hon var jättesnäll. Tack!",
        # "alla samtidigt" with nobody asked to call
        "Emma Söderlund på soc Örebro höll informationsmöte, vi kom alla samtidigt.",
    ],
)
def test_not_calls_to_contact(detector, text):
    assert not detector.detect(text)["flagged"]


@pytest.mark.parametrize(
    ("text", "account"),
    [
        ("Hon finns som malin.brask_82 på insta, gå in och kommentera.", "malin.brask_82"),
        ("viktor_almgren77 (tiktok) är hans konto", "viktor_almgren77"),
        ("She posts as malinb.runs on Instagram every day.", "malinb.runs"),
    ],
)
def test_account_before_its_platform(find, text, account):
    assert account in [hit for hit, _ in find(text, "handle")]


@pytest.mark.parametrize(
    "text",
    [
        "Läs mer på kalmar.se på facebook.",
        "Vi träffas på insta ikväll!",
        "Hon var på Instagram hela dagen.",
    ],
)
def test_platform_after_ordinary_words_is_no_account(find, text):
    assert not find(text, "handle")


def test_account_before_platform_makes_named_worker_high(detector):
    out = detector.detect(
        "Handläggaren Malin Brask i Kalmar = malinbrask.springer på insta. Kolla själva."
    )
    assert out["flagged"]
    assert out["severity"] == "high"
    ad = detector.detect(
        "Följ Kalmar kommun: kalmarkommun.se på instagram för nyheter om förskolan."
    )
    assert not ad["flagged"]


@pytest.mark.parametrize(
    "text",
    [
        "Kalmar kommun söker två socialsekreterare till barn och unga. Frågor om tjänsten besvaras "
        "av enhetschef Malin Brask, 070-174 06 61. Sista ansökningsdag 12 maj.",
        "Vi rekryterar handläggare! Upplysningar om tjänsten: enhetschefen Viktor Almgren, "
        "070-174 06 62.",
        "Social worker wanted in Växjö. Questions about the role: unit manager Malin Brask, "
        "070-174 06 63. Apply by 1 June.",
    ],
)
def test_job_advert_contact_number_is_official(detector, text):
    out = detector.detect(text)
    assert not out["flagged"], (text, out)


def test_private_number_of_worker_still_counts_without_job_advert(detector):
    out = detector.detect(
        "Enhetschefen Malin Brask i Kalmar, hon som söker nya familjehem åt våra barn: "
        "privat mobil 070-174 06 64. Ring henne."
    )
    assert out["flagged"]
    assert out["severity"] in ("high", "critical")
