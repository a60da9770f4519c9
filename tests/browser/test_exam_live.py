"""The candidate's live exam in headless Chromium against a real ASGI server (uvicorn in a thread, the project's
config.asgi application: pages, static files and the ws/exam/ socket): waiting room, start, answers acked, offline
with the journal, back online, submit and the result with its slip.

pytest-django's live_server speaks WSGI only, so these tests run their own server; the proctor's commands are
called in the server's event loop (as a socket would), so that their pushes reach the candidate's socket through
the in-memory channel layer of this process.
"""

import datetime as dt
import re
import time

import pytest
from django.db import OperationalError
from django.utils import timezone
from playwright.sync_api import expect

from exams.models import Attempt, AttemptAnswer
from exams.services.candidates import candidate_access_code_issue
from exams.services.live import commands
from tests.browser.conftest import AsgiServer, PageWatch, assert_offline_and_clean, watched_page
from tests.exams.live.conftest import build_live

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def asgi(settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    # one process: its own in-memory layer, whatever REDIS_URL says (tests/exams/live/test_two_processes.py is the
    # Redis case); the server's loop and the test's calls then share no Redis connection pool
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    server = AsgiServer()
    url = server.start()
    server.url = url
    yield server
    server.stop()


@pytest.fixture
def exam_page(browser, asgi, monkeypatch):
    """A 1366×768 vi-VN page on the ASGI server, watched as tests/browser/conftest.py's `page` is."""
    with watched_page(browser, asgi.url, monkeypatch) as page:
        yield page


@pytest.fixture
def seated():
    setup = build_live(candidates=1)
    candidate = setup["candidates"][0]
    setup["code"] = candidate_access_code_issue(candidate=candidate)
    return setup


def candidate_login(page, candidate, code):
    page.goto("/exams/login/")
    page.fill("#id_candidate_number", candidate.candidate_number)
    page.fill("#id_access_code", code)
    with page.expect_navigation():
        page.click("form.card button[type=submit]")
    page.goto("/exams/me/exam/")


def save_state(page) -> str:
    return page.get_attribute(".q-save", "data-save-state")


def test_candidate_takes_the_exam_offline_and_back_then_sees_the_result(exam_page, asgi, seated):
    page, candidate = exam_page, seated["candidates"][0]
    candidate_login(page, candidate, seated["code"])
    page.wait_for_selector("[data-paper-ready]:not([hidden])")  # the paper is loaded behind the waiting room
    assert page.is_visible("[data-waiting]") and not page.is_visible("[data-body]")

    asgi.call(commands.room_start, room_session=seated["session"], actor=seated["proctor"])
    page.wait_for_selector("[data-body]:not([hidden])")
    expect(page.locator("[data-clock]")).to_have_text(re.compile(r"^59:[0-5]\d$"))
    assert page.inner_text("[data-total]") == "3"

    page.keyboard.press("1")  # first option of question 1
    page.wait_for_selector(".q-save[data-save-state=saved]")
    assert page.inner_text(".q-save") == "Đã lưu"

    page.context.set_offline(True)
    page.wait_for_selector("[data-offline]:not([hidden])")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("2")  # second option of question 2, while offline
    page.keyboard.press("f")
    assert save_state(page) == "offline" and page.inner_text(".q-save") == "Chưa gửi"
    assert page.locator(".nav-q.answered").count() == 2 and page.locator(".nav-q.flagged").count() == 1
    attempt = Attempt.objects.get(candidate=candidate)
    stored = page.evaluate(f"localStorage.getItem('congvu.exam.{attempt.pk}')")
    assert '"pending":[{"seq":2' in stored
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == 1

    page.context.set_offline(False)
    page.wait_for_selector("[data-offline]", state="hidden", timeout=30_000)
    page.wait_for_selector(".q-save[data-save-state=saved]", timeout=30_000)
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == 2
    # the flag set offline is resent after the answers: its own message, acked apart, so wait for it to be stored
    for _ in range(50):
        try:
            attempt.refresh_from_db()
        except OperationalError as exc:  # the test database is shared in-memory SQLite: a read meets the server's
            if "locked" not in str(exc):  # write as a table lock at once, with no busy wait; read again
                raise
        if attempt.flags:
            break
        time.sleep(0.2)
    assert attempt.last_seq == 2 and len(attempt.flags) == 1

    page.click("[data-submit]")
    assert "Số câu chưa trả lời: 1." in page.inner_text("[data-confirm-text]")
    page.click("[data-confirm-yes]")
    page.wait_for_selector("[data-done]:not([hidden])")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED and attempt.ending == Attempt.Ending.CANDIDATE
    assert page.inner_text("[data-code]") == attempt.verification_code
    assert page.inner_text("[data-hash]") == attempt.chain_hash and re.fullmatch(r"[0-9a-f]{64}", attempt.chain_hash)
    assert f"{attempt.score.normalize()} / {attempt.max_score.normalize()}" in page.inner_text("[data-result]")
    assert page.evaluate(f"localStorage.getItem('congvu.exam.{attempt.pk}')") is None

    page.click("[data-slip]")
    page.wait_for_selector("[data-slip-page]")
    assert page.inner_text("[data-verification]") == attempt.verification_code
    assert page.inner_text("[data-hash]") == attempt.chain_hash
    assert_offline_and_clean(page)


def test_pause_extension_and_time_out_reach_the_candidate(exam_page, asgi, seated):
    page, candidate, session = exam_page, seated["candidates"][0], seated["session"]
    asgi.call(commands.room_start, room_session=session, actor=seated["proctor"])
    candidate_login(page, candidate, seated["code"])
    page.wait_for_selector("[data-body]:not([hidden])")
    clock = page.locator("[data-clock]")
    expect(clock).to_have_text(re.compile(r"^59:[0-5]\d$"))

    asgi.call(commands.room_pause, room_session=session, actor=seated["proctor"], reason="Mất điện")
    page.wait_for_selector("[data-paused]:not([hidden])")
    assert "Phòng thi tạm dừng" in page.inner_text("[data-paused]")
    page.wait_for_timeout(500)  # the next tick (every 250 ms) draws the frozen time
    frozen = clock.inner_text()
    page.wait_for_timeout(1500)
    assert clock.inner_text() == frozen  # the server's clock stopped, so does the page's
    asgi.call(commands.room_resume, room_session=session, actor=seated["proctor"])
    page.wait_for_selector("[data-paused]", state="hidden")

    attempt = Attempt.objects.get(candidate=candidate)
    asgi.call(commands.attempt_extend, attempt=attempt, actor=seated["proctor"], minutes=5, reason="Máy hỏng")
    expect(clock).to_have_text(re.compile(r"^1:04:[0-5]\d$|^64:[0-5]\d$"))
    assert "Máy hỏng" in page.inner_text("[data-notice]")

    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + dt.timedelta(seconds=3))
    page.reload()  # the new state carries three seconds; the page asks the server at zero
    page.wait_for_selector("[data-done]:not([hidden])", timeout=20_000)
    assert page.inner_text("[data-done-title]") == "Hết giờ làm bài: bài thi đã được nộp."
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED and attempt.ending == Attempt.Ending.TIMEOUT
    assert_offline_and_clean(page)


