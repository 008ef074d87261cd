"""Severity combinations (DESIGN.md) and every not-doxxing case, through DoxxingDetector.detect."""

from __future__ import annotations

import pytest

from classifiers.doxxing import DoxxingDetector

KEYS = {"score", "flagged", "severity", "staff_ids", "pii", "persons", "reasons"}
ORDER = ["none", "low", "medium", "high", "critical"]


def check_contract(text: str, result: dict) -> None:
    assert set(result) == KEYS
    assert result["severity"] in ORDER
    assert result["flagged"] == (ORDER.index(result["severity"]) >= 2)
    assert 0.0 <= result["score"] <= 1.0
    for item in result["pii"]:
        assert set(item) == {"kind", "start", "end", "confidence", "why"}
        assert 0 <= item["start"] < item["end"] <= len(text)
    for person in result["persons"]:
        start, end = person["name_span"]
        assert 0 <= start < end <= len(text)
        assert set(person) == {"name_span", "staff_id", "role"}


@pytest.mark.parametrize(
    "text, severity, reason",
    [
        # named staff + role in an exposing context: medium
        (
            "Här är hon: Åsa Lindqvist, socialsekreterare i Sundsvall. Sprid hennes namn!",
            "medium",
            "hostile exposure",
        ),
        (
            "Johan Svensson på soc är en barntjuv. Glöm inte det namnet.",
            "medium",
            "hostile exposure",
        ),
        # + phone, private e-mail, car, account, filming, call to contact: high
        (
            "Åsa Lindqvist på soc i Sundsvall, privat nummer 070-174 06 23.",
            "high",
            "private phone number",
        ),
        (
            "Emma Söderlund soc Örebro, mejl emma.s90@gmail.com. Gör er röst hörd.",
            "high",
            "private e-mail",
        ),
        ("Jörgen Öhman, enhetschef, kör en svart Volvo ABC 123.", "high", "car registration plate"),
        ("Yasmin Haddad på soc Botkyrka, insta: yasmin.hdd", "high", "social-media account"),
        ("Här är klippet när handläggaren Emma Söderlund skriker åt mig. Sprid!", "high", "filmed"),
        (
            "Alla: skriv till Sofia Råberg på soc och kräv svar. Fyll hennes inkorg.",
            "high",
            "call to contact or visit",
        ),
        # + home address, family, school, personnummer, routine, threat: critical
        (
            "Åsa Lindqvist, socialsekreterare. Bor på Storgatan 22A, 852 30 Sundsvall.",
            "critical",
            "home address",
        ),
        ("Åsa Lindqvist från soc har själv en son på sex år, Elias.", "critical", "family members"),
        (
            "Åsa Lindqvists son går på förskolan Lärkan, avdelning Blåsippan.",
            "critical",
            "child's school or preschool",
        ),
        (
            "Åsa Lindqvist, socialsekreterare Sundsvall. Pnr 820314-2388.",
            "critical",
            "personnummer",
        ),
        (
            "Sofia Råberg (soc Sundsvall) lämnar sin son kl 8 varje morgon.",
            "critical",
            "routines or whereabouts",
        ),
        (
            "Emma Söderlund (handläggare) går till bussen 16.10 varje dag. port 4.",
            "critical",
            "routines or whereabouts",
        ),
        (
            "Handläggaren på soc som tog min dotter bor på Sandlyckegatan 22A. Gå dit!",
            "critical",
            "home address",
        ),
    ],
)
def test_severity_ladder(detector, text, severity, reason):
    result = detector.detect(text)
    check_contract(text, result)
    assert result["severity"] == severity, result
    assert result["flagged"]
    assert reason in result["reasons"]


def test_threat_flag_makes_identity_critical(detector):
    text = "Åsa Lindqvist på soc, du kommer att få ångra dig"
    assert detector.detect(text, threat=True)["severity"] == "critical"
    # a threat without an identified person is the threat model's business, not doxxing
    assert detector.detect("Jag ska slå ihjäl någon idag", threat=True)["severity"] == "none"


