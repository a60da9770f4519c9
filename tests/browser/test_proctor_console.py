"""The proctor's console in headless Chromium against a real ASGI server (uvicorn in a thread serving config.asgi:
pages, static files and the ws/proctor/ socket): the seat map fills from the roster, the proctor starts the room,
pauses and resumes it with a reason, and gives one candidate more time; the seat map, the room's minutes on the
page and the database follow; then the same console joined with a candidate's exam page in a second browser
context: start unlocks his waiting page, pause stops his countdown, resume restarts it, an extension makes it jump,
a forced submission shows him the submitted page.

pytest-django's live_server speaks WSGI only, so this test runs its own server.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from exams.models import Attempt, RoomLog
from exams.services.candidates import candidate_access_code_issue
from tests.browser.conftest import PASSWORD, AsgiServer, PageWatch, _park, _unpark, assert_offline_and_clean
from tests.exams.factories_setup import proctor_of
from tests.exams.live.conftest import build_live

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def console_page(browser, settings, monkeypatch):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    server = AsgiServer()
    url = server.start()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    _unpark(browser.congvu_loop)
    try:
        context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 768}, base_url=url)
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.congvu_watch = PageWatch(url)
        page.congvu_watch.attach(context, page)
        page.congvu_url = url
        yield page
        context.close()
    finally:
        _park(browser.congvu_loop)
        server.stop()


@pytest.fixture
def room():
    setup = build_live(candidates=3)
    setup["proctor"] = proctor_of(setup["session"])
    return setup


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("form.card button[type=submit]")
    assert page.locator(".who").count() == 1, page.inner_text("main")


def command_dialog(page, button, reason, minutes=None):
    page.click(button)
    dialog = page.locator("[data-command-dialog]")
    expect(dialog).to_be_visible()
    if minutes is not None:
        dialog.locator("input[name=minutes]").fill(str(minutes))
    if reason is not None:
        dialog.locator("textarea[name=reason]").fill(reason)
    dialog.locator("[data-dialog-send]").click()
    expect(dialog).to_be_hidden()


def test_proctor_starts_pauses_resumes_the_room_and_extends_a_candidate(console_page, room):
    page, session = console_page, room["session"]
    sign_in(page, room["proctor"].username)
    page.goto(f"/exams/{room['exam'].pk}/live/{session.pk}/")
    expect(page.locator("[data-connection]")).to_have_attribute("data-state", "connected")
    expect(page.locator("[data-seat]")).to_have_count(3)
    expect(page.locator("[data-room-status]")).to_have_text("Chưa bắt đầu")
    expect(page.locator("[data-seat-actions]")).to_be_hidden()  # no seat chosen: no seat commands

    page.once("dialog", lambda dialog: dialog.accept())
    page.click(".console-actions [data-command=start]")
    expect(page.locator("[data-room-status]")).to_have_text("Đang thi")
    expect(page.locator('[data-count="in_progress"]')).to_have_text("3")

    command_dialog(page, ".console-actions [data-command=pause]", "Mất điện toàn phòng")
    expect(page.locator("[data-room-status]")).to_have_text("Tạm dừng")
    expect(page.locator('[data-count="paused"]')).to_have_text("3")
    expect(page.locator("[data-room-log]")).to_contain_text("Mất điện toàn phòng")
    assert set(Attempt.objects.values_list("status", flat=True)) == {"paused"}

    command_dialog(page, ".console-actions [data-command=resume]", None)
    expect(page.locator("[data-room-status]")).to_have_text("Đang thi")

    one = room["candidates"][1]
    seat = page.locator(f'[data-seat="{one.pk}"]')
    seat.click()
    expect(page.locator("[data-seat-actions]")).to_contain_text(one.candidate_number)
    command_dialog(page, "[data-seat-actions] [data-command=extend]", "Máy hỏng, đổi máy", minutes=10)
    # 60 minutes plus 10: the seat's countdown shows more than an hour left
    expect(seat.locator(".seat-time")).to_have_text(re.compile(r"^1:0\d:[0-5]\d$"))
    attempt = Attempt.objects.get(candidate=one)
    assert attempt.extra_ms == 10 * 60_000
    line = RoomLog.objects.get(kind=RoomLog.Kind.EXTEND)
    assert (line.actor, line.reason, line.data) == (room["proctor"], "Máy hỏng, đổi máy", {"minutes": 10})
    expect(page.locator("[data-room-log]")).to_contain_text("Máy hỏng, đổi máy")
    assert_offline_and_clean(page)


SCREENS = os.environ.get("CONGVU_SCREENS")  # a folder: the walk's screenshots are saved there (docs/screens/)


def shot(page, name: str) -> None:
    if SCREENS:
        page.screenshot(path=str(Path(SCREENS) / f"{name}.png"))


def candidate_page(console, candidate):
    """The candidate's exam page in a second context of the same browser (another machine), logged in."""
    context = console.context.browser.new_context(
        locale="vi-VN", viewport={"width": 1366, "height": 768}, base_url=console.congvu_url
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.congvu_watch = PageWatch(console.congvu_url)
    page.congvu_watch.attach(context, page)
    code = candidate_access_code_issue(candidate=candidate)
    page.goto("/exams/login/")
    page.fill("#id_candidate_number", candidate.candidate_number)
    page.fill("#id_access_code", code)
    with page.expect_navigation():
        page.click("form.card button[type=submit]")
    page.goto("/exams/me/exam/")
    return page


def clock_seconds(page) -> int:
    parts = [int(n) for n in page.inner_text("[data-clock]").split(":")]
    return sum(n * 60**i for i, n in enumerate(reversed(parts)))


def test_the_candidates_page_follows_the_proctors_console(console_page, room):
    console, session = console_page, room["session"]
    one = room["candidates"][0]
    sign_in(console, room["proctor"].username)
    console.goto(f"/exams/{room['exam'].pk}/live/{session.pk}/")
    expect(console.locator("[data-connection]")).to_have_attribute("data-state", "connected")
    exam = candidate_page(console, one)
    try:
        exam.wait_for_selector("[data-paper-ready]:not([hidden])")
        assert exam.is_visible("[data-waiting]") and not exam.is_visible("[data-body]")
        expect(console.locator(f'[data-seat="{one.pk}"]')).to_have_attribute("data-connected", "1")

        console.once("dialog", lambda dialog: dialog.accept())
        console.click(".console-actions [data-command=start]")
        exam.wait_for_selector("[data-body]:not([hidden])")  # the waiting page unlocks on `started`
        clock = exam.locator("[data-clock]")
        expect(clock).to_have_text(re.compile(r"^59:[0-5]\d$"))
        shot(exam, "candidate-started")

        command_dialog(console, ".console-actions [data-command=pause]", "Mất điện toàn phòng")
        exam.wait_for_selector("[data-paused]:not([hidden])")
        assert "Phòng thi tạm dừng" in exam.inner_text("[data-paused]")
        exam.wait_for_timeout(500)  # the next tick (every 250 ms) draws the frozen time
        frozen = clock.inner_text()
        exam.wait_for_timeout(1500)
        assert clock.inner_text() == frozen  # the countdown stopped with the server's clock
        shot(exam, "candidate-paused")

        command_dialog(console, ".console-actions [data-command=resume]", None)
        exam.wait_for_selector("[data-paused]", state="hidden")
        expect(clock).not_to_have_text(frozen, timeout=3_000)  # running again

        before = clock_seconds(exam)
        console.locator(f'[data-seat="{one.pk}"]').click()
        command_dialog(console, "[data-seat-actions] [data-command=extend]", "Máy hỏng, đổi máy", minutes=7)
        expect(clock).to_have_text(re.compile(r"^1:0[56]:[0-5]\d$"))
        assert clock_seconds(exam) >= before + 6 * 60  # the countdown jumped by the minutes given
        assert "Máy hỏng, đổi máy" in exam.inner_text("[data-notice]")
        shot(console, "proctor-console")

        command_dialog(console, "[data-seat-actions] [data-command=force_submit]", "Sử dụng tài liệu")
        exam.wait_for_selector("[data-done]:not([hidden])")
        assert exam.inner_text("[data-done-title]") == "Cán bộ coi thi đã thu bài của bạn."
        attempt = Attempt.objects.get(candidate=one)
        assert attempt.status == Attempt.Status.SUBMITTED and attempt.ending == Attempt.Ending.FORCED
        assert exam.inner_text("[data-code]") == attempt.verification_code
        expect(console.locator(f'[data-seat="{one.pk}"]')).to_have_attribute("data-status", "submitted")
        shot(exam, "candidate-forced")
        assert_offline_and_clean(exam)
        assert_offline_and_clean(console)
    finally:
        exam.context.close()
