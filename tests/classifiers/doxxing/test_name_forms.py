"""Names in any letter case and layout: lower-case misspelt registry names, ALL CAPS lines with
"=" between fields, "sitter på" before the workplace, English first names, and labelled-field
dossiers ("Namn: ... Jobbar: ...")."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, staff_id",
    [
        # both words misspelt, all lower case, beside a role
        ("sofie råbergh på soc sundsvall förstör familjer", "s16"),
        ("ahmad al-sajed på soc botkyrka ljuger", "s10"),
    ],
)
def test_lower_case_misspelt_registry_names_beside_a_role(detector, text, staff_id):
    assert staff_id in detector.detect(text)["staff_ids"]


def test_lower_case_words_that_only_look_like_a_name_are_nobody(detector):
    # "sofia" alone is not a registered pair; ordinary words one edit from a name do not count
    result = detector.detect("sofia ringde soc idag, bra samtal om barnen")
    assert result["staff_ids"] == []


@pytest.mark.parametrize(
    "text",
    [
        "HENRIK SJÖBERG = SOCIALTJÄNSTEN GÄVLE = BARNTJUV 🚨",
        "Lovisa Ekdahl | soc Kalmar | förstör familjer, sprid",
        "hon heter Ronja Lindell och sitter på socialkontoret i Mora. Skäms 🤡",
        "The social worker handling our file, Patrick Nordin at Borås stad, is a liar. Share this.",
    ],
)
def test_unregistered_workers_in_other_layouts(detector, text):
    result = detector.detect(text)
    assert result["flagged"], result
    assert result["persons"]


def test_a_labelled_dossier_names_its_subject(detector):
    text = (
        "Namn: Therese Wallin\nJobbar: socialtjänsten Alingsås, barn och familj\n"
        "Personnr: 811218-9876\nSprid detta."
    )
    result = detector.detect(text)
    assert result["severity"] == "critical"
    assert "personnummer" in result["reasons"]


def test_a_labelled_name_without_any_social_services_word_is_nobody(detector):
    text = "Namn: Therese Wallin\nJobbar: Ica Maxi, kassa\nSäljer barnvagn, ring 070-174 06 61"
    assert detector.detect(text)["severity"] == "none"