def test_staff_ids_and_spans(detector):
    text = (
        "Här är hon!!! Åsa Lindqvist, socialsekreterare. Bor på Storgatan 22A. Ring 070-174 06 23."
    )
    result = detector.detect(text)
    assert result["staff_ids"] == ["s01"]
    [person] = result["persons"]
    assert text[slice(*person["name_span"])] == "Åsa Lindqvist"
    kinds = {item["kind"]: text[item["start"] : item["end"]] for item in result["pii"]}
    assert kinds["address"] == "Storgatan 22A"
    assert kinds["phone"] == "070-174 06 23"


@pytest.mark.parametrize(
    "text",
    [
        # thanked, praised, quoted, interviewed, presenting
        "Stort tack till Åsa Lindqvist på socialtjänsten, hon lyssnade på riktigt.",
        "– Det viktigaste är nätverket, säger Åsa Lindqvist, socialsekreterare i Sundsvall.",
        "Föreläsning med Jörgen Öhman, enhetschef, om barnets bästa. Välkomna!",
        # a ruling or news naming the decision-maker
        "Förvaltningsrätten fastställde beslutet. Ansökan undertecknades av enhetschef Jörgen Öhman.",
        "I domen framgår att socialsekreteraren Sofia Råberg bedömt att pojken riskerade att skadas.",
        # a politician in their public role
        "Socialnämndens ordförande Lars-Erik Bohman (S) försvarar prioriteringarna.",
        # office address, switchboard, official e-mail
        "Frågor besvaras av enhetschef Jörgen Öhman via kommunens kontaktcenter 031-390 06 00.",
        "Socialtjänsten, besöksadress Kommunalvägen 12, 147 80 Tumba. Växel 08-465 004 10.",
        "Medverkar gör enhetschef Per-Olof Nyström. Frågor mejlas till ungdialog@eskilstuna.se.",
        # PII without any social-services person: an ad, a lost cat
        "Säljes: soffa, 2 000 kr. Hämtas på Storgatan 5, Sundsvall. Ring 070-174 06 15.",
        "Hittad katt i Tullinge! Ring 070-174 06 08.",
        # filming alone
        "Jag filmade mötet med soc idag, det är min rätt. Inte för att lägga ut det.",
        "Jag spelade in mötet med socialsekreteraren Åsa Lindqvist, det har jag rätt till.",
        # news about threats against a named worker (the worker is the victim)
        "Socialsekreteraren Hanna blev utpekad som barnkidnappare i ett klipp med 300 000 visningar.",
        # unrelated posts with names or numbers
        "Grattis till min systerson Omar som tog studenten idag!",
        "Sambon vill döpa vår dotter till Björk.",
    ],
)
def test_not_doxxing(detector, text):
    result = detector.detect(text)
    check_contract(text, result)
    assert not result["flagged"], result
    assert result["severity"] in ("none", "low")


@pytest.mark.parametrize(
    "text",
    [
        # wishing or inciting violence
        "Åsa Lindqvist, socialsekreterare i Sundsvall. Hoppas någon sätter eld på hennes hus.",
        "Sofia Råberg på soc: någon borde göra med henne vad hon gör med oss.",
        # time running out, punishment to come
        "Jörgen Öhman, enhetschef. Han har inte långt kvar nu.",
        "Emma Söderlund (handläggare) ska få sitt straff, det lovar jag.",
        "Yasmin Haddad from social services in Botkyrka. She will pay for this.",
        "Åsa Lindqvist på soc, det här är inte slut.",
        # finding, visiting, greeting the family
        "Sofia Råberg, socialsekreterare. Jag kommer hitta dig.",
        "Emma Söderlund soc Örebro, fick du mitt brev? Nästa gång kommer jag själv.",
        "Jörgen Öhman, enhetschef i Sundsvall. Hälsa din fru.",
        "Åsa Lindqvist (soc Sundsvall) jobbar sent. Vi har folk där. Bara så hon vet.",
    ],
)
def test_veiled_threats_are_critical(detector, text):
    result = detector.detect(text)
    check_contract(text, result)
    assert result["severity"] == "critical", result
    assert "veiled threat" in result["reasons"]


@pytest.mark.parametrize(
    "text",
    [
        "Sundsvall social services: Jörgen Öhman, unit manager. Remember his name.",
        "Socialsekreteraren Åsa Lindqvist har ljugit om oss. Det ska alla veta.",
        "Sofia Råberg på soc. Jag namnger henne tills någon lyssnar.",
        "Emma Söderlund, handläggare i Örebro. Sprid så hela Sverige ser vem hon är.",
    ],
)
def test_exposure_phrases_are_medium(detector, text):
    result = detector.detect(text)
    assert result["severity"] == "medium", result
    assert result["flagged"]


