"""People the name rules cannot confirm: names without a role (loose.py), names spelled in handles
and e-mail addresses (handle_names.py), workers pointed out without a name (unnamed.py).

The posts here are written for this test; none is in the files the aim model learns from.
"""

from __future__ import annotations

import pytest

from classifiers.doxxing import DoxxingDetector
from classifiers.doxxing.handle_names import handle_persons
from classifiers.doxxing.learned import masked
from classifiers.doxxing.loose import LOOSE_WHY, about_social_services, loose_names
from classifiers.doxxing.text import fold
from classifiers.doxxing.tokens import Post


def _post(text: str) -> Post:
    return Post(text, fold(text))


@pytest.fixture(scope="module")
def product(demo_staff, trained_model):
    return DoxxingDetector(
        demo_staff,
        aim=trained_model.aim,
        exposure=trained_model.exposure,
        unnamed=trained_model.unnamed,
    )


@pytest.fixture(scope="module")
def rules(demo_staff):
    return DoxxingDetector(demo_staff)


def _handles(detector, text):
    findings = detector.recognizers.analyze(text, fold(text), _post(text))
    return handle_persons(detector.names, text, findings)


@pytest.mark.parametrize(
    ("text", "topical"),
    [
        ("Kvinnan som bestämmer om LVU i Sigtuna sitter i kommunhuset", True),
        ("The child services in Gävle took them", True),
        ("الموظفة بالسوسيال أخدت الولاد", True),
        ("Bortsprungen katt på Tallvägen, ring Maja", False),
    ],
)
def test_posts_about_social_services_are_told_from_others(text, topical):
    assert about_social_services(_post(text)) is topical


def test_every_name_in_the_post_is_a_candidate_but_politicians_and_family(detector):
    text = (
        "Camilla Hedlund bestämmer över LVU i Sigtuna. Kommunalrådet Anna Berg (S) svarar inte "
        "och min dotter Sara Lund får inte komma hem."
    )
    found = [text[p.start : p.end] for p in loose_names(detector.names, _post(text))]
    assert found == ["Camilla Hedlund"]


@pytest.mark.parametrize(
    ("text", "handle", "staff_id"),
    [
        ("kommentera på @kattis.holm.uppsala, hon jobbar på soc", "kattis.holm.uppsala", "s09"),
        ("skriv till @tobbe.granq han e på soc", "tobbe.granq", "s21"),
        ("dm:a henne @emmasoderlund_ hon jobbar på soc", "emmasoderlund_", "s22"),
        ("her IG is @annki.berg.sdsvl, the foster care worker", "annki.berg.sdsvl", "s03"),
    ],
)
def test_a_handle_spelling_a_registered_name_names_that_person(rules, text, handle, staff_id):
    registered, loose = _handles(rules, text)
    assert [(text[p.start : p.end], p.staff_id) for p in registered] == [(handle, staff_id)]
    assert not loose
    result = rules.detect(text)
    assert staff_id in result["staff_ids"]
    # the handle is still an exposed detail: the person's span starts after the "@"
    assert "handle" in {item["kind"] for item in result["pii"]}


def test_an_email_address_spelling_a_registered_name_names_that_person(rules):
    text = "Mejla honom: jorgen.ohman72@gmail.com – enhetschefen på barn och familj i Sundsvall."
    registered, _ = _handles(rules, text)
    assert [(text[p.start : p.end], p.staff_id) for p in registered] == [("jorgen.ohman72", "s02")]
    result = rules.detect(text)
    assert result["staff_ids"] == ["s02"] and result["severity"] == "high"


def test_a_handle_with_an_unregistered_first_name_is_only_a_candidate(rules):
    text = "soc tjejen i haninge heter malin, snap: malin.fg"
    registered, loose = _handles(rules, text)
    assert not registered
    assert [(text[p.start : p.end], p.why) for p in loose] == [("malin.fg", LOOSE_WHY)]


def test_overlapping_spans_are_masked_once():
    text = "snap: malin.fg"
    assert masked(text, [(0, 14, "HANDLE"), (6, 14, "PERSON")]) == "snap:  PERSON "


AIMED = [
    "Den som skrev under LVU-ansökan i Mjölby heter Therese Blom. Hon bor på Storgatan 14 B "
    "och kör en röd Golf. Sprid så alla vet vem hon är.",
    "The woman in Kalmar who signed the LVU papers on my nephew is Johanna Ekberg. We found "
    "your home on Lindvägen 7. Everyone will know.",
]
NOT_AIMED = [
    "Lars Holm (S), ordförande i socialnämnden i Mjölby, svarar på frågor om LVU i kvällens "
    "debatt i kommunhuset.",
    "Tack Therese Blom för att du körde hem mig efter kyrkans familjedag i kommunens "
    "församlingshem 🙏",
]


@pytest.mark.parametrize("text", AIMED)
def test_a_name_without_role_in_a_post_against_a_worker_is_flagged(text, rules, product):
    assert not rules.detect(text)["flagged"]  # no role beside the name: the rules see nobody
    result = product.detect(text)
    assert result["flagged"] and result["severity"] == "critical"
    assert "person named in a post about social services" in result["reasons"]


@pytest.mark.parametrize("text", NOT_AIMED)
def test_a_name_without_role_in_a_benign_post_is_not_flagged(text, product):
    assert not product.detect(text)["flagged"]


def test_a_worker_pointed_out_without_a_name_is_flagged(rules, product):
    text = (
        "Den långa handläggaren med rakat huvud på vuxenenheten i Skövde, han som stängde min "
        "brors ärende. Kör en svart Passat och tränar på Friskis varje tisdag kväll. Alla i stan "
        "ska veta vem han är."
    )
    assert not rules.detect(text)["flagged"]
    result = product.detect(text)
    assert result["flagged"] and result["severity"] == "critical"
    assert "social worker identified by role" in result["reasons"]


@pytest.mark.parametrize(
    "text",
    [
        "Vem är socialsekreteraren som har hand om familjehemsfrågor i Mjölby? Vill ställa en "
        "fråga om ersättningen.",
        "Socialtjänsten i Mjölby har öppet hus på torsdag, välkomna att ställa frågor om "
        "familjehem.",
        "Hon som jobbar på soc i Mjölby var jättesnäll mot oss, tack för allt ❤️",
    ],
)
def test_posts_about_social_services_naming_nobody_stay_unflagged(text, product):
    assert not product.detect(text)["flagged"]


@pytest.mark.parametrize(
    ("text", "staff_id"),
    [
        ("#MargaretaSandberg #BotkyrkaSoc hon är 1:e socialsekreterare och tog två barn", "s13"),
        ("#ياسمين_حداد موظفة بالسوسيال ب Botkyrka، عربية بتشتغل ضد العرب", "s07"),
    ],
)
def test_a_hashtag_spelling_a_registered_name_names_that_person(rules, text, staff_id):
    assert rules.detect(text)["staff_ids"] == [staff_id]


def test_an_initial_and_surname_count_where_the_post_names_their_town(rules):
    text = "F. Dahl i Örebro, han som tog min brors ärende, bor i radhus på Rynningevägen."
    assert rules.detect(text)["staff_ids"] == ["s17"]
    # the same initial and surname in another town, with no role beside it, is someone else
    assert rules.detect(text.replace("Örebro", "Kalmar"))["staff_ids"] == []
