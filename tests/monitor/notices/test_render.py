"""Notice texts: every reason × platform × language is a complete DSA article 16 notice, and each
cites only the grounds its facts support (domain.md section 3)."""

from __future__ import annotations

import email
import re
from email import policy

import pytest

from monitor.config import ConfigError, parse_config
from monitor.notices.facts import REASONS, Facts, NoticeError, facts_from_result, grounds
from monitor.notices.platforms import LANGS, PlatformTable, PlatformTableError
from monitor.notices.render import (
    NoticeTemplates,
    Organisation,
    as_eml,
    clean_urls,
    missing_elements,
)

ORG = Organisation(
    "Sundsvalls kommun", "Kommunikationsavdelningen", "kommunikation@sundsvall.example"
)
TABLE = PlatformTable.load()
TEMPLATES = NoticeTemplates()
URL = "https://example.org/post/42"
COPY = "https://example.org/post/43"
GOOD_FAITH = {
    "sv": "Vi intygar i god tro att informationen och påståendena i denna anmälan är korrekta och fullständiga.",
    "en": "We confirm in good faith that the information and allegations in this notice are accurate and complete.",
}
EXPLANATION = {"sv": "3. Motivering", "en": "3. Explanation"}
NOT_A_CRIME = {
    "sv": "Vi gör inte gällande att innehållet är olagligt.",
    "en": "We do not claim that the content is illegal.",
}
# A post that exposes a social worker: what the doxxing detector and the threat model stored
# for tests/web/conftest.py's DOXXING text (spans dropped).
STORED_DOXXING = {
    "lvu_disinfo": {"score": 0.0008, "flagged": False},
    "threat": {"score": 0.59, "flagged": True, "evidence": ["Hon bor"]},
    "doxxing": {
        "score": 0.99,
        "flagged": True,
        "severity": "critical",
        "staff_ids": ["s01"],
        "pii": [
            {"kind": "routine", "start": 91, "end": 112},
            {"kind": "address", "start": 98, "end": 134},
            {"kind": "call_to_contact", "start": 136, "end": 146},
            {"kind": "phone", "start": 150, "end": 163},
        ],
        "persons": [{"name_span": [34, 47], "staff_id": "s01", "role": "socialsekreterare"}],
        "reasons": ["named staff with role", "home address", "private phone number", "threat"],
    },
}
RICH = Facts(
    person_identified=True,
    staff_in_role=True,
    detail_kinds=["address", "phone", "school"],
    threat=True,
    veiled_or_family_threat=True,
    call_to_action=True,
    repeated=True,
    grave_defamation=True,
    coordinated=True,
    copies=12,
    accounts=5,
    narratives=["kidnapping", "muslims", "business", "call_to_act"],
    police_report="5000-K123456-26",
)
CRIME_WORDS = (
    "brottsbalken",
    "BrB",
    "kap.",
    "olaga",
    "förtal",
    "uppvigling",
    "tjänsteman",
    "artikel 18",
    "Criminal Code",
    "offence",
    "defamation",
    "Article 18",
    "chapter",
)


def render(reason: str, platform: str, lang: str, facts: Facts = RICH, urls=(URL, COPY)):
    return TEMPLATES.render(
        reason=reason,
        lang=lang,
        urls=list(urls),
        platform=TABLE.get(platform, lang, urls[0]),
        org=ORG,
        facts=facts,
    )


def explanation_of(body: str, lang: str) -> str:
    start = body.index(EXPLANATION[lang])
    return body[start : body.index("\n4. ", start)]