def test_so_she_knows_is_not_she_said(detector):
    # folded, "så hon vet" reads as "sa hon" (she said), which marks a quote
    quoted = detector.detect("– Vi gör vårt bästa, sa hon. Åsa Lindqvist, socialsekreterare.")
    assert not quoted["flagged"]
    veiled = detector.detect("Åsa Lindqvist, socialsekreterare. Bara så hon vet.")
    assert veiled["severity"] == "critical"


def test_filming_while_she_refuses_questions_is_high(detector):
    # "svara på frågor" is not official contact information ("vid frågor, kontakta ...")
    result = detector.detect(
        "Sofia Råberg (soc Sundsvall) filmad när hon vägrar svara på frågor. Klippet nedan 👇"
    )
    assert result["severity"] == "high", result


@pytest.mark.parametrize(
    "text",
    [
        "Telefontid mån-fre 08.30-09.30. Socialsekreterare Åsa Lindqvist svarar på frågor.",
        "Vid frågor, kontakta enhetschef Jörgen Öhman via kontaktcenter 031-390 06 00.",
        "Min dotter Nora Lind togs av socialsekreteraren. Ring 070-174 06 31 om ni vet något.",
        # threat look-alikes in thanks and farewells
        "Tack Åsa Lindqvist på soc! Hälsa din kollega också.",
        "Åsa Lindqvist, socialsekreterare, har inte långt kvar till pensionen. Tack för allt!",
        "Tack Jörgen Öhman, enhetschef. Det finns andra sätt att hjälpa och du visade dem.",
        "Stort tack till Sofia Råberg på soc, ett leende på hennes ansikte varje gång.",
    ],
)
def test_issue4_look_alikes_are_not_flagged(detector, text):
    result = detector.detect(text)
    assert not result["flagged"], result


def test_name_and_role_alone_is_low(detector):
    result = detector.detect("Åsa Lindqvist är socialsekreterare i Sundsvall.")
    assert result["severity"] == "low"
    assert result["staff_ids"] == ["s01"]
    assert not result["flagged"]


def test_score_is_monotone_in_severity(detector):
    texts = {
        "none": "Hej på er alla!",
        "low": "Åsa Lindqvist är socialsekreterare i Sundsvall.",
        "medium": "Här är hon: Åsa Lindqvist, socialsekreterare. Sprid hennes namn!",
        "high": "Åsa Lindqvist på soc, privat nummer 070-174 06 23.",
        "critical": "Åsa Lindqvist på soc bor på Storgatan 22A, 852 30 Sundsvall.",
    }
    scores = []
    for severity, text in texts.items():
        result = detector.detect(text)
        assert result["severity"] == severity, (severity, result)
        scores.append(result["score"])
    assert scores == sorted(scores)
    assert len(set(scores)) == len(scores)


def test_empty_and_odd_input(detector):
    for text in ("", "   ", "\n\n", "🙂" * 10):
        assert detector.detect(text)["severity"] == "none"
    assert detector.detect(None)["severity"] == "none"  # type: ignore[arg-type]


def test_detector_without_registry_still_finds_unregistered_staff():
    detector = DoxxingDetector()
    result = detector.detect(
        "Socialsekreteraren Anna Svensson bor på Granvägen 3, 852 30 Sundsvall."
    )
    assert result["severity"] == "critical"
    assert result["staff_ids"] == []
    assert result["persons"][0]["staff_id"] is None


# -- heldout2 patterns (text written for these tests; fictional names and numbers) ---------------


@pytest.mark.parametrize(
    "text",
    [
        "Sofia Råberg, socialsekreterare i Sundsvall. Namnet ska ut.",
        "Emma Söderlund, handläggare i Örebro, ska inte få vara anonym längre.",
        "Jörgen Öhman, enhetschef. Ni vet vem jag menar.",
        "Åsa Lindqvist, socialsekreterare på BoU. Det var hon som skrev utredningen.",
        "Ahmed Al-Sayed, handläggare i Botkyrka. He's the one who wrote it.",
    ],
)
def test_unmasking_and_pointing_out_are_medium(detector, text):
    result = detector.detect(text)
    assert result["severity"] == "medium", result


