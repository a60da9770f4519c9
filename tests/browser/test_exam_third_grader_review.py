"""The third grader and the review (phúc khảo) as personas, in Chromium at 1366×768 (vi-VN).

The board makes the anonymous scripts of a paper-based written part and gives them to four graders; two graders
mark one script 80 and 50 (a gap of 30, above the profile's 10 % of 100), so it goes to a third grader, who sees it
among his own scripts only (no name, no other mark) and is refused another grader's by id; his 75 gives the final
score by the profile's rule (the mean of the third mark and the closer of the first two: 77.50). Once the results
are notified, the board records a review of that written mark within the window, decides it with a new score (kept
with the old one, audited and seen on the audit page), and a review of a computer test is refused with the reason.
With CONGVU_SCREENS=1 the screens are written to docs/screens/ (listed in docs/screens/README.md)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from common.models import AuditEntry
from exams.models import Mark, Part, ResultSheet, Review, Script, ScriptMark
from exams.services.grading.scripts import script_mark_enter
from tests.browser.conftest import assert_offline_and_clean
from tests.browser.test_exam_grading_results import shot
from tests.exams.factories_setup import board_of
from tests.exams.grading.conftest import written_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NAMES = ("Nguyễn Văn Một", "Trần Thị Hai", "Lê Văn Ba", "Phạm Thị Bốn")


@pytest.fixture
def board_exam(db):
    setup = written_setup(candidates=4, graders=4)
    for user, name in zip(setup["graders"], NAMES, strict=True):
        user.last_name, user.first_name = name.rsplit(" ", 1)
        user.save(update_fields=["first_name", "last_name"])
    exam = setup["exam"]
    computer = Part.objects.create(
        exam=exam, round=1, key="general", name="Kiến thức chung", mode=Part.Mode.COMPUTER, max_score=60, minutes=60
    )
    return {**setup, "board": board_of(exam, username="board_phuc_khao"), "computer": computer}


def submit(page, selector: str, expect_status: int | None = None):
    with page.expect_navigation() as navigation:
        page.click(selector)
    if expect_status is not None:
        assert navigation.value.status == expect_status, page.inner_text("main")
    return navigation.value


def no_horizontal_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at 1366×768"


def links_all_open(page) -> None:
    """Every link of the page (menu included) opens for this user: no link to a page his role cannot use."""
    hrefs = page.eval_on_selector_all("a[href^='/']", "links => links.map(a => a.getAttribute('href'))")
    for href in sorted(set(hrefs) - {"/accounts/logout/"}):
        status = page.request.get(href, max_redirects=0).status
        assert status < 400, f"{page.url} links to {href}, which answers {status}"


def test_third_grader_then_review_of_the_written_mark_and_refusal_of_a_computer_one(page, login, board_exam):
    exam, part, board = board_exam["exam"], board_exam["part"], board_exam["board"]
    # --- the board makes the anonymous scripts and gives each to two of the four graders -------------------------
    login(page, board.username)
    page.goto(f"/exams/{exam.pk}/grading/")
    assign = page.locator("form[action$='/grading/scripts/assign/']")
    assert all(name in assign.inner_text() for name in NAMES)  # family name first, as Vietnamese write it
    assign.locator("select[name=part]").select_option(str(part.pk))
    for user in board_exam["graders"]:
        assign.locator(f"input[name=graders][value='{user.pk}']").check()
    submit(page, "form[action$='/grading/scripts/assign/'] button", 200)
    assert Script.objects.filter(part=part).count() == 4 and ScriptMark.objects.filter(turn=2).count() == 4
    no_horizontal_scroll(page)

    # --- every script but one is marked close; the first of them gets 80 and 50 in the browser ------------------
    first, *others = Script.objects.filter(part=part).order_by("code")
    for script in others:
        for mark, score in zip(script.marks.order_by("turn"), ("60", "64"), strict=True):
            script_mark_enter(mark=mark, grader=mark.grader, score=score)
    for turn, score in ((1, "80"), (2, "50")):
        mark = first.marks.get(turn=turn)
        page.context.clear_cookies()
        login(page, mark.grader.username)
        page.goto(f"/exams/{exam.pk}/grading/scripts/")
        section = page.locator(f"[data-script='{first.code}']")
        section.locator("input[name=score]").fill(score)
        with page.expect_navigation():
            section.locator("button").click()
        assert first.code in page.inner_text(".messages, main")
    third = first.marks.get(turn=3)  # the gap of 30 is above 10 % of 100: a third grader is named
    assert third.grader_id not in {first.marks.get(turn=1).grader_id, first.marks.get(turn=2).grader_id}
    first.refresh_from_db()
    assert first.final is None

    # --- the third grader sees it among his own scripts only, by code, without the first two marks -------------
    page.context.clear_cookies()
    login(page, third.grader.username)
    assert page.inner_text(".who").strip() in NAMES
    links_all_open(page)  # his home: the menu leads him to his scripts, exam by exam
    with page.expect_navigation():
        page.click("main a[href='/exams/my-scripts/']")
    row = page.locator(f"[data-grader-exams] tr[data-exam='{exam.code}']")
    assert row.locator("td.num").all_inner_texts() == [str(ScriptMark.objects.filter(grader=third.grader).count()), "1"]
    shot(page, "grading-grader-exams.png")
    with page.expect_navigation():
        row.locator("a").click()
    assert page.url.endswith(f"/exams/{exam.pk}/grading/scripts/")
    links_all_open(page)
    his = set(ScriptMark.objects.filter(grader=third.grader).values_list("script__code", flat=True))
    shown = {page.locator("[data-script]").nth(i).get_attribute("data-script") for i in range(len(his))}
    assert shown == his and page.locator("[data-script]").count() == len(his) < 4
    section = page.locator(f"[data-script='{first.code}']")
    assert "lần chấm 3" in section.inner_text() and "80" not in section.inner_text()
    main = page.inner_text("main")
    assert not any(c.person.full_name in main or c.candidate_number in main for c in board_exam["candidates"])
    no_horizontal_scroll(page)
    shot(page, "grading-third-grader.png")
    theirs = ScriptMark.objects.exclude(grader=third.grader).filter(script__final__isnull=False).first()
    token = section.locator("input[name=csrfmiddlewaretoken]").get_attribute("value")
    refused = page.request.post(
        f"/exams/{exam.pk}/grading/scripts/",
        form={"csrfmiddlewaretoken": token, "mark": str(theirs.pk), "score": "10"},
        headers={"Referer": page.url},
    )
    assert refused.status == 404
    api = page.request.get(f"/api/exams/{exam.pk}/grading/scripts/{theirs.pk}/")
    assert api.status in (403, 404, 405)
    section.locator("input[name=score]").fill("75")
    with page.expect_navigation():
        section.locator("button").click()
    first.refresh_from_db()
    mark = Mark.objects.get(candidate=first.candidate, part=part)
    assert first.final == Decimal("77.50") and mark.score == Decimal("77.50") and mark.source == Mark.Source.GRADERS
    assert "Đã có điểm cuối cùng" in page.locator(f"[data-script='{first.code}']").inner_text()
    assert_offline_and_clean(page)

    # --- the results are notified: the board records a review of the written mark and decides it ---------------
    now = timezone.now()
    ResultSheet.objects.update_or_create(
        exam=exam, defaults={"status": "published", "computed_at": now, "published_at": now, "notified_at": now}
    )
    candidate, other = first.candidate, next(c for c in board_exam["candidates"] if c != first.candidate)
    Mark.objects.create(candidate=other, part=board_exam["computer"], score=40, max_score=60, source="computer")
    page.context.clear_cookies()
    login(page, board.username)
    page.goto(f"/exams/{exam.pk}/grading/")
    request = page.locator("[data-review-request]")
    request.locator("input[name=candidate_number]").fill(candidate.candidate_number.lower())  # any case
    request.locator("select[name=part]").select_option(str(part.pk))
    request.locator("input[name=reason]").fill("Đề nghị phúc khảo câu 3: bài làm đủ ý nhưng bị trừ điểm")
    submit(page, "[data-review-request] button", 200)
    row = page.locator(f"tr[data-review='{candidate.candidate_number}']")
    assert row.get_attribute("data-status") == "requested" and "77,50" in row.inner_text()
    row.locator("input[name=new_score]").fill("80")
    row.locator("input[name=outcome]").fill("Cộng thêm 2,5 điểm câu 3")
    with page.expect_navigation():
        row.locator("button").click()
    row = page.locator(f"tr[data-review='{candidate.candidate_number}']")
    assert row.get_attribute("data-status") == "decided"
    text = row.inner_text()
    assert "77,50" in text and "80,00" in text and "Cộng thêm 2,5 điểm câu 3" in text
    mark.refresh_from_db()
    review = Review.objects.get(mark=mark)
    assert mark.score == Decimal("80.00") and mark.details["before_review"] == "77.50"
    assert AuditEntry.objects.filter(action="review_decide", object_id=str(review.pk)).exists()

    # --- a computer test is never reviewed: refused with the reason, nothing recorded -----------------------------
    request = page.locator("[data-review-request]")
    request.locator("input[name=candidate_number]").fill(other.candidate_number)
    request.locator("select[name=part]").select_option(str(board_exam["computer"].pk))
    request.locator("input[name=reason]").fill("Đề nghị chấm lại bài trắc nghiệm")
    submit(page, "[data-review-request] button", 400)
    errors = page.inner_text("[data-grading-errors]")
    assert "không cho phúc khảo" in errors and "Trên máy tính" in errors, errors
    assert Review.objects.count() == 1
    # an unknown number is named, nothing recorded
    page.locator("[data-review-request] input[name=candidate_number]").fill("KHONGCO")
    page.locator("[data-review-request] input[name=reason]").fill("Phúc khảo")
    submit(page, "[data-review-request] button", 400)
    assert "KHONGCO" in page.inner_text("[data-grading-errors]") and Review.objects.count() == 1
    page.goto(f"/exams/{exam.pk}/grading/")
    no_horizontal_scroll(page)
    links_all_open(page)
    page.locator("[data-reviews]").scroll_into_view_if_needed()
    shot(page, "grading-reviews.png")

    # --- the audit page shows the review and its decision -------------------------------------------------------
    page.goto("/audit/?model=exams.review")
    trail = page.inner_text("main")
    assert "Cộng thêm 2,5 điểm câu 3" in trail and "77,50 → 80,00" in trail, trail
    assert "Giải quyết phúc khảo" in trail and "Nhận đơn phúc khảo" in trail and "review_decide" not in trail
    assert "Đã giải quyết" in trail and "score:" not in trail  # the status and the field in words
    no_horizontal_scroll(page)
    shot(page, "grading-review-audit.png")
    assert_offline_and_clean(page)


def test_the_review_window_closes_and_the_page_says_until_when(page, login, board_exam):
    exam, part, board = board_exam["exam"], board_exam["part"], board_exam["board"]
    candidate = board_exam["candidates"][0]
    Mark.objects.create(candidate=candidate, part=part, score=55, max_score=100, source="graders")
    notified = timezone.now() - dt.timedelta(days=30)
    ResultSheet.objects.update_or_create(
        exam=exam,
        defaults={"status": "published", "computed_at": notified, "published_at": notified, "notified_at": notified},
    )
    login(page, board.username)
    page.goto(f"/exams/{exam.pk}/grading/")
    page.fill("[data-review-request] input[name=candidate_number]", candidate.candidate_number)
    page.locator("[data-review-request] select[name=part]").select_option(str(part.pk))
    page.fill("[data-review-request] input[name=reason]", "Đề nghị phúc khảo")
    submit(page, "[data-review-request] button", 400)
    assert "chỉ nhận đến hết ngày" in page.inner_text("[data-grading-errors]")
    assert not Review.objects.exists()
    assert_offline_and_clean(page)
