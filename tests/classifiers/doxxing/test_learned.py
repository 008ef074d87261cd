"""The learned opinions (learned.py): asked only where the rules leave a named worker open.

The posts here are written for this test; none is in the files the opinions learn from.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from scipy import sparse

from classifiers.doxxing import DoxxingDetector
from classifiers.doxxing.learned import masked
from classifiers.doxxing.learned_training import TRAINING_FILES, UNSTUDIED

AIMED = [
    "Sofia Råberg, socialsekreterare i Sundsvall, är den som skrev att vi inte kan ta hand om "
    "våra egna barn.",
    "Enhetschefen Mikael Strand i Örebro har skrivit under varenda placering av våra barn i år. "
    "Varje gång samma namn.",
]
NOT_AIMED = [
    # thanks: the model is asked here too, and says no
    "Tack Fredrik Dahl på vuxenenheten i Örebro för att du hjälpte min bror!",
    "Omar Khalil från socialtjänsten i Eskilstuna var med på föräldramötet och pratade om hur man "
    "söker stöd.",
    "Hade möte med Robert Hägg från utredningsenheten i Uppsala idag. Han lyssnade och förklarade "
    "allt lugnt, det kändes bättre efteråt.",
]


@pytest.fixture(scope="module")
def rules(demo_staff):
    return DoxxingDetector(demo_staff)


@pytest.fixture(scope="module")
def with_aim(demo_staff, trained_model):
    return DoxxingDetector(demo_staff, aim=trained_model.aim)


@pytest.fixture(scope="module")
def always_aimed(demo_staff, trained_model):
    """The real model with its threshold at zero: shows where it is asked, not what it says."""
    return DoxxingDetector(demo_staff, aim=replace(trained_model.aim, threshold=0.0))


def test_masking_hides_who_is_named_and_what_is_exposed():
    text = "asa lindqvist ring 070-174 06 12"
    assert masked(text, [(0, 13, "PERSON"), (19, 32, "PHONE")]) == " PERSON  ring  PHONE "


@pytest.mark.parametrize("text", AIMED)
def test_a_complaint_naming_a_worker_with_role_is_flagged(text, rules, with_aim):
    assert rules.detect(text)["severity"] == "low"  # the case the rules leave open
    result = with_aim.detect(text)
    assert result["flagged"] and result["severity"] == "medium"
    assert "written against the person (learned from labelled posts)" in result["reasons"]


@pytest.mark.parametrize("text", NOT_AIMED)
def test_a_neutral_mention_stays_unflagged(text, with_aim):
    assert with_aim.detect(text)["severity"] == "low"


@pytest.mark.parametrize(
    "text, severity",
    [
        # the worker is the victim (news about threats against staff): the model is not asked
        (
            "Omar Khalil på socialtjänsten i Eskilstuna har utsatts för hot efter att hans namn "
            "spreds i Telegramkanaler.",
            "low",
        ),
        # a namesake without any role: not asked
        ("Robert Hägg vann klubbmästerskapet i bowling igen, fjärde året i rad!", "low"),
        # nobody named: nothing to ask about
        ("Socialtjänsten i Örebro har fått nya lokaler vid Järntorget.", "none"),
    ],
)
def test_the_model_is_asked_only_where_the_rules_leave_it_open(text, severity, always_aimed):
    assert always_aimed.detect(text)["severity"] == severity


def test_a_registered_name_with_the_role_in_another_sentence_is_an_open_case(always_aimed):
    text = "Det är Sofia Råberg. Utredare på soc i Sundsvall. Alla som haft henne vet."
    assert always_aimed.detect(text)["severity"] == "medium"


@pytest.mark.parametrize(
    "text, severity",
    [
        (
            "Omar Khalil på barn och unga i Eskilstuna ljuger i varenda utredning han skriver",
            "medium",
        ),
        ("Åsa Lindqvist på soc i Sundsvall, ring henne på 070-174 06 12 dag och natt", "high"),
    ],
)
def test_the_model_never_lowers_what_the_rules_found(text, severity, demo_staff, trained_model):
    never = DoxxingDetector(demo_staff, aim=replace(trained_model.aim, threshold=1.01))
    assert never.detect(text)["severity"] == severity


def test_the_unstudied_evaluation_files_are_not_training_data():
    assert UNSTUDIED
    assert not set(UNSTUDIED) & set(TRAINING_FILES)


@pytest.fixture(scope="module")
def always_exposing(demo_staff, trained_model):
    """The exposure opinion with its threshold at zero: shows where it is asked."""
    return DoxxingDetector(
        demo_staff, aim=trained_model.aim, exposure=replace(trained_model.exposure, threshold=0.0)
    )


@pytest.mark.parametrize(
    "text, severity",
    [
        # medium by the rules: the exposure opinion may raise it, so the security unit hears of it
        ("Sofia Råberg soc Sundsvall, sprid namnet! Hon är den som skrev utredningen.", "high"),
        # low (a victim of threats) and critical (an address) are the rules' to decide
        (
            "Omar Khalil på socialtjänsten i Eskilstuna har utsatts för hot efter att hans namn "
            "spreds i Telegramkanaler.",
            "low",
        ),
        ("Sofia Råberg på soc i Sundsvall bor på Storgatan 12B, 852 30 Sundsvall.", "critical"),
    ],
)
def test_the_exposure_opinion_is_asked_only_about_medium_posts(text, severity, always_exposing):
    assert always_exposing.detect(text)["severity"] == severity


def test_naming_without_more_stays_medium(demo_staff, trained_model):
    detector = DoxxingDetector(demo_staff, aim=trained_model.aim, exposure=trained_model.exposure)
    text = "Sofia Råberg soc Sundsvall, sprid namnet! Hon är den som skrev utredningen."
    assert detector.detect(text)["severity"] == "medium"


def test_a_quote_in_a_post_written_against_the_person_does_not_hide_its_details(
    rules, demo_staff, trained_model
):
    text = (
        "Handläggaren som nekar våra familjer försörjningsstöd i Botkyrka, Ahmed Alsayed, bor "
        'själv i villa i Tullinge med fru och tre barn. "Jag hjälper alla", säger han. Ljugarn.'
    )
    assert rules.detect(text)["severity"] == "low"  # "säger han" reads as a news quote
    detector = DoxxingDetector(demo_staff, aim=trained_model.aim, exposure=trained_model.exposure)
    assert detector.detect(text)["severity"] == "critical"


def test_scoring_one_text_gives_scikit_learns_probability(trained_model):
    texts = [
        " PERSON  på soc i uppsala, ring  PHONE  dag och natt",
        "tack  PERSON  för allt ❤️",
        "den blonda handläggaren på mottagningen som tog barnen. ni vet vem",
        "",
    ]
    for model in (trained_model.aim, trained_model.exposure, trained_model.unnamed):
        for text in texts:
            matrix = sparse.hstack(
                [model.words.transform([text]), model.chars.transform([text])]
            ).tocsr()
            expected = model.classifier.predict_proba(matrix)[0, 1]
            assert model.probability(text) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    "text",
    [
        "Vi har fått Johan Ek som ny handläggare på soc i Uppsala. Vad ska jag ta med till "
        "första mötet?",
        "عندي موعد مع Margareta Sandberg بكرا بالسوسيال ببوتشيركا، حدا بيعرف إذا بيجيبولي مترجم؟",
        "We got a new case worker, Omar Khalil at Eskilstuna child services. Anyone know what to "
        "bring to the first meeting?",
    ],
)
def test_a_threat_flag_alone_does_not_make_a_question_critical(text, rules, with_aim):
    # the rules alone trust the threat model; with the aim model, a post it reads as not
    # written against the worker stays low however the threat model scored it
    assert rules.detect(text, threat=True)["severity"] == "critical"
    assert with_aim.detect(text, threat=True)["severity"] == "low"


def test_a_threat_flag_on_a_post_written_against_the_worker_is_critical(with_aim):
    text = "Sofia Råberg på soc i Sundsvall ljög i rätten om min son. Hon vet vad hon gjorde."
    result = with_aim.detect(text, threat=True)
    assert result["severity"] == "critical" and "threat" in result["reasons"]