def test_a_reopened_tab_sends_the_answers_given_offline(exam_page, asgi, seated):
    page, candidate = exam_page, seated["candidates"][0]
    asgi.call(commands.room_start, room_session=seated["session"], actor=seated["proctor"])
    candidate_login(page, candidate, seated["code"])
    page.wait_for_selector("[data-body]:not([hidden])")
    page.context.set_offline(True)
    page.wait_for_selector("[data-offline]:not([hidden])")
    page.keyboard.press("3")
    assert save_state(page) == "offline"
    context = page.context
    page.close()  # the tab is closed while offline: the answer lives only in localStorage
    attempt = Attempt.objects.get(candidate=candidate)
    assert not AttemptAnswer.objects.filter(attempt=attempt).exists()

    context.set_offline(False)
    again = context.new_page()
    again.congvu_watch = PageWatch(asgi.url)
    again.congvu_watch.attach(context, again)
    again.goto("/exams/me/exam/")
    again.wait_for_selector(".q-save[data-save-state=saved]", timeout=30_000)
    assert again.locator(".q-options input:checked").count() == 1
    answer = AttemptAnswer.objects.get(attempt=attempt)
    assert answer.seq == 1 and len(answer.choices) == 1
    assert again.evaluate(f"localStorage.getItem('congvu.exam.{attempt.pk}')").find('"pending":[]') >= 0
    assert_offline_and_clean(again)


def test_a_second_machine_waits_for_the_proctor_then_the_first_is_stopped(exam_page, asgi, seated):
    first, candidate = exam_page, seated["candidates"][0]
    asgi.call(commands.room_start, room_session=seated["session"], actor=seated["proctor"])
    candidate_login(first, candidate, seated["code"])
    first.wait_for_selector("[data-body]:not([hidden])")
    first.keyboard.press("1")
    first.wait_for_selector(".q-save[data-save-state=saved]")

    other = first.context.browser.new_context(
        locale="vi-VN", viewport={"width": 1366, "height": 768}, base_url=asgi.url
    )
    try:
        second = other.new_page()
        candidate_login(second, candidate, seated["code"])
        second.wait_for_selector("[data-notice]:not([hidden])")
        assert "đang mở trên máy khác" in second.inner_text("[data-notice]")
        assert not second.is_visible("[data-body]")

        attempt = Attempt.objects.get(candidate=candidate)
        asgi.call(commands.attempt_allow_relogin, attempt=attempt, actor=seated["proctor"])
        second.wait_for_selector("[data-body]:not([hidden])", timeout=30_000)
        assert second.locator(".q-options input:checked").count() == 1  # the answer given on the first machine
        first.wait_for_selector("[data-stopped]:not([hidden])")
        assert "máy khác" in first.inner_text("[data-stopped-text]")
        assert not first.is_visible("[data-body]")
    finally:
        other.close()
