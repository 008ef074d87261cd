"""Name forms from lists and case papers: a masked surname first ("L*******t, Å."), an initial
and a surname after a role ("handläggaren M. Brask"), and the head of a unit ("chefen för
placeringar"). Also: a film where "the face is visible" is meant to single the person out."""

from __future__ import annotations

import pytest


def test_masked_surname_first_matches_registered_staff(detector):
    out = detector.detect(
        "L*******t, Å. heter chefen för placeringar i Sundsvall. Privat mobil: 070-174 06 71."
    )
    assert out["staff_ids"] == ["s01"]
    assert out["severity"] == "high"


def test_masked_surname_first_needs_a_fitting_registered_name(detector):
    out = detector.detect("K*******t, Å. på ICA sålde en cykel, ring 070-174 06 72.")
    assert not out["flagged"]


@pytest.mark.parametrize(
    "text",
    [
        "Familjehemssekreteraren M. Brask i Kalmar på film, ansiktet syns tydligt. Ladda ner "
        "innan hon anmäler.",
        "Handläggaren V. Almgren i Växjö filmades i receptionen igår, hela ansiktet syns. Sprid.",
    ],
)
def test_initial_and_surname_after_role(detector, text):
    out = detector.detect(text)
    assert out["flagged"], (text, out)
    assert out["severity"] == "high", (text, out)
    assert out["persons"][0]["staff_id"] is None


@pytest.mark.parametrize(
    "text",
    [
        # an initial + surname with no role: a byline, a sports result
        "Text: M. Brask. Foto: V. Almgren. Ansiktet syns tydligt på bilden av segraren.",
        # a court ruling naming the handläggare by initial, quoted neutrally
        "Av domen framgår att handläggaren M. Brask bedömde att barnet behövde vård.",
        # a boss of a non-social unit
        "Chefen för lagret i Kalmar, M. Brask, nås på 070-174 06 73 för leveransfrågor.",
    ],
)
def test_initial_forms_stay_unflagged(detector, text):
    out = detector.detect(text)
    assert not out["flagged"], (text, out)


def test_registered_name_written_surname_first(detector):
    """Case lists and dossiers: "Strand, Mikael. Enhetschef ..."."""
    out = detector.detect("Söderlund, Emma. Handläggare mottagningen Örebro. Ring 070-174 06 33.")
    assert out["staff_ids"] == ["s22"]
    assert out["severity"] == "high"


@pytest.mark.parametrize(
    "text",
    [
        "Soc-chefen Ulf Sandin i Hudiksvall kör en svart Audi, reg DKR 19P.",
        "Den jävla soc-kärringen Marie Lööf i Mölndal, ring henne på 070-174 06 33.",
        "Sochäxan Marie Lööf i Mölndal har numret 070-174 06 33, ring dag och natt.",
    ],
)
def test_soc_compounds_name_a_social_worker(detector, text):
    out = detector.detect(text)
    assert out["severity"] == "high", (text, out)
    assert out["persons"][0]["staff_id"] is None
