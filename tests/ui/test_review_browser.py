"""A reviewer's walk through the review pages in real Chromium (sync Playwright, one shared
`serve`): login, the queue, a scanned page with the flag's box, the effect preview, a reject that
flips the verdict, the audit trail, a second reviewer seeing the packet held, a portal token
refused, `<script>` shown as text, logout."""

from __future__ import annotations

from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.ui.conftest import PASSWORD, XSS_NAME, UiService


def _login(page: Page, base: str, name: str) -> None:
    page.goto(f"{base}/review")
    expect(page).to_have_url(f"{base}/review/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(f"{base}/review")


def test_reviewer_walk(page: Page, browser: Browser, ui_service: UiService, screenshots: Path | None) -> None:
    base = ui_service.base
    # a wrong password is refused
    page.goto(f"{base}/review/login")
    page.fill("input[name=name]", "alice")
    page.fill("input[name=password]", "wrong")
    page.click("button[type=submit]")
    expect(page.locator(".error")).to_contain_text("wrong name or password")

    _login(page, base, "alice")
    rows = page.locator("table.queue tbody tr")
    expect(rows).to_have_count(2)
    # the enterprise name holding <script> is shown as text and never runs
    expect(page.locator(f"tr[data-packet='{ui_service.digital}']")).to_contain_text(XSS_NAME)
    assert page.evaluate("window.__xss") is None
    if screenshots:
        page.screenshot(path=str(screenshots / "review-queue.png"), full_page=True)

    # the scanned packet: the NETWORK flag's box drawn on its page image, thumbnails marked
    page.click(f"a[href='/review/packets/{ui_service.scanned}']")
    page.click("nav.flags a:has-text('NETWORK_DATA_INSUFFICIENT')")
    box = page.locator(".page .box").first
    expect(box).to_be_visible()
    size = box.bounding_box()
    assert size and size["width"] > 5 and size["height"] > 3
    expect(page.locator(".thumb.flagged").first).to_be_visible()
    if screenshots:
        page.screenshot(path=str(screenshots / "review-flag.png"), full_page=True)

    # the digital packet: the effect preview, then a reject that flips the verdict
    page.goto(f"{base}/review/packets/{ui_service.digital}")
    expect(page.locator("#verdict")).to_have_text("未达标")
    expect(page.locator("#held")).to_contain_text("held by alice")
    page.click("nav.flags a:has-text('NETWORK_DATA_INSUFFICIENT')")
    # the cited spreadsheet row with its header and neighbours
    expect(page.locator("table.rows tr.cited").first).to_be_visible()
    assert page.locator("table.rows").first.locator("tbody tr").count() > 1
    expect(page.locator(".effects li[data-action=reject]")).to_contain_text("this changes the verdict from 未达标 to 达标")
    page.fill("#comment", "现场核实：该设备已联网")
    page.keyboard.press("Escape")
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("r")  # the keyboard shortcut for reject
    expect(page.locator("#verdict")).to_have_text("达标")

    # the audit trail
    page.click("#audit-link")
    audit = page.locator("#audit tbody tr")
    expect(audit).to_have_count(1)
    expect(audit.first).to_contain_text("alice")
    expect(audit.first).to_contain_text("reject")
    expect(audit.first).to_contain_text("False → True")

    # a second reviewer sees the packet held
    other = browser.new_context()
    second = other.new_page()
    _login(second, base, "bob")
    expect(second.locator(f"tr[data-packet='{ui_service.digital}']")).to_contain_text("held by alice")
    second.goto(f"{base}/review/users")
    assert "only admins manage users" in second.content()
    other.close()

    # a lead takes it over (audited)
    lead_ctx = browser.new_context()
    lead = lead_ctx.new_page()
    _login(lead, base, "lena")
    lead.goto(f"{base}/review/packets/{ui_service.digital}")
    lead.click("#takeover")
    expect(lead.locator("#held")).to_contain_text("held by lena")
    lead.click("#audit-link")
    expect(lead.locator("#audit tbody tr").last).to_contain_text("takeover")
    lead_ctx.close()

    # a portal token (any token) is refused on the pages
    r = httpx.get(f"{base}/review", headers={"Authorization": f"Bearer {ui_service.portal}"}, timeout=30)
    assert r.status_code == 403
    r = httpx.get(f"{base}/review", headers={"Authorization": f"Bearer {ui_service.reviewer_token}"}, timeout=30)
    assert r.status_code == 403

    # logout: the session is revoked server-side
    cookie = next(c for c in page.context.cookies() if c["name"] == "ec_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    page.click("#logout")
    expect(page).to_have_url(f"{base}/review/login")
    r = httpx.get(f"{base}/review", cookies={"ec_session": cookie["value"]}, follow_redirects=False, timeout=30)
    assert r.status_code == 303 and r.headers["location"].endswith("/review/login")


def test_forms_need_csrf(ui_service: UiService) -> None:
    r = httpx.post(f"{ui_service.base}/review/login", data={"name": "alice", "password": PASSWORD, "csrf": "x"},
                   cookies={"ec_login_csrf": "y"}, timeout=30)
    assert r.status_code == 403
