"""The review interface over HTTP: login, roles, masking, CSRF, escaping, headers, export."""

from __future__ import annotations

import json

from sqlalchemy import select

from models.tables import AuditEvent, ReviewItem
from monitor.db import session_scope
from tests.web.conftest import DISINFO, DOXXING, HOSTILE, PASSWORD


def items_by_text(site) -> dict[str, int]:
    from models.tables import Post

    with session_scope(site.runtime.engine) as session:
        rows = session.execute(
            select(ReviewItem.id, Post.text).join(Post, Post.id == ReviewItem.post_id)
        ).all()
    return {text: item_id for item_id, text in rows}


def test_pages_need_login(site):
    response = site.client.get("/queue", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"


def test_wrong_password_and_rate_limit(site):
    token = site.csrf("/login")
    for _ in range(5):
        response = site.client.post(
            "/login", data={"username": "sakerhet", "password": "fel", "csrf": token}
        )
        assert response.status_code == 401 and "Fel användarnamn eller lösenord" in response.text
    response = site.client.post(
        "/login", data={"username": "sakerhet", "password": PASSWORD, "csrf": token}
    )
    assert response.status_code == 429 and "För många" in response.text


def test_login_form_without_csrf_is_refused(site):
    response = site.client.post("/login", data={"username": "admin", "password": PASSWORD})
    assert response.status_code == 403


def test_queue_lists_flagged_items_in_swedish(site):
    site.login("sakerhet")
    page = site.client.get("/queue")
    assert page.status_code == 200 and "Granskningskö" in page.text
    assert "LVU-desinformation" in page.text and "Doxning" in page.text


def test_communications_sees_doxxing_masked_and_the_view_is_audited(site):
    item_id = items_by_text(site)[DOXXING]
    site.login("kommunikator")
    page = site.client.get(f"/items/{item_id}").text
    assert "Norrbackagatan 14B" not in page and "070-174 06 23" not in page
    assert "[dold: hemadress]" in page and "Personuppgifter är dolda" in page
    queue = site.client.get("/queue").text
    assert "Norrbackagatan" not in queue
    export = site.client.get("/queue.jsonl").text
    assert "Norrbackagatan" not in export and "070-174 06 23" not in export
    with session_scope(site.runtime.engine) as session:
        actions = (
            session.execute(select(AuditEvent.action).where(AuditEvent.item_id == item_id))
            .scalars()
            .all()
        )
    assert "view_masked" in actions


def test_security_sees_doxxing_in_full(site):
    item_id = items_by_text(site)[DOXXING]
    site.login("sakerhet")
    page = site.client.get(f"/items/{item_id}").text
    assert "Norrbackagatan 14B" in page and '<mark class="hl-pii"' in page
    with session_scope(site.runtime.engine) as session:
        assert (
            "view_full"
            in session.execute(select(AuditEvent.action).where(AuditEvent.item_id == item_id))
            .scalars()
            .all()
        )


def test_hostile_post_is_escaped(site):
    item_id = items_by_text(site)[HOSTILE]
    site.login("sakerhet")
    for path in (f"/items/{item_id}", "/queue"):
        page = site.client.get(path).text
        assert "<script>document" not in page and "<img src=x" not in page
        assert "&lt;script&gt;" in page
        assert 'href="javascript:' not in page


def test_security_headers(site):
    response = site.client.get("/login")
    policy = response.headers["content-security-policy"]
    assert (
        "default-src 'none'" in policy
        and "script-src 'self'" in policy
        and "frame-ancestors 'none'" in policy
    )
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


def test_confirm_dismiss_and_workflow_rules(site):
    items = items_by_text(site)
    site.login("kommunikator")
    token = site.csrf()
    disinfo = items[DISINFO]
    response = site.client.post(
        f"/items/{disinfo}/status", data={"to": "confirmed", "csrf": token}, follow_redirects=False
    )
    assert response.status_code == 303
    # Dismissing needs a reason.
    hostile = items[HOSTILE]
    response = site.client.post(f"/items/{hostile}/status", data={"to": "dismissed", "csrf": token})
    assert response.status_code == 409 and "skäl" in response.text
    response = site.client.post(
        f"/items/{hostile}/status",
        data={"to": "dismissed", "note": "satir", "csrf": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    # A forged form without the token changes nothing.
    response = site.client.post(f"/items/{items[DOXXING]}/status", data={"to": "escalated"})
    assert response.status_code == 403
    with session_scope(site.runtime.engine) as session:
        statuses = {item.id: item.status for item in session.execute(select(ReviewItem)).scalars()}
        history = (
            session.execute(
                select(AuditEvent).where(
                    AuditEvent.item_id == hostile, AuditEvent.action == "status"
                )
            )
            .scalars()
            .all()
        )
    assert (
        statuses[disinfo] == "confirmed"
        and statuses[hostile] == "dismissed"
        and statuses[items[DOXXING]] == "new"
    )
    assert history[0].actor == "kommunikator" and history[0].note == "satir"


def test_bulk_confirm_and_filters(site):
    items = items_by_text(site)
    site.login("admin")
    token = site.csrf()
    response = site.client.post(
        "/queue/bulk",
        data={"action": "confirm", "item": [items[DISINFO], items[HOSTILE]], "csrf": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    confirmed = site.client.get("/queue?status=confirmed").text
    assert "2 ärenden" in confirmed
    only_doxxing = site.client.get("/queue?label=doxxing&status=all").text
    assert "1 ärenden" in only_doxxing
    search = site.client.get("/queue?status=all&q=amiras").text
    assert "Amiras" in search and "1 ärenden" in search


def test_csv_export_defuses_formulas(site):
    from tests.web.conftest import ingest

    ingest(
        site.runtime, '=HYPERLINK("http://evil") socialtjänsten kidnappar muslimska barn, sprid!!'
    )
    site.login("admin")
    export = site.client.get("/queue.csv?status=all").text
    assert "'=HYPERLINK" in export
    lines = site.client.get("/queue.jsonl?status=all").text.splitlines()
    assert all(json.loads(line)["item_id"] for line in lines)


def test_must_change_one_time_password(site):
    from models.enums import Role
    from monitor.users import add_user

    add_user(
        site.runtime.engine, "ny", Role.COMMUNICATIONS, "engangslosenord-123", must_change=True
    )
    site.login("ny", "engangslosenord-123")
    assert site.client.get("/queue", follow_redirects=False).headers["location"] == "/password"
    token = site.csrf("/password")
    response = site.client.post(
        "/password",
        data={
            "current": "engangslosenord-123",
            "new": "mitt-nya-lösenord-42",
            "repeat": "mitt-nya-lösenord-42",
            "csrf": token,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert site.client.get("/queue").status_code == 200