@pytest.mark.parametrize(
    "text",
    [
        "Filmade Sofia Råberg, socialsekreterare, i entrén idag. Lägger upp ikväll.",
        "Emma Söderlund (handläggare) filmad i smyg på stan 📹",
        "New video of Ahmed Al-Sayed, Botkyrka social services, being filmed 😂 tag everyone",
        "Åsa Lindqvist, socialsekreterare, på film idag. Ladda ner innan de tar bort det.",
    ],
)
def test_filming_with_a_call_to_spread_is_high(detector, text):
    result = detector.detect(text)
    assert result["severity"] == "high", result
    assert "filmed" in result["reasons"]


def test_filming_at_a_public_talk_is_not_doxxing(detector):
    text = "Filmade Sofia Råberg, socialsekreterare, på föreläsningen idag. Lägger upp ikväll."
    assert not detector.detect(text)["flagged"]


@pytest.mark.parametrize(
    "text, reason",
    [
        ("Emma Söderlund, handläggare i Örebro, kör en vit Volvo.", "car described"),
        ("Åsa Lindqvist (soc) drives a dark green Skoda", "car described"),
        ("Sofia Råberg, socialsekreterare, finns här som @sofia_rab_84", "social-media account"),
        ("emma söderlund handläggare örebro: 070–174 06 31", "private phone number"),
    ],
)
def test_new_high_cues(detector, text, reason):
    result = detector.detect(text)
    assert result["severity"] == "high", result
    assert reason in result["reasons"]


@pytest.mark.parametrize(
    "text",
    [
        "Ahmed Al-Sayed, Botkyrka social services, goes to the gym every Tue/Thu after 18:00.",
        "يسرا Yasmin Haddad من السوسيال عندها ولدين وزوجها يشتغل بالمطار",
    ],
)
def test_english_routines_and_arabic_family_are_critical(detector, text):
    assert detector.detect(text)["severity"] == "critical"


def test_role_only_plate_counts_where_the_post_goes_after_the_worker(detector):
    hostile = "Socialsekreteraren på BoU i Gävle kör vit Volvo ABC 123. Ni vet vem jag menar."
    neutral = "Socialsekreteraren på BoU i Gävle kör vit Volvo ABC 123."
    assert detector.detect(hostile)["severity"] == "high"
    assert detector.detect(neutral)["severity"] == "none"


def test_thanks_outweighs_the_threat_models_flag(detector):
    text = "Tack Anna-Karin Berg för allt stöd! Nu går du i pension och vi kommer sakna dig."
    assert detector.detect(text)["severity"] == "low"
    assert detector.detect(text, threat=True)["severity"] == "low"
    sarcastic = "Tack för inget Anna-Karin Berg, familjehemssekreterare. Vänta bara."
    assert detector.detect(sarcastic, threat=True)["severity"] == "critical"


def test_we_are_coming_is_still_a_veiled_threat(detector):
    result = detector.detect("Åsa Lindqvist på soc i Sundsvall. Vi kommer dit.")
    assert result["severity"] == "critical"


def test_a_namesakes_business_is_not_doxxing(detector):
    ad = "Emma Söderlund öppnar salong på Storgatan 12! Boka på 070-174 06 44"
    assert not detector.detect(ad)["flagged"]
    # without the business context, a registry name with a home address still counts
    assert detector.detect("Emma Söderlund bor på Storgatan 12")["severity"] == "critical"


def test_work_mobile_via_contact_centre_is_official(detector):
    text = (
        "Från kommunens webb: handläggare Emma Söderlund nås via kontaktcenter 070-174 06 44 "
        "eller emma.soderlund@orebro.se."
    )
    assert not detector.detect(text)["flagged"]


@pytest.mark.parametrize(
    "text",
    [
        "Jag har själv haft Robert Hägg i ett ärende och tyckte han var stel. Men att kalla honom "
        "barntjuv som folk gör i tråden är bara fel. Han följde lagen.",
        "Charlotte Lund was my social worker in Örebro. Everyone in these comments calling her a "
        "kidnapper has no idea.",
        "The investigation was led by Maria Lindberg Sjö. Whatever you think of the outcome, this "
        "isn't a 'kidnapping', it's a court case with an appeal route.",
        "الحكم مكتوب بيه اسم المسؤول Mikael Strand، مو يعني هو خطف شي. اقرو القرار قبل لا تنشرون",
    ],
)
def test_a_hostile_word_denied_or_reported_is_not_the_posts_own(detector, text):
    assert not detector.detect(text)["flagged"]


