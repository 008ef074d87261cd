"""Arabic name forms: a preposition glued to a registered name ("لياسمين حداد", to Yasmin
Haddad) and a first name alone right after a person role ("الموظفة كارين", the employee Karin).
The office word (السوسيال) followed by a town is not a name, and a thankful post stays unflagged."""

from __future__ import annotations

import pytest

from classifiers.doxxing import DoxxingDetector


@pytest.mark.parametrize(
    ("text", "staff_id"),
    [
        ("رح نوصل لياسمين حداد موظفة السوسيال ببوتشيركا، خاينة", "s07"),
        ("فضيحة! كتبنا لأحمد السيد الموظف بالسوسيال وما رد، خاين", "s10"),
        ("وصلت رسالة ولياسمين حداد من السوسيال ببوتشيركا: فضحتي حالك", "s07"),
    ],
)
def test_glued_preposition_keeps_registered_name(detector, text, staff_id):
    out = detector.detect(text)
    assert out["flagged"], (text, out)
    assert staff_id in out["staff_ids"], (text, out)


@pytest.mark.parametrize(
    "text",
    [
        "شوفوا فيديو الموظفة سلمى بسوسيال لوند وهي عم تصرخ على الأم، وجهها واضح، انشروه",
        "للموظفة مريم من السوسيال بمالمو: خاينة، بتسرق ولاد المسلمين",
        "الموظف كريم بالسوسيال بيوتبوري خاين وما بيخاف الله",
    ],
)
def test_first_name_after_person_role(detector, text):
    out = detector.detect(text)
    assert out["flagged"], (text, out)
    assert out["persons"], out


@pytest.mark.parametrize(
    "text",
    [
        # thanks to an employee by first name
        "شكراً للموظفة سلمى بالسوسيال بلوند، ساعدتنا كتير الله يجزيها الخير",
        # a town after the office word is no name, and nothing hostile is said
        "السوسيال بأوربرو فتح مكتب جديد، المواعيد من الساعة ٨",
        # a namesake: a singer with a registered name, no role
        "المطرب أحمد السيد بيغني بحفلة لياسمين حداد بعيد ميلادها",
    ],
)
def test_arabic_forms_stay_unflagged(detector, text):
    out = detector.detect(text)
    assert not out["flagged"], (text, out)


def test_where_she_lives_in_arabic_is_critical(detector):
    text = "الموظفة اسمها Sara Nilsson بالسوسيال في Malmö، ساكنة في Rosengård قريب من الجامع"
    assert detector.detect(text)["severity"] == "critical"


def test_a_registered_name_in_arabic_script_needs_no_role_word(detector):
    # "Ahmed Al-Sayed, you traitor. We know where you work. Get ready." - no office word at all
    out = detector.detect("يا أحمد السيد، يا خاين. منعرف وين بتشتغل. استعد.")
    assert out["staff_ids"] == ["s10"]
    assert out["severity"] == "critical"


@pytest.mark.parametrize(
    ("text", "staff_id"),
    [
        # "-berg" is said "-bärj": written without a g
        ("مارغريتا ساندبيري موظفة السوسيال ببوتشيركا", "s13"),
        # "Ch" said "sh"
        ("فيديو للموظفة شارلوت لوند من سوسيال أوريبرو", "s06"),
        # a silent h after a vowel (Öhman)
        ("يورغن اومان اللي هو chef بالسوسيال بسوندسفال", "s02"),
    ],
)
def test_registered_names_as_arabic_writers_hear_them(demo_staff, text, staff_id):
    assert staff_id in DoxxingDetector(demo_staff).detect(text)["staff_ids"]


def test_an_arabic_noun_with_the_article_is_no_name(detector):
    # "the employee at the visit asked me to stop filming; I film only for myself"
    text = "الموظفة بالزيارة طلبت مني وقّف تصوير، وأنا عم صوّر بس لإلي ما عم انشر شي"
    assert detector.detect(text)["persons"] == []
