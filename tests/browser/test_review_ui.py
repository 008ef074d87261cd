"""The review interface in a real browser: queue work, roles and masking, hostile posts."""

from __future__ import annotations

from sqlalchemy import select

from models.tables import Post, ReviewItem
from monitor.db import session_scope
from tests.browser.conftest import DOCS, login
from tests.web.conftest import DOXXING, HOSTILE, ingest


def item_id(runtime, text: str) -> int:
    with session_scope(runtime.engine) as session:
        return session.execute(
            select(ReviewItem.id).join(Post, Post.id == ReviewItem.post_id).where(Post.text == text)
        ).scalar_one()


def status_of(runtime, item: int) -> str:
    with session_scope(runtime.engine) as session:
        return session.get(ReviewItem, item).status


def test_work_through_queue_confirm_dismiss_escalate_filter(server, browser):
    base, runtime = server
    page = login(browser, base, "kommunikator")
    rows = page.locator("tr.row")
    assert rows.count() == 3
    page.screenshot(path=str(DOCS / "queue.png"), full_page=True)

    # Keyboard: the first row is the newest (the hostile post); confirm it with "c".
    first = int(rows.first.get_attribute("data-item"))
    with page.expect_navigation():
        page.keyboard.press("c")
    assert status_of(runtime, first) == "confirmed"

    # Dismiss the next one with "d" and a reason typed into the prompt.
    page.once("dialog", lambda dialog: dialog.accept("nyhetsartikel, inte desinformation"))
    second = int(page.locator("tr.row").first.get_attribute("data-item"))
    with page.expect_navigation():
        page.keyboard.press("d")
    assert status_of(runtime, second) == "dismissed"

    # Escalate the doxxing item from its page.
    doxxing = item_id(runtime, DOXXING)
    page.goto(f"{base}/items/{doxxing}")
    with page.expect_navigation():
        page.click("#action-escalated")
    assert status_of(runtime, doxxing) == "escalated"
    assert "Eskalerad" in page.locator("#status").inner_text()

    # Filter: only disinformation among all statuses.
    page.goto(base + "/queue?status=all")
    page.select_option("select[name=label]", "doxxing")
    with page.expect_navigation():
        page.click("#filters button[type=submit]")
    assert page.locator("tr.row").count() == 1


def test_doxxing_item_masked_for_communications_full_for_security(server, browser):
    base, runtime = server
    doxxing = item_id(runtime, DOXXING)
    communications = login(browser, base, "kommunikator")
    communications.goto(f"{base}/items/{doxxing}")
    text = communications.locator("#post-text").inner_text()
    assert (
        "Norrbackagatan" not in text and "070-174 06 23" not in text and "[dold: hemadress]" in text
    )
    communications.screenshot(path=str(DOCS / "item-masked.png"), full_page=True)

    security = login(browser, base, "sakerhet")
    security.goto(f"{base}/items/{doxxing}")
    text = security.locator("#post-text").inner_text()
    assert "Norrbackagatan 14B" in text and "070-174 06 23" in text
    assert security.locator("mark.hl-pii").count() >= 2
    security.screenshot(path=str(DOCS / "item.png"), full_page=True)


def test_hostile_post_runs_no_script(server, browser):
    base, runtime = server
    hostile = item_id(runtime, HOSTILE)
    page = login(browser, base, "sakerhet")
    dialogs, errors = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    for path in (f"/items/{hostile}", "/queue"):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        assert page.title() != "pwned"
    assert dialogs == [] and errors == []
    assert page.locator("img[src=x]").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0


def test_clear_fifty_items_with_the_keyboard_alone(server, browser):
    base, runtime = server
    ingest(
        runtime,
        *[f"Soc kidnappar muslimska barn, sprid innan det raderas! Inlägg {n}" for n in range(50)],
        platform="x",
    )
    with session_scope(runtime.engine) as session:
        queued = session.execute(select(ReviewItem.id).where(ReviewItem.platform == "x")).all()
    assert len(queued) == 50
    page = login(browser, base, "kommunikator")
    page.goto(base + "/queue?platform=x")
    for _ in range(50):
        with page.expect_navigation():
            page.keyboard.press("c")
    with session_scope(runtime.engine) as session:
        open_items = session.execute(
            select(ReviewItem.id).where(ReviewItem.platform == "x", ReviewItem.status == "new")
        ).all()
    assert open_items == []
