"""Veiled threats beside an identified worker are critical on their own (classifiers/doxxing/menace.py),
while the same words in thanks, news or everyday talk stay unflagged."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        # suffering promised
        "Emma Söderlund på soc Örebro, du ska få lida lika mycket som mina barn",
        "Sofia Råberg, Sundsvall social services. You will suffer for what you did.",
        # accidents and "something might happen"
        "Sofia Råberg, socialsekreterare i Sundsvall. Det sker så många olyckor i trafiken nu. "
        "Olyckor kan hända vem som helst.",
        "Emma Söderlund på soc Örebro. Vore synd om något hände henne på väg hem.",
        "Åsa Lindqvist soc Sundsvall... man vet aldrig vad som händer en mörk kväll",
        "Jörgen Öhman, enhetschef. Allt kan hända i den här stan.",
        # proverbs of retribution, time running out
        "Anna-Karin Berg, familjehemssekreterare. Som man bäddar får man ligga. "
        "Hon ska skörda det hon sått.",
        "Per-Olof Nyström på soc Eskilstuna: det är bara en tidsfråga nu.",
        "Sofia Råberg soc Sundsvall. Tick tack.",
        "Yasmin Haddad på soc Botkyrka. Karma hinner ikapp dig",
        # look over your shoulder, do not feel safe, insurance
        "Emma Söderlund på mottagningen i Örebro borde nog se sig över axeln framöver.",
        "Åsa Lindqvist socialsekreterare Sundsvall, hoppas du har en bra hemförsäkring 🔥",
        "Maria Sjö på soc Eskilstuna ska inte känna sig trygg längre.",
        "Jörgen Öhman enhetschef Sundsvall. Jag vet var du bor.",
        # ultimatums and "you have children too"
        "Jörgen Öhman, enhetschef i Sundsvall: du har fram till fredag. Efter det tar vi inget "
        "ansvar för vad folk gör.",
        "Åsa Lindqvist på soc Sundsvall, kom ihåg att du också har barn. Det är allt vi säger.",
        "Emma Söderlund, Örebro social services. Time's running out. Your choice.",
        "إلى Yasmin Haddad بالسوسيال ببوتشيركا: الحساب جاي. يمكن مش اليوم، بس جاي",
        # symbols beside the name
        "Anna-Karin Berg familjehem Sundsvall 💣💣",
        "Per-Olof Nyström soc Eskilstuna ⚰️",
        # English
        "Caseworker Sofia Råberg in Sundsvall. Accidents happen, you know.",
        "Social worker Emma Söderlund, Örebro: we know your car. Return the kids while you still "
        "can.",
        "Åsa Lindqvist, social worker Sundsvall. What goes around comes around. Tick tock.",
        # Arabic: every oppressor has a day; the days are long between us; your blood is lawful
        "الموظفة Yasmin Haddad بالسوسيال في Botkyrka، كل ظالم له يوم",
        "Ahmed Al-Sayed موظف السوسيال، الأيام بيننا يا ظالم",
        "Yasmin Haddad من السوسيال، دير بالك على حالك",
    ],
)
def test_veiled_threats_are_critical(detector, text):
    result = detector.detect(text)
    assert result["severity"] == "critical", result["reasons"]
    assert "veiled threat" in result["reasons"]


@pytest.mark.parametrize(
    "text",
    [
        # thanks and praise: ambiguous words there are not menace
        "Tack Sofia Råberg på soc Sundsvall, du har verkligen god karma 🙏",
        "Tack Emma Söderlund, handläggare i Örebro. Man vet aldrig hur livet blir men du hjälpte.",
        "Stort tack till Åsa Lindqvist, socialsekreterare, du brinner verkligen för barnen!",
        # news about threats against staff
        "Socialsekreteraren Jörgen Öhman i Sundsvall har hotats: 'olyckor händer' skrev någon. "
        "Han har polisanmält.",
        # everyday talk
        "Per-Olof Nyström, enhetschef Eskilstuna, säger att det är en tidsfråga innan den nya "
        "lagen kommer.",
    ],
)
def test_same_words_in_thanks_news_or_talk_are_not_threats(detector, text):
    result = detector.detect(text)
    assert "veiled threat" not in result["reasons"]
    assert not result["flagged"]


@pytest.mark.parametrize(
    "text",
    [
        # house insurance, houses that burn, "you will see what happens", a promise
        "Malin Brask, handläggare på soc i Kalmar. Hoppas du har god försäkring på villan.",
        "Socialsekreteraren Viktor Almgren i Växjö. Trähus brinner så lätt när det är torrt.",
        "Handläggaren Malin Brask i Kalmar ska få se vad som händer när man tar våra barn.",
        "Socialsekreteraren Viktor Almgren i Växjö. Jag lovar dig, Viktor.",
        # English: I will find you
        "Caseworker Malin Brask in Kalmar, I will find you.",
        # Arabic: we will make her pay the price; your day is coming; a day for you, a day against
        "الموظفة Malin Brask بالسوسيال في Kalmar، والله وندفعها التمن",
        "الموظف Viktor Almgren بالسوسيال: يوم لك ويوم عليك، وقريباً بيجي يومك",
    ],
)
def test_more_veiled_threats_are_critical(detector, text):
    out = detector.detect(text)
    assert out["severity"] == "critical", (text, out)


@pytest.mark.parametrize(
    "text",
    [
        "Tack socialsekreteraren Malin Brask i Kalmar, jag lovar dig att vi ska klara det!",
        "Socialsekreteraren Viktor Almgren i Växjö berättar att familjen fick god försäkring på "
        "huset efter branden, tack vare kommunens hjälp.",
        "I will find you a better flat, said caseworker Malin Brask in Kalmar, and she did. Thank "
        "you!",
    ],
)
def test_promises_and_insurance_in_thanks_stay_unflagged(detector, text):
    out = detector.detect(text)
    assert not out["flagged"], (text, out)
