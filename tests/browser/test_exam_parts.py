"""Parts timed in turn in headless Chromium: the waiting room lists each part's questions and minutes, the exam
page shows the current part's countdown, only the parts
reached, the closed part read-only, and asks before finishing a part; the last part's deadline submits. The paper
also shows a bank image, served by the project to this candidate."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from exams.models import Attempt, AttemptAnswer, CandidatePaper
from exams.services.candidates import candidate_access_code_issue
from exams.services.live import commands
from tests.browser.conftest import PageWatch, assert_offline_and_clean
from tests.browser.test_exam_live import asgi, candidate_login, exam_page  # noqa: F401 - fixtures
from tests.browser.test_proctor_console import shot, sign_in
from tests.exams.factories_setup import proctor_of
from tests.exams.live.conftest import build_timed
from tests.exams.live.test_exam_images import image, show_image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def timed(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    setup = build_timed(candidates=1)
    candidate = setup["candidates"][0]
    setup["code"] = candidate_access_code_issue(candidate=candidate)
    first = CandidatePaper.objects.get(candidate=candidate, part=setup["parts"][0]).layout[0]["v"]
    image(setup["bank"], "so-do.png", size=(240, 100))
    show_image(first, "so-do.png")
    return setup


def test_the_candidate_works_part_by_part_and_the_last_deadline_submits(exam_page, asgi, timed):  # noqa: F811
    page, candidate = exam_page, timed["candidates"][0]
    candidate_login(page, candidate, timed["code"])
    waiting = page.locator("[data-waiting]")  # before the start: each part with its own questions and minutes
    expect(waiting.locator("[data-waiting-parts] li")).to_have_text(
        ["Phần 1 — Kiến thức chung: 3 câu, 60 phút", "Phần 2 — Ngoại ngữ: 2 câu, 30 phút"]
    )
    assert "90 phút" in waiting.inner_text()
    shot(page, "candidate-waiting-parts")
    # the paper loads behind the waiting screen, its image too (before the start's writes: SQLite locks its tables)
    page.wait_for_function("() => { const i = document.querySelector('.q-text img'); return i && i.naturalWidth > 0 }")
    asgi.call(commands.room_start, room_session=timed["session"], actor=timed["proctor"])
    page.wait_for_selector("[data-body]:not([hidden])")
    clock = page.locator("[data-clock]")
    expect(clock).to_have_text(re.compile(r"^59:[0-5]\d$"))  # the first part's 60 minutes, not the shift's 90
    assert page.inner_text("[data-part-now]") == "Phần 1/2: Kiến thức chung"
    assert page.locator(".nav-q").count() == 3  # the second part is not shown yet
    expect(page.locator("[data-prev]")).to_have_text("← Câu trước")
    expect(page.locator("[data-prev]")).to_be_disabled()  # the first question: nowhere back to go
    assert page.inner_text("[data-next]") == "Câu sau →"
    assert "chưa bắt đầu · 30 phút" in page.inner_text("[data-parts]")
    assert not page.is_visible("[data-submit]") and page.is_visible("[data-finish-part]")
    picture = page.locator(".q-text img")
    expect(picture).to_have_count(1)
    assert page.evaluate("document.querySelector('.q-text img').naturalWidth") == 240  # served by the project
    page.keyboard.press("1")
    page.wait_for_selector(".q-save[data-save-state=saved]")
    shot(page, "candidate-part-1")

    page.click("[data-finish-part]")
    assert "Kết thúc phần thi “Kiến thức chung”" in page.inner_text("[data-confirm-text]")
    shot(page, "candidate-finish-part-confirm")
    page.click("[data-confirm-yes]")
    expect(page.locator("[data-part-now]")).to_have_text("Phần 2/2: Ngoại ngữ")
    expect(clock).to_have_text(re.compile(r"^(29:[0-5]\d|30:00)$"))  # the second part's own 30 minutes
    assert "Phần thi “Kiến thức chung” đã kết thúc" in page.inner_text("[data-notice]")
    assert page.locator(".nav-q").count() == 5 and page.locator(".nav-q.closed").count() == 3
    assert page.is_visible("[data-submit]") and not page.is_visible("[data-finish-part]")
    page.keyboard.press("1")  # the first question of the second part
    page.wait_for_selector(".q-save[data-save-state=saved]")
    page.click(".nav-q >> nth=0")  # back to the closed part: read-only
    assert page.is_visible("[data-read-only]")
    assert page.locator(".q-options input:disabled").count() == page.locator(".q-options input").count()
    page.keyboard.press("2")
    assert "chỉ được xem" in page.inner_text("[data-notice]")
    shot(page, "candidate-part-closed-read-only")
    attempt = Attempt.objects.get(candidate=candidate)
    assert attempt.part_index == 1 and AttemptAnswer.objects.filter(attempt=attempt).count() == 2
    seat_map_shows_the_part(page, asgi.url, timed, candidate)

    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + dt.timedelta(seconds=3))
    page.reload()  # three seconds left in the last part; its end submits the attempt
    page.wait_for_selector("[data-done]:not([hidden])", timeout=20_000)
    assert page.inner_text("[data-done-title]") == "Hết giờ làm bài: bài thi đã được nộp."
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED and attempt.ending == Attempt.Ending.TIMEOUT
    assert_offline_and_clean(page)


def seat_map_shows_the_part(page, url, timed, candidate):
    """The proctor's console (another machine) shows the part the candidate works on."""
    context = page.context.browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 768}, base_url=url)
    try:
        context.set_default_timeout(15_000)
        console = context.new_page()
        console.congvu_watch = PageWatch(url)
        console.congvu_watch.attach(context, console)
        sign_in(console, proctor_of(timed["session"]).username)
        console.goto(f"/exams/{timed['exam'].pk}/live/{timed['session'].pk}/")
        expect(console.locator(f'[data-seat="{candidate.pk}"] .seat-part')).to_have_text("Phần 2/2")
        number = candidate.candidate_number
        expect(console.locator("[data-room-log] tr").filter(has_text=number)).to_contain_text(
            "Kết thúc phần thi (phần 1, nộp sớm)"
        )
        shot(console, "proctor-seat-part")
        assert_offline_and_clean(console)
    finally:
        context.close()