def test_the_table_has_every_platform_the_issue_names():
    assert set(TABLE.keys) >= {
        "facebook",
        "instagram",
        "tiktok",
        "youtube",
        "x",
        "telegram",
        "reddit",
        "bluesky",
        "mastodon",
        "flashback",
        "web",
    }
    for key in TABLE.keys:
        platform = TABLE.get(key, "sv", URL)
        assert platform.channel and platform.report_url, key
        assert "{" not in platform.name + platform.channel + platform.report_url, key


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("platform", TABLE.keys)
@pytest.mark.parametrize("reason", REASONS)
def test_every_notice_has_the_four_dsa_elements(reason, platform, lang):
    notice = render(reason, platform, lang)
    body = notice.body
    # (b) the exact location: every URL, each on its own line
    assert f"\n{URL}\n" in body and f"\n{COPY}\n" in body
    # (a) a substantiated explanation: the section exists and says something specific
    explanation = explanation_of(body, lang)
    paragraphs = [p for p in explanation.split("\n")[1:] if len(p) > 80]
    assert paragraphs, explanation
    assert notice.grounds
    # (c) the notifier's name and e-mail address
    assert ORG.notifier_name in body and ORG.notifier_email in body
    # (d) the good-faith statement, word for word
    assert GOOD_FAITH[lang] in body
    assert missing_elements(body, [URL, COPY], ORG, lang) == []
    assert TABLE.get(platform, lang, URL).name in body
    assert URL in notice.subject
    assert "{{" not in body and "{%" not in body and "  " not in body


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("platform", TABLE.keys)
def test_disinformation_cites_a_platform_rule_and_claims_no_crime(platform, lang):
    notice = render("disinformation", platform, lang)
    assert all(g.startswith("rule_") for g in notice.grounds)
    assert not notice.legal
    body = notice.body
    for word in CRIME_WORDS:
        assert word not in body, (word, platform, lang)
    assert NOT_A_CRIME[lang] in body
    assert "16.2" not in body and "16(2)" not in body  # it is not an illegal-content notice
    rules = TABLE.get(platform, lang, URL).rules
    if rules["misinformation"]:
        assert rules["misinformation"] in body
    else:  # no such rule: the notice asks for an assessment and the reviewer is warned
        assert notice.warnings


@pytest.mark.parametrize("lang", LANGS)
def test_a_home_address_alone_is_not_olaga_integritetsintrang(lang):
    facts = facts_from_result(
        {
            "doxxing": {
                "flagged": True,
                "staff_ids": [],
                "persons": [{"staff_id": None, "role": None}],
                "pii": [{"kind": "address"}],
            }
        }
    )
    assert facts.detail_kinds == ["address"] and facts.sensitive_kinds == []
    notice = render("doxxing", "facebook", lang, facts, urls=[URL])
    assert notice.grounds == ["rule_private_info"]
    for text in ("6 c", "integritetsintrång", "olaga", "Criminal Code"):
        assert text not in notice.body
    assert ("hemadress" if lang == "sv" else "home address") in notice.body
    assert not notice.legal and "ILLEGAL" not in notice.body and "OLAGLIGT" not in notice.body
    assert any("hemadress" in w for w in notice.warnings)


def test_4_6_c_needs_a_category_it_covers():
    with_address_phone_personnummer = Facts(
        person_identified=True, detail_kinds=["address", "phone", "personnummer", "family"]
    )
    assert "brb_4_6c" not in grounds("doxxing", with_address_phone_personnummer, {})
    health = Facts(person_identified=True, detail_kinds=["address"], sensitive_kinds=["health"])
    assert "brb_4_6c" in grounds("doxxing", health, {"private_info": "x"})
    body = render("doxxing", "x", "sv", health, urls=[URL]).body
    assert "olaga integritetsintrång (4 kap. 6 c § brottsbalken)" in body
    assert "personens hälsa" in body