def test_the_same_hostile_word_in_the_posts_own_voice_still_counts(detector):
    text = "Robert Hägg på soc i Uppsala är en barntjuv. Han följer inga lagar."
    assert detector.detect(text)["severity"] == "medium"


def test_every_and_swedish_are_not_a_name(detector):
    text = "Every Swedish social worker who touches a Muslim child deserves what's coming to them."
    assert detector.detect(text, threat=True)["persons"] == []


def test_a_worker_named_only_in_a_private_email_address(detector):
    text = (
        "email this woman and tell her what she is: yasmin.haddad@outlook.com, she decides who "
        "gets our children"
    )
    result = detector.detect(text)
    assert result["severity"] == "high" and result["staff_ids"] == ["s07"]


@pytest.mark.parametrize(
    "text",
    [
        # namesakes with another trade, class or club
        "Dr. Fredrik Dahl's dental clinic now offers Saturday appointments 🦷 Call or text "
        "070 174 06 92.",
        "SÅLD ✨ Charmig trea på Ängsvägen 7 i Enköping. /Helena Vik, fastighetsmäklare",
        "IFK P12: Tränare Johan Ek har med sig nya bollar. Frågor till Johan på 070-174 06 44.",
        "الحلاق عمر خليل (Omar Khalil) فتح صالون جديد ب Eskilstuna centrum. للحجز 070 174 06 73",
        "Snickare Emma Söderlund har lediga tider i maj, F-skatt. 070 174 06 45",
        "Emma Söderlund håller i yinyoga varje söndag 10.00 på Rosta gård. Ta med egen matta 🧘",
        "Loppis hos Åsa Lindqvist på Solvägen 3 i Ljusdal på lördag 10-14. Frågor 070-174 06 12",
        "Eskilstuna Guif P09 bortamatch söndag. Bussen går från Tunavallen 08.15. Ledare: "
        "Per-Olof Nyström. Ring 070 174 06 43 om ni blir sena.",
        # a politician's official address: the e-mail names someone at work, not a worker
        "Kommunalrådet Petra Wennberg (M) i Örebro vill slå ihop familjehemsenheterna. Skriv till "
        "henne på petra.wennberg@orebro.se före omröstningen!",
        # office hours, events, recruitment, a council meeting streamed by the municipality
        "Barn och unga i Botkyrka: öppen mottagning tisdagar kl 13–15 på Munkhättevägen 45, "
        "147 85 Tumba. Handläggare denna vecka: Yasmin Haddad.",
        "Vill du bli familjehem? Familjehemssekreterare Anna-Karin Berg finns på biblioteket "
        "lördag kl 11–14 och svarar på frågor. Ring 070-174 06 36.",
        "Kommunfullmäktige i Eskilstuna sammanträder torsdag kl 13. Årsrapporten föredras av "
        "enhetschef Per-Olof Nyström. Sänds live på kommunens webb.",
        "Sofia Råberg från soc var med på föräldramötet på Gottsunda skola och pratade om "
        "tecken på kriminalitet.",
        "للي بدو يروح على السوسيال: العنوان Alva Myrdals gata 3، بيفتحوا الساعة ٨. رقم "
        "الاستعلامات 070-174 06 07",
        # the worker introducing herself; support; a trial where she is the victim
        "Jag heter Yasmin Haddad och jobbar som socialsekreterare i Botkyrka. Fråga mig gärna om "
        "hur en utredning går till, ring mottagningen på 070-174 06 20.",
        "Stå upp för våra socialsekreterare! Emma Söderlund och hennes kollegor på mottagningen i "
        "Örebro gör ett otroligt jobb under ständiga hot. Vi står bakom er 💪",
        "shoutout to Yasmin Haddad at Botkyrka social services for helping my mum ❤️",
        "Mannen som hotade en socialsekreterare i Örebro döms till fängelse. Målsägande: "
        "socialsekreterare Emma Söderlund. Hon vittnade om att han sagt 'jag vet var du bor'.",
        # the poster's own queue, calls, errands and complaint up the line
        "Jag står i kön på Systemet, tråkigt. Åsa Lindqvist på soc var bra mot oss förra året.",
        "Tre veckor har jag väntat på svar från Emma Söderlund på mottagningen. Jag ringer "
        "telefontiden varje dag och kommer inte fram.",
        "Min handläggare på ekonomiskt bistånd heter Emma Söderlund. Någon som vet om man kan "
        "mejla hyresavtalet istället för att gå dit?",
        "Emma Söderlund på mottagningen har glömt att boka tolk två gånger. Ska jag skriva till "
        "hennes chef eller är det dumt?",
    ],
)
def test_look_alikes_with_names_details_or_places(detector, text):
    assert not detector.detect(text)["flagged"]


