"""Takedown notices in the review UI: create from a confirmed item, edit, copy, download, mark
sent (the item moves to notice_sent), record the outcome, and the overview of removal times."""

from __future__ import annotations

import email
import re
from datetime import UTC, datetime, timedelta
from email import policy
from html import unescape

from sqlalchemy import select

from models.tables import AuditEvent, ReviewItem, TakedownNotice
from monitor.db import session_scope
from monitor.web.notice_routes import _tz
from tests.web.conftest import DISINFO, DOXXING
from tests.web.test_web import items_by_text

EXPOSED = (
    "Norrbackagatan",
    "14B",
    "852 35",
    "070-174 06 23",
    "Åsa Lindqvist",
    "Lindqvist",
    "Amira",
)


def textarea(html: str) -> str:
    return unescape(
        re.search(r'<textarea id="notice-body"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    )


def status_of(site, item_id: int) -> str:
    with session_scope(site.runtime.engine) as session:
        return session.get(ReviewItem, item_id).status


def test_notice_from_a_confirmed_doxxing_item_to_sent(site):
    item_id = items_by_text(site)[DOXXING]
    site.login("sakerhet")
    token = site.csrf()
    page = site.client.get(f"/items/{item_id}").text
    assert "Bekräfta ärendet för att kunna skapa en anmälan" in page
    refused = site.client.post(
        f"/items/{item_id}/notices",
        data={"reason": "doxxing", "platform": "telegram", "lang": "sv", "csrf": token},
    )
    assert refused.status_code == 409 and "Bekräfta ärendet" in refused.text

    site.client.post(f"/items/{item_id}/status", data={"to": "confirmed", "csrf": token})
    page = site.client.get(f"/items/{item_id}").text
    form = page[page.index('id="create-notice"') :]
    assert (
        '<option value="doxxing" selected>' in form and '<option value="telegram" selected>' in form
    )
    assert "Anmälningar</a>" in page  # the nav links the overview

    # Without the form token nothing is made
    assert (
        site.client.post(
            f"/items/{item_id}/notices",
            data={"reason": "doxxing", "platform": "telegram", "lang": "sv"},
        ).status_code
        == 403
    )
    created = site.client.post(
        f"/items/{item_id}/notices",
        data={"reason": "doxxing", "platform": "telegram", "lang": "sv", "csrf": token},
        follow_redirects=False,
    )
    assert created.status_code == 303
    notice_url = created.headers["location"]
    notice_id = int(notice_url.rsplit("/", 1)[1])
    edit = site.client.get(notice_url).text
    body = textarea(edit)
    assert "https://t.me/kanal/0" in body and "Kommunikationsavdelningen" in body
    assert "kommunikation@example.se" in body and "i god tro" in body
    assert "hemadress" in body and "telefonnummer" in body
    for detail in EXPOSED:  # notices get forwarded: the details are described, never repeated
        assert detail not in body
    assert "uppvigling (16 kap. 5 § brottsbalken)" in body  # "ring henne dag och natt"
    assert "6 c" not in body  # a home address is not olaga integritetsintrång
    assert "Uppvigling, BrB 16 kap. 5 §" in edit and "abuse@telegram.org" in edit
    assert '<script src="/static/notices.js" defer></script>' in edit
    assert not re.search(r"<script(?![^>]*\bsrc=)", edit)  # no inline script (CSP)
    assert site.client.get("/static/notices.js").status_code == 200

    # Edit: saved; removing the good-faith statement is flagged
    edited = body.replace(
        "Vi intygar i god tro att informationen och påståendena i denna anmälan är korrekta och fullständiga.",
        "",
    )
    site.client.post(
        notice_url, data={"body": edited + "\nTillägg från granskaren.", "csrf": token}
    )
    edit = site.client.get(notice_url).text
    assert "Tillägg från granskaren." in textarea(edit)
    assert "Anmälan saknar: intygandet i god tro" in edit
    site.client.post(notice_url, data={"body": body, "csrf": token})
    assert "Anmälan saknar" not in site.client.get(notice_url).text

    # Regenerate with a reviewer's facts: a health detail brings in 4:6 c, no call drops uppvigling
    site.client.post(
        f"{notice_url}/regenerate",
        data={
            "csrf": token,
            "lang": "en",
            "person_identified": "on",
            "staff_in_role": "on",
            "detail_kinds": ["address"],
            "sensitive_kinds": ["health"],
            "police_report": "5000-K1-26",
        },
    )
    body = textarea(site.client.get(notice_url).text)
    assert "chapter 4, section 6 c" in body and "uppvigling" not in body
    assert "NOTICE OF ILLEGAL CONTENT" in body and "the person's health" in body

    # Downloads
    text = site.client.get(f"/notices/{notice_id}.txt")
    assert text.headers["content-type"].startswith("text/plain")
    assert "attachment" in text.headers["content-disposition"] and text.text == body
    eml = site.client.get(f"/notices/{notice_id}.eml")
    assert eml.headers["content-type"].startswith("message/rfc822")
    message = email.message_from_bytes(eml.content, policy=policy.default)
    assert message["To"] == "abuse@telegram.org"
    assert message["From"] == "Kommunikationsavdelningen <kommunikation@example.se>"
    assert "https://t.me/kanal/0" in message["Subject"]
    assert message.get_content().replace("\r\n", "\n") == body
    other = email.message_from_bytes(
        site.client.get(f"/notices/{notice_id}.eml?to=abuse@host.example").content,
        policy=policy.default,
    )
    assert other["To"] == "abuse@host.example"
    assert (
        site.client.get(
            f"/notices/{notice_id}.eml", params={"to": "x@y\r\nBcc: z@w.se"}
        ).status_code
        == 400
    )

    # Mark as sent: the item moves to notice_sent, the text is locked
    sent = site.client.post(
        f"{notice_url}/sent",
        data={
            "day": "2026-01-05",
            "clock": "09:30",
            "channel": "abuse@telegram.org",
            "csrf": token,
        },
        follow_redirects=False,
    )
    assert sent.status_code == 303 and sent.headers["location"] == f"/items/{item_id}"
    assert status_of(site, item_id) == "notice_sent"
    with session_scope(site.runtime.engine) as session:
        notice = session.get(TakedownNotice, notice_id)
        events = (
            session.execute(select(AuditEvent).where(AuditEvent.item_id == item_id)).scalars().all()
        )
    assert notice.outcome == "pending" and notice.channel == "abuse@telegram.org"
    assert notice.sent_at.replace(tzinfo=UTC) == datetime(
        2026, 1, 5, 8, 30, tzinfo=UTC
    )  # 09:30 in Stockholm
    actions = [e.action for e in events]
    assert (
        "notice_created" in actions
        and "notice_edited" in actions
        and "notice_regenerated" in actions
    )
    assert any(
        e.to_status == "notice_sent" and "skickad via abuse@telegram.org" in e.note for e in events
    )
    assert site.client.post(notice_url, data={"body": "ändrat", "csrf": token}).status_code == 409
    assert (
        site.client.post(f"{notice_url}/sent", data={"channel": "igen", "csrf": token}).status_code
        == 409
    )
    item_page = site.client.get(f"/items/{item_id}").text
    assert "Anmälan skickad" in item_page or "Anmäld" in item_page
    assert f'/notices/{notice_id}"' in item_page and "Skickad, väntar" in item_page


def test_outcomes_and_the_overview_show_removal_times(site):
    items = items_by_text(site)
    site.login("kommunikator")
    token = site.csrf()
    disinfo = items[DISINFO]
    site.client.post(f"/items/{disinfo}/status", data={"to": "confirmed", "csrf": token})
    created = site.client.post(
        f"/items/{disinfo}/notices",
        data={"reason": "disinformation", "platform": "x", "lang": "en", "csrf": token},
        follow_redirects=False,
    )
    notice_url = created.headers["location"]
    edit = site.client.get(notice_url).text
    body = textarea(edit)
    assert "We do not claim that the content is illegal." in body
    assert "Criminal Code" not in body and "Article 18" not in body
    assert "ingen uttrycklig regel mot desinformation" in edit  # X has no such rule: warned
    local = datetime.now(UTC).astimezone(_tz()) - timedelta(days=2, hours=3)
    site.client.post(
        f"{notice_url}/sent",
        data={
            "day": local.strftime("%Y-%m-%d"),
            "clock": local.strftime("%H:%M"),
            "channel": "X DSA-formulär",
            "csrf": token,
        },
    )
    assert status_of(site, disinfo) == "notice_sent"
    overview = site.client.get("/notices").text
    assert "Anmälningar till plattformar" in overview and "Skickad, väntar" in overview
    # The platform answers: removed, by a reviewer's hand this time
    site.client.post(f"{notice_url}/outcome", data={"to": "removed", "csrf": token})
    assert status_of(site, disinfo) == "removed"
    page = site.client.get(notice_url).text
    assert re.search(r'id="notice-removal">2 d 3 h<', page), page
    overview = site.client.get("/notices").text
    row = re.search(r"<tr><td>X</td>(.*?)</tr>", overview, re.S).group(1)
    assert "<td>1</td>" in row and "100 %" in row and "2 d 3 h" in row
    assert "2 d 3 h" in overview.split('id="notice-list"')[1]
    # A reinstated post: still online again, and removal time cleared
    site.client.post(f"{notice_url}/outcome", data={"to": "still_online", "csrf": token})
    assert status_of(site, disinfo) == "still_online"
    assert "Ligger kvar" in site.client.get("/notices").text