def test_grounds_follow_the_facts():
    rules = TABLE.get("x", "sv", URL).rules
    base = Facts(person_identified=True, detail_kinds=["address"])
    assert grounds("doxxing", base, rules) == ["rule_private_info"]
    call = Facts(person_identified=True, call_to_action=True)
    assert grounds("doxxing", call, rules) == ["rule_private_info", "rule_harassment", "brb_16_5"]
    repeated = Facts(person_identified=True, repeated=True)
    assert "brb_4_4b" in grounds("doxxing", repeated, rules)
    in_role = Facts(person_identified=True, staff_in_role=True)
    assert grounds("doxxing", in_role, rules) == ["rule_private_info", "brb_17_attack"]
    threatened = Facts(person_identified=True, staff_in_role=True, threat=True)
    assert grounds("doxxing", threatened, rules)[-3:] == ["brb_4_5", "brb_17_1", "dsa_18"]
    # a threat notice always cites olaga hot and article 18; hot mot tjänsteman needs the role
    assert grounds("threat", Facts(), rules) == ["rule_violence", "brb_4_5", "dsa_18"]
    assert "brb_17_1" in grounds("threat", Facts(staff_in_role=True), rules)
    assert grounds("defamation", Facts(person_identified=True), rules) == [
        "brb_5_1",
        "rule_harassment",
    ]
    assert "brb_5_2" in grounds(
        "defamation", Facts(person_identified=True, grave_defamation=True), rules
    )
    # X has no misinformation rule: only coordinated spreading gives it a rule to apply
    assert grounds("disinformation", Facts(), rules) == ["rule_terms"]
    assert grounds("disinformation", Facts(coordinated=True), rules) == ["rule_inauthentic"]
    meta = TABLE.get("facebook", "sv", URL).rules
    assert grounds("disinformation", RICH, meta) == ["rule_misinformation", "rule_inauthentic"]


def test_no_notice_without_the_facts_it_needs():
    with pytest.raises(NoticeError, match="Förtal förutsätter"):
        render("defamation", "x", "sv", Facts())
    with pytest.raises(NoticeError, match="identifieras"):
        render("doxxing", "x", "sv", Facts(detail_kinds=["address"]))
    with pytest.raises(NoticeError, match="webbadress"):
        render("threat", "x", "sv", RICH, urls=["javascript:alert(1)"])


@pytest.mark.parametrize("lang", LANGS)
def test_a_threat_notice_invokes_article_18_and_the_police_report(lang):
    body = render("threat", "tiktok", lang).body
    if lang == "sv":
        assert "Enligt artikel 18 DSA ska ni då omedelbart underrätta" in body
        assert "olaga hot (4 kap. 5 § brottsbalken)" in body
        assert "våld eller hot mot tjänsteman (17 kap. 1 § brottsbalken)" in body
        assert "förtäckta hot och hot mot tjänstemannens närstående" in body
    else:
        assert "Under Article 18 DSA you must promptly inform" in body
        assert "olaga hot, Swedish Criminal Code, chapter 4, section 5" in body
    assert "5000-K123456-26" in body
    plain = render("threat", "tiktok", lang, Facts(threat=True), urls=[URL]).body
    assert "17 kap" not in plain and "chapter 17" not in plain  # no official identified


def test_facts_from_a_stored_classification():
    facts = facts_from_result(STORED_DOXXING, copies=3, accounts=2, same_sender_items=1)
    assert facts.person_identified and facts.staff_in_role and facts.threat
    assert facts.detail_kinds == ["address", "phone", "routine"]
    assert facts.call_to_action and facts.repeated and facts.coordinated
    assert facts.sensitive_kinds == []  # never guessed: only a reviewer sets these
    body = render("doxxing", "telegram", "sv", facts, urls=[URL]).body
    assert "hemadress, telefonnummer och dagliga rutiner" in body
    assert "uppvigling (16 kap. 5 § brottsbalken)" in body
    assert "olaga förföljelse (4 kap. 4 b § brottsbalken)" in body
    assert "6 c" not in body
    alone = facts_from_result(STORED_DOXXING)
    assert not alone.repeated and not alone.coordinated


def test_urls_are_the_only_post_text_and_are_checked():
    assert clean_urls(
        [
            URL,
            URL,
            "javascript:alert(1)",
            "https://evil.example/\nBcc: x@y",
            "https://a.example/" + "x" * 3000,
            " https://b.example/p?q=1 ",
        ]
    ) == [URL, "https://b.example/p?q=1"]


