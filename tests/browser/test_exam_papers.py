"""A board member makes a pool of papers in the browser: blueprint, generation with its progress bar, review with
the key, approval, the candidates' draw, and verification."""

import pytest
from django.contrib.contenttypes.models import ContentType

from exams.models import CandidatePaper, Exam, PaperForm
from exams.roles import ExamRole
from tests.browser.conftest import PASSWORD, assert_offline_and_clean
from tests.exams.factories_papers import paper_setup
from tests.hrm.factories import GrantFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def clean_but_for_websocket(page):
    """The live server speaks WSGI only: the progress socket is refused and the page polls instead."""
    page.congvu_watch.console = [m for m in page.congvu_watch.console if "WebSocket" not in m]
    assert_offline_and_clean(page)


def test_a_board_member_generates_reviews_draws_and_verifies(page, login, job_worker):
    setup = paper_setup(mode=Exam.PaperMode.POOL, pool_size=2, candidates=3)
    exam, part = setup["exam"], setup["part"]
    board = UserFactory(username="hoi_dong")
    GrantFactory(
        user=board,
        role=ExamRole.EXAM_BOARD,
        unit=None,
        scope_type=ContentType.objects.get_for_model(exam),
        scope_id=exam.pk,
    )
    login(page, board.username, PASSWORD)

    page.goto(f"/exams/{exam.pk}/papers/parts/{part.pk}/blueprint/")
    first = setup["topics"][0]
    page.fill(f"input[name=cell-{first.pk}-1-count]", "3")
    with page.expect_navigation():
        page.click("[data-blueprint-form] button[type=submit]")
    assert "cell-" in page.inner_html("[data-blueprint-errors]") or page.locator("[data-blueprint-errors]").count()
    page.fill(f"input[name=cell-{first.pk}-1-count]", "2")
    with page.expect_navigation():
        page.click("[data-blueprint-form] button[type=submit]")
    assert page.locator("[data-total]").inner_text().startswith("3")

    page.goto(f"/exams/{exam.pk}/papers/")
    with page.expect_navigation():
        page.click("[data-generate]")
    page.wait_for_selector("[data-job-result]:not([hidden])", timeout=30_000)
    page.wait_for_load_state()
    assert page.get_attribute("[data-job-progress] .progress", "aria-valuenow") == "100"
    with page.expect_navigation():
        page.click("[data-back-to-papers]")
    assert PaperForm.objects.filter(part=part).count() == 2

    page.goto(f"/exams/{exam.pk}/papers/parts/{part.pk}/forms/")
    for number in (1, 2):
        with page.expect_navigation():
            page.click(f"tr[data-form='{number}'] a")
        assert page.locator(".paper-preview li.key").count() == 3
        with page.expect_navigation():
            page.click("button[value=approve]")
    assert PaperForm.objects.filter(part=part, status=PaperForm.Status.APPROVED).count() == 2

    page.goto(f"/exams/{exam.pk}/papers/")
    with page.expect_navigation():
        page.click("[data-draw]")
    page.wait_for_selector("[data-job-result]:not([hidden])", timeout=30_000)
    page.wait_for_load_state()
    assert page.get_attribute("[data-job-progress] .progress", "aria-valuenow") == "100"
    with page.expect_navigation():
        page.click("[data-back-to-papers]")
    assert page.inner_text("[data-papers-ready]") == "3/3"
    assert CandidatePaper.objects.filter(part=part).count() == 3
    with page.expect_navigation():
        page.click("[data-verify]")
    assert "3" in page.inner_text("[data-verify-report]")
    assert page.locator("[data-verify-report] .status-succeeded").count() == 1
    clean_but_for_websocket(page)
