"""Takedown notices in a real browser against `socialvakt run`: create, copy (the script runs
under the Content-Security-Policy), mark as sent."""

from __future__ import annotations

from tests.browser.conftest import DOCS, login
from tests.browser.test_review_ui import item_id, status_of
from tests.web.conftest import DOXXING


def test_create_copy_and_send_a_notice(server, browser):
    base, runtime = server
    page = login(browser, base, "sakerhet")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )

    doxxing = item_id(runtime, DOXXING)
    page.goto(f"{base}/items/{doxxing}")
    with page.expect_navigation():
        page.click("#action-confirmed")
    assert page.locator("#create-notice select[name=platform]").input_value() == "telegram"
    page.select_option("#create-notice select[name=lang]", "sv")
    with page.expect_navigation():
        page.click("#action-create-notice")
    body = page.locator("#notice-body").input_value()
    assert "https://t.me/kanal/0" in body and "Norrbackagatan" not in body
    page.screenshot(path=str(DOCS / "notice.png"), full_page=True)

    page.click("#copy-notice")
    page.wait_for_function("document.getElementById('copy-status').textContent.length > 0")
    assert page.locator("#copy-status").inner_text() == "Kopierad."
    assert page.evaluate("navigator.clipboard.readText()") == body

    with page.expect_navigation():
        page.click("#sent-form button[type=submit]")
    assert status_of(runtime, doxxing) == "notice_sent"
    assert "Skickad, väntar" in page.locator("#notices").inner_text()
    assert not [e for e in errors if "Content Security Policy" in e], errors
