"""Namesakes in everyday life (ads, match reports, shops) stay unflagged; hostility aimed at a
worker's family business, and a role given in the next sentence, still count."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        # a sales ad: the car and the number are the seller's
        "Åsa Lindqvist säljer sin röda Toyota Yaris -14, nybesiktigad. Ring 070-174 06 52 efter 18.",
        "Till salu: Jörgen Öhmans gamla Volvo V70, pris 15 000 kr. Sms 070-174 06 53",
        # a match report
        "Per-Olof Nyström gjorde mål för Eskilstuna Guif igår!! Vilken match 🤾",
        "Grattis Sofia Råberg som blev lagkapten i damlaget!!",
        # a shop opening
        "Emma Söderlund nyöppnar sin blomsterbutik på Kungsgatan 4, välkomna!!",
    ],
)
def test_a_namesakes_ad_match_or_shop_is_not_doxxing(detector, text):
    assert not detector.detect(text)["flagged"]


def test_a_boycott_of_the_family_business_with_the_role_next_sentence(detector):
    text = (
        "Åsa Lindqvists man driver en bilverkstad i Sundsvall. Hon själv sitter på barn och unga "
        "och splittrar familjer. Bojkotta verkstaden!"
    )
    result = detector.detect(text)
    assert result["severity"] == "critical"
    assert result["staff_ids"] == ["s01"]
    assert "family members" in result["reasons"]


def test_the_role_in_the_next_sentence_beside_the_name(detector):
    text = "Jörgen Öhmans fru har en kiosk vid torget. Han sitter på socialkontoret."
    persons = detector.detect(text)["persons"]
    assert persons and persons[0]["staff_id"] == "s02"


@pytest.mark.parametrize(
    "text",
    [
        "Yasmin Haddad på soc Botkyrka omhändertog mina barn. Nu ska hon stå till svars. RT",
        "Sofia Råberg, socialsekreterare i Sundsvall. Kopiera och klistra in i din grupp.",
        "Anna-Karin Berg familjehem Sundsvall finns på film nu, länk i kommentarerna",
        "Emma Söderlund på mottagningen i Örebro är den värsta av dem 🤮",
    ],
)
def test_spreading_and_grievance_words_make_naming_hostile(detector, text):
    result = detector.detect(text)
    assert result["flagged"], result["reasons"]


def test_hostile_words_do_not_turn_thanks_into_doxxing(detector):
    text = "Tack Emma Söderlund på soc i Örebro, den värsta tiden i mitt liv blev lite lättare."
    assert not detector.detect(text)["flagged"]


@pytest.mark.parametrize(
    "text",
    [
        "Emma Söderlund 90 år idag!! 🎉 Mormor som fortfarande bakar bäst bullar i hela Ånge ❤️",
        "Sofia Råberg från Råbergs Rör kom ut en söndag och lagade vår beredare. Rekommenderas!!",
    ],
)
def test_exclamation_marks_alone_do_not_make_a_namesake_hostile(detector, text):
    assert not detector.detect(text)["flagged"]


def test_exclamation_marks_still_count_where_social_services_are_named(detector):
    text = "Emma Söderlund. Handläggare. Örebro. Det är HON!!"
    assert detector.detect(text)["flagged"]


@pytest.mark.parametrize(
    "text",
    [
        # "sprids" reports spreading; "sprid!" calls for it
        "Emma Söderlund, handläggare i Örebro, berättar i podden om hur lögner om soc sprids i "
        "kanaler som hennes egen familj läser.",
        # asking for advice is not asking where someone lives
        "Min handläggare Emma Söderlund på soc i Örebro har inte hört av sig. Någon som vet om "
        "man kan byta handläggare?",
    ],
)
def test_reporting_and_asking_for_advice_are_not_hostile(detector, text):
    assert not detector.detect(text)["flagged"]