@pytest.mark.parametrize(
    "text, severity",
    [
        # where a worker is right now, or lives, prays or travels, said in words
        (
            "står bakom jojje öhman i kön på systemet i birsta just nu 😂 chefen för barn och "
            "familj på soccen sundsvall",
            "critical",
        ),
        (
            "emma söderlund från soccen sitter i samma vagn som mig på tåget örebro-sthlm",
            "critical",
        ),
        ("Emma Söderlund من soc Örebro واقفة وراي بالكيو بالـ Systemet 😂", "critical"),
        (
            "Yasmin Haddad, Botkyrka welfare office, lives above the hair salon in Alby, 3rd floor",
            "critical",
        ),
        (
            "Ahmed Al-Sayed från försörjningsstöd Botkyrka ber i moskén i Fittja varje fredag. "
            "Bröder, ni vet vad ni ska säga till honom.",
            "critical",
        ),
        (
            "Jörgen Öhman, enhetschef på barn o familj i Sundsvall. Bor i en av de nya villorna "
            "uppe i Nacksta.",
            "critical",
        ),
        (
            "Jörgen Öhman, enhetschef på barn o familj i Sundsvall. Frun jobbar på Coop vid Birsta.",
            "critical",
        ),
        ("Ahmed Al-Sayed soc Botkyrka tar 4an från Fittja varje morgon typ 07.20", "critical"),
        # veiled threats and ultimatums; "I said this" is no news quote
        (
            "Sofia Råberg runs investigations in Sundsvall. She will not be safe in Sundsvall or "
            "anywhere else in Sweden.",
            "critical",
        ),
        (
            "Jörgen Öhman på soc i Sundsvall. Den dagen han står till svars är närmare än han "
            "tror.",
            "critical",
        ),
        (
            "sofia råberg soc sundsvall, det är DU som bestämmer. vi har dina uppgifter. det här "
            "slutar inte förrän du betalar",
            "critical",
        ),
        (
            "I will find you Emma Söderlund. Örebro intake unit. I will find you. Everyone who "
            "knows her tell her I said this.",
            "critical",
        ),
        # calls to contact, a private number beside the workplace
        (
            "Emma Söderlund at Örebro intake denied my family for months. Everyone who's had her "
            "should show up and demand to see her",
            "high",
        ),
        ("Yasmin Haddad مسؤولة بالسوسيال ببوتشيركا. ابعتولها رسايل كلكم لحتى تفهم", "high"),
        (
            "Yasmin Haddad jobbar på mottagningen i Botkyrka, privat: 070-174 06 21. Ring henne!",
            "high",
        ),
        # blame: sarcastic thanks, names to remember
        (
            "Tack Yasmin Haddad på mottagningen i Botkyrka för att du förstörde vår familj 🙏",
            "medium",
        ),
        ("Thanks for ruining our lives, Ahmed Al-Sayed at Botkyrka social services.", "medium"),
        (
            "shoutout to Yasmin Haddad at Botkyrka social services 🙃 for taking a 4 year old away",
            "medium",
        ),
        (
            "Botkyrka names to remember: Yasmin Haddad and Ahmed Al-Sayed (social services).",
            "medium",
        ),
        # named, nothing aimed: a podcast, and a sentence-final period that is no handle; an ad
        (
            "A good podcast episode with Sofia Råberg, a social worker in Sundsvall. Worth a "
            "listen if you only know the TikTok version.",
            "low",
        ),
        ("🏡 Just listed! Viewing Sunday. Contact your agent Emma Söderlund: 070-174 06 44", "low"),
    ],
)
def test_whereabouts_threats_calls_and_blame(detector, text, severity):
    assert detector.detect(text)["severity"] == severity