def test_an_admin_overrides_templates_and_the_platform_table(tmp_path):
    (tmp_path / "doxxing.sv.txt.j2").write_text(
        "EGEN MALL {{ urls[0] }} {{ org.notifier_name }} {{ org.notifier_email }}\n"
        "Motivering: {{ grounds|join(',') }}\nVi intygar i god tro.\n",
        encoding="utf-8",
    )
    table = (TABLE.source.read_text(encoding="utf-8")).replace("name: X\n", "name: X (Twitter)\n")
    (tmp_path / "platforms.yaml").write_text(table, encoding="utf-8")
    templates, own_table = NoticeTemplates(tmp_path), PlatformTable.load(tmp_path)
    assert own_table.get("x", "sv", URL).name == "X (Twitter)"
    notice = templates.render(
        reason="doxxing",
        lang="sv",
        urls=[URL],
        platform=own_table.get("x", "sv", URL),
        org=ORG,
        facts=Facts(person_identified=True),
    )
    assert notice.body.startswith("EGEN MALL https://example.org/post/42")
    assert missing_elements(notice.body, [URL], ORG, "sv") == []
    # the other templates still come from the install
    threat = templates.render(
        reason="threat",
        lang="en",
        urls=[URL],
        platform=own_table.get("x", "en", URL),
        org=ORG,
        facts=Facts(),
    )
    assert "NOTICE OF ILLEGAL CONTENT" in threat.body


def test_templates_run_in_a_sandbox_and_bad_tables_are_named(tmp_path):
    (tmp_path / "threat.sv.txt.j2").write_text("{{ ''.__class__.__mro__ }}", encoding="utf-8")
    with pytest.raises(NoticeError, match="Mallen"):
        NoticeTemplates(tmp_path).render(
            reason="threat",
            lang="sv",
            urls=[URL],
            platform=TABLE.get("x", "sv", URL),
            org=ORG,
            facts=Facts(),
        )
    (tmp_path / "platforms.yaml").write_text("x: {name: X, channel: c, colour: blue}\n")
    with pytest.raises(PlatformTableError, match="platforms.yaml: x: colour"):
        PlatformTable.load(tmp_path)


def test_template_dir_is_checked_at_start(tmp_path):
    with pytest.raises(ConfigError, match=r"config.yaml:2: notices.template_dir: no such folder"):
        parse_config("notices:\n  template_dir: nowhere\n", base_dir=tmp_path)
    (tmp_path / "mallar").mkdir()
    settings = parse_config(
        "notices: {template_dir: mallar, recheck_every: 2h}\n", base_dir=tmp_path
    )
    assert settings.notices.template_dir == str(tmp_path / "mallar")
    assert settings.notices.recheck_every.total_seconds() == 7200


def test_missing_elements_names_what_an_edit_removed():
    body = render("doxxing", "reddit", "sv").body
    edited = body.replace(GOOD_FAITH["sv"], "").replace(ORG.notifier_email, "")
    assert missing_elements(edited, [URL, COPY], ORG, "sv") == [
        "anmälarens e-postadress",
        "intygandet i god tro",
    ]
    assert "innehållets exakta adress (URL)" in missing_elements(
        body.replace(COPY, ""), [URL, COPY], ORG, "sv"
    )


def test_eml_is_an_rfc_5322_message_to_the_abuse_address():
    notice = render("threat", "telegram", "en")
    raw = as_eml(notice.body, notice.subject + "\nBcc: evil@example.com", ORG, "abuse@telegram.org")
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["To"] == "abuse@telegram.org"
    assert message["From"] == "Kommunikationsavdelningen <kommunikation@sundsvall.example>"
    assert message["Bcc"] is None and URL in message["Subject"]
    assert message["X-Unsent"] == "1" and message["Message-ID"].endswith("@sundsvall.example>")
    assert message.get_content().replace("\r\n", "\n") == notice.body
    assert b"\r\n" in raw and re.search(rb"^Date: ", raw, re.M)
    no_to = email.message_from_bytes(as_eml(notice.body, "s", ORG, None), policy=policy.default)
    assert no_to["To"] is None
    bad = email.message_from_bytes(
        as_eml(notice.body, "s", ORG, "a@b\nBcc: c@d.se"), policy=policy.default
    )
    assert bad["To"] is None and bad["Bcc"] is None
