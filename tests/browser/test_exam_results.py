"""A board member, in the browser: enters the panel's interview marks (each member's mark), computes the results,
publishes them and downloads the list; then anybody looks up one result by candidate number and CCCD."""

import pytest

from exams.models import Mark, Result, ResultSheet
from tests.browser.conftest import assert_offline_and_clean
from tests.exams.factories_results import results_exam, sitting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_board_member_enters_panel_marks_computes_and_publishes(page, login, province):
    exam, position, parts, board = results_exam(agency=province["dept"], places=1)
    g, w, i = parts["general"], parts["written"], parts["interview"]
    a = sitting(exam, position, "BT001", name="Nguyễn Thị Hoa", marks={g: 45, w: 80})
    b = sitting(exam, position, "BT002", name="Trần Văn Bình", marks={g: 40, w: 70})
    login(page, board.username)

    page.goto(f"/exams/{exam.pk}/results/panel/{i.pk}/")
    page.locator("input[name=member]").nth(0).fill("Ông Lê Văn Tám")
    page.locator("input[name=member]").nth(1).fill("Bà Phạm Thị Chín")
    page.fill(f"input[name=m-{a.pk}-0]", "70")
    page.fill(f"input[name=m-{a.pk}-1]", "80")
    page.fill(f"input[name=m-{b.pk}-0]", "200")  # out of range: nothing is saved, the member named
    with page.expect_navigation():
        page.click("[data-panel-form] button[type=submit]")
    assert "Bà Phạm Thị Chín" not in page.locator("[data-errors]").inner_text()
    assert "Ông Lê Văn Tám" in page.locator("[data-errors]").inner_text()
    assert not Mark.objects.filter(part=i).exists()
    page.locator("input[name=member]").nth(0).fill("Ông Lê Văn Tám")
    page.locator("input[name=member]").nth(1).fill("Bà Phạm Thị Chín")
    page.fill(f"input[name=m-{a.pk}-0]", "70")
    page.fill(f"input[name=m-{a.pk}-1]", "80")
    page.fill(f"input[name=m-{b.pk}-0]", "60")
    page.fill(f"input[name=m-{b.pk}-1]", "61")
    with page.expect_navigation():
        page.click("[data-panel-form] button[type=submit]")
    assert page.locator(".messages .msg-success").count() == 1
    assert str(Mark.objects.get(part=i, candidate=a).score) == "75.00"

    page.goto(f"/exams/{exam.pk}/results/")
    with page.expect_navigation():
        page.click("[data-compute]")
    assert page.locator("tr[data-candidate=BT001]").get_attribute("data-outcome") == "selected"
    assert page.locator("tr[data-candidate=BT002]").get_attribute("data-outcome") == "not_selected"
    with page.expect_navigation():
        page.click("[data-publish]")
    assert ResultSheet.objects.get(exam=exam).status == "published"
    with page.expect_download() as download:
        page.click("[data-list-pdf]")
    assert download.value.suggested_filename == f"ket-qua-{exam.code}.pdf"

    page.goto("/exams/results/lookup/")
    page.fill("#id_number", "BT001")
    page.fill("#id_cccd", a.person.cccd)
    with page.expect_navigation():
        page.click("[data-lookup] button[type=submit]")
    assert page.locator("[data-outcome]").get_attribute("data-outcome") == Result.Outcome.SELECTED
    assert "Trần Văn Bình" not in page.content()
    assert_offline_and_clean(page)
