"""Grading and results as each persona, in Chromium at 1366×768 (vi-VN): the board computes the results, a tie at
the last place is flagged, the head's decision is recorded, the results are published and anybody looks one up;
a grader sees only his anonymised scripts and is refused another's by id (page and API); a candidate sees only his
own result; an HR officer gets nothing of the exam; the public look-up shows one result and is rate limited.
With CONGVU_SCREENS=1 the screens are written to docs/screens/ (listed in docs/screens/README.md)."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from exams.models import Attempt, Result, ScriptMark, TieDecision
from exams.services import candidate_access_code_issue
from exams.services.candidates import candidate_principal_ensure
from exams.services.grading.scripts import scripts_assign, scripts_prepare
from exams.services.results import results_compute, results_publish
from hrm.models import Role
from tests.browser.conftest import assert_offline_and_clean
from tests.browser.test_exam_personas import granted
from tests.exams.factories import RoomSessionFactory
from tests.exams.factories_results import results_exam, sitting
from tests.exams.grading.conftest import written_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"


def shot(page, name: str) -> None:
    if os.environ.get("CONGVU_SCREENS"):
        page.screenshot(path=str(SCREENS / name))


@pytest.fixture
def tied(province):
    """Two candidates tied for the one place (same marks, nothing breaks it), a third below the pass mark."""
    exam, position, parts, board = results_exam(agency=province["dept"], places=1)
    g, w, i = parts["general"], parts["written"], parts["interview"]
    a = sitting(exam, position, "BT001", name="Nguyễn Thị Hoa", marks={g: 45, w: 80, i: 70})
    b = sitting(exam, position, "BT002", name="Trần Văn Bình", marks={g: 45, w: 80, i: 70})
    c = sitting(exam, position, "BT003", name="Lê Văn Vắng", marks={g: 45, w: "absent", i: 70})
    return {"exam": exam, "board": board, "a": a, "b": b, "c": c, "province": province}


def test_board_computes_sees_the_tie_records_the_heads_decision_publishes_and_anyone_looks_up(page, login, tied):
    exam, a = tied["exam"], tied["a"]
    login(page, tied["board"].username)
    page.goto(f"/exams/{exam.pk}/results/")
    with page.expect_navigation():
        page.click("[data-compute]")
    assert page.locator("tr[data-candidate=BT001]").get_attribute("data-outcome") == "undecided"
    assert page.locator("tr[data-candidate=BT002]").get_attribute("data-outcome") == "undecided"
    assert page.locator("tr[data-candidate=BT003]").get_attribute("data-outcome") == "absent"
    assert page.locator("[data-tie]").count() == 1
    shot(page, "results-tie-flagged.png")
    with page.expect_navigation():
        page.click("[data-publish]")  # refused while the tie waits
    assert "quyết định" in page.inner_text("main") and exam.result_sheet.status == "computed"
    page.check(f"[data-tie] [data-field=selected] input[value='{a.pk}']")
    page.fill("[data-tie] [data-field=head_name] input", "Ông Võ Văn Trưởng")
    page.fill("[data-tie] [data-field=reason] textarea", "Có thành tích công tác nổi bật hơn")
    page.fill("[data-tie] [data-field=document] input", "QĐ 15/QĐ-SNV ngày 28/11/2026")
    with page.expect_navigation():
        page.click("[data-tie] button[type=submit]")
    assert page.locator("tr[data-candidate=BT001]").get_attribute("data-outcome") == "selected"
    assert page.locator("tr[data-candidate=BT002]").get_attribute("data-outcome") == "not_selected"
    assert TieDecision.objects.get(exam=exam).head_name == "Ông Võ Văn Trưởng"
    with page.expect_navigation():
        page.click("[data-publish]")
    assert page.locator("[data-sheet=published]").count() == 1
    shot(page, "results-published-after-decision.png")

    page.context.clear_cookies()
    page.goto("/exams/results/lookup/")
    page.fill("#id_number", "BT001")
    page.fill("#id_cccd", a.person.cccd)
    with page.expect_navigation():
        page.click("[data-lookup] button[type=submit]")
    assert page.locator("[data-outcome]").get_attribute("data-outcome") == "selected"
    main = page.inner_text("main")
    assert "Nguyễn Thị Hoa" in main and "Trần Văn Bình" not in main and "Ông Võ Văn Trưởng" not in main
    shot(page, "results-lookup.png")
    assert_offline_and_clean(page)


@pytest.fixture
def scripts(db):
    setup = written_setup(candidates=2, graders=2)
    scripts_prepare(part=setup["part"], actor=None)
    scripts_assign(part=setup["part"], graders=setup["graders"], actor=None)
    return setup


def test_a_grader_sees_only_his_anonymised_scripts_and_is_refused_anothers_by_id(page, login, scripts):
    exam, (one, two) = scripts["exam"], scripts["graders"]
    login(page, one.username)
    page.goto(f"/exams/{exam.pk}/grading/scripts/")
    mine = ScriptMark.objects.filter(grader=one).select_related("script")
    codes = {m.script.code for m in mine}
    assert {page.locator("[data-script]").nth(i).get_attribute("data-script") for i in range(mine.count())} == codes
    main = page.inner_text("main")
    assert not any(c.person.full_name in main or c.candidate_number in main for c in scripts["candidates"])
    shot(page, "grading-my-scripts.png")
    theirs = ScriptMark.objects.filter(grader=two).exclude(script__in=[m.script for m in mine]).first()
    theirs = theirs or ScriptMark.objects.filter(grader=two).first()
    token = page.locator("form.inline-form input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    refused = page.request.post(
        f"/exams/{exam.pk}/grading/scripts/",
        form={"csrfmiddlewaretoken": token, "mark": str(theirs.pk), "score": "50"},
        headers={"Referer": page.url},
    )
    assert refused.status == 404
    api = page.request.post(
        f"/api/exams/{exam.pk}/grading/scripts/{theirs.pk}/", data={"score": "50"}, headers={"X-CSRFToken": token}
    )
    assert api.status in (403, 404)
    theirs.refresh_from_db()
    assert theirs.score is None
    for url in (f"/exams/{exam.pk}/grading/", f"/exams/{exam.pk}/results/", f"/api/exams/{exam.pk}/results/"):
        assert page.request.get(url).status in (403, 404), url
    assert_offline_and_clean(page)


def test_a_candidate_sees_only_his_own_result(page, tied):
    exam, a, b = tied["exam"], tied["a"], tied["b"]
    results_compute(exam=exam, actor=tied["board"])
    Result.objects.filter(candidate=b).update(outcome=Result.Outcome.NOT_SELECTED)
    Result.objects.filter(candidate=a).update(outcome=Result.Outcome.SELECTED)
    results_publish(exam=exam, actor=tied["board"])
    session = RoomSessionFactory(shift__exam=exam)
    theirs = Attempt.objects.create(candidate=b, shift=session.shift, room_session=session, duration_ms=60_000)
    type(exam).objects.filter(pk=exam.pk).update(status=type(exam).Status.OPEN)  # candidates sign in to open exams
    candidate_principal_ensure(candidate=a)  # his login, as seating gives it
    code = candidate_access_code_issue(candidate=a, valid_until=timezone.now() + dt.timedelta(days=1))
    page.goto("/exams/login/")
    page.fill("input[name=candidate_number]", a.candidate_number)
    page.fill("input[name=access_code]", code)
    with page.expect_navigation():
        page.click("form button[type=submit]")
    page.goto("/exams/me/result/")
    assert page.locator("[data-outcome]").get_attribute("data-outcome") == "selected"
    main = page.inner_text("main")
    assert "Nguyễn Thị Hoa" in main and "Trần Văn Bình" not in main
    shot(page, "results-candidate-own.png")
    result_b = Result.objects.get(candidate=b)
    for url in (
        f"/exams/me/results/{theirs.pk}/",
        f"/exams/me/results/{theirs.pk}.pdf",
        f"/exams/{exam.pk}/results/{result_b.pk}/slip.pdf",
        f"/exams/{exam.pk}/results/",
        f"/api/exams/{exam.pk}/results/",
        f"/exams/{exam.pk}/grading/scripts/",
    ):
        assert page.request.get(url).status in (403, 404), url
    assert_offline_and_clean(page)


def test_an_hr_officer_gets_nothing_of_the_grading_or_the_results(page, login, tied):
    exam = tied["exam"]
    results_compute(exam=exam, actor=tied["board"])
    officer = granted("to_chuc_kq", Role.HR_OFFICER, unit=tied["province"]["root"])
    login(page, officer.username)
    result = Result.objects.filter(exam=exam).first()
    for url in (
        f"/exams/{exam.pk}/grading/",
        f"/exams/{exam.pk}/grading/analysis/",
        f"/exams/{exam.pk}/results/",
        f"/exams/{exam.pk}/results/list.xlsx",
        f"/exams/{exam.pk}/results/{result.pk}/slip.pdf",
        f"/api/exams/{exam.pk}/results/",
        f"/api/exams/{exam.pk}/grading/runs/",
        "/admin/exams/result/",
    ):
        assert page.request.get(url, max_redirects=0).status in (302, 403, 404), url
    response = page.goto(f"/exams/{exam.pk}/results/")
    assert response.status in (403, 404) and page.locator("header.topbar").count() == 1
    assert_offline_and_clean(page)


def test_the_public_lookup_answers_one_pair_neutrally_and_is_rate_limited(page, tied, settings):
    exam, a = tied["exam"], tied["a"]
    results_compute(exam=exam, actor=tied["board"])
    Result.objects.filter(exam=exam, outcome=Result.Outcome.UNDECIDED).update(outcome=Result.Outcome.NOT_SELECTED)
    results_publish(exam=exam, actor=tied["board"])
    settings.CONGVU_CANDIDATE_LOGIN_ADDRESS_LIMIT = 3
    page.goto("/exams/results/lookup/")
    for number in ("BT002", "BT404", "BT001"):  # a right number with a wrong CCCD, an unknown number: the same answer
        page.fill("#id_number", number)
        page.fill("#id_cccd", "083195000999")
        with page.expect_navigation():
            page.click("[data-lookup] button[type=submit]")
        assert "Trần Văn Bình" not in page.content() and page.locator("[data-outcome]").count() == 0
    page.fill("#id_number", "BT001")
    page.fill("#id_cccd", a.person.cccd)
    with page.expect_navigation() as navigation:
        page.click("[data-lookup] button[type=submit]")
    assert navigation.value.status == 429 and page.locator("[data-outcome]").count() == 0  # locked, even right
    shot(page, "results-lookup-rate-limited.png")
    assert_offline_and_clean(page)
