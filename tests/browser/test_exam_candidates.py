"""A board member, in the browser: registers an applicant (a bad CCCD refused on its field), adds a priority claim
with its scan and accepts it, seats the candidates, prints a room list, and the issued code logs the candidate in."""

import datetime as dt

import pytest

from exams.models import Candidate, CandidateClaim, CandidateSeat
from hrm.services.cccd import cccd_make
from tests.browser.conftest import assert_offline_and_clean
from tests.exams.factories_cands import PDF, PositionFactory, exam_with_rooms, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_board_member_registers_claims_and_seats(page, login, examiner, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    exam = exam_with_rooms(rooms=(("Phòng 01", 2), ("Phòng 02", 2)))
    position = PositionFactory(exam=exam, code="CV-TH", name="Chuyên viên tổng hợp")
    register(exam, position, full_name="Trần Thị Bích", born=dt.date(1996, 2, 2), sex="female")
    login(page, examiner.username)

    page.goto(f"/exams/{exam.pk}/candidates/")
    assert page.locator(".tabs-nav a.current").inner_text() == "Thí sinh"
    with page.expect_navigation():
        page.click("[data-applicant-create]")
    page.fill("#id_full_name", "nguyễn văn an")
    page.fill("#id_date_of_birth", "04/03/1995")
    page.select_option("#id_sex", "male")
    page.fill("#id_cccd", "083095")
    page.select_option("#id_position", str(position.pk))
    with page.expect_navigation():
        page.click("[data-applicant-form] button[type=submit]")
    assert page.locator("[data-field=cccd] .errors[role=alert]").count() == 1
    page.fill("#id_cccd", cccd_make(province_code="083", sex="male", date_of_birth=dt.date(1995, 3, 4), serial=31))
    with page.expect_navigation():
        page.click("[data-applicant-form] button[type=submit]")
    assert page.locator(".messages .msg-success").count() == 1
    candidate = Candidate.objects.get(person__full_name="Nguyễn Văn An")

    page.select_option("#id_kind", "priority")
    page.select_option("#id_priority_key", "military_service")
    page.set_input_files("#id_evidence", files=[{"name": "xuat-ngu.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    with page.expect_navigation():
        page.click("[data-claim-form] button[type=submit]")
    with page.expect_navigation():
        page.click("[data-claim-decide] button[value=accept]")
    assert CandidateClaim.objects.get(candidate=candidate).status == "accepted"

    page.click(".tabs-nav >> text=Xếp phòng thi")
    page.wait_for_url(f"**/exams/{exam.pk}/seating/")
    page.fill("#id_prefix", "BT")
    with page.expect_navigation():
        page.click("[data-seating-form] button[type=submit]")
    assert page.locator(".messages .msg-success").count() == 1
    assert CandidateSeat.objects.filter(candidate__exam=exam).count() == 2
    candidate.refresh_from_db()
    assert candidate.candidate_number == "BT0001"  # An before Bích
    with page.expect_download() as download:
        page.click("[data-issue-codes] button")
    assert download.value.suggested_filename.endswith(".pdf")
    with page.expect_download() as download:
        page.click("text=Excel >> nth=0")
    assert download.value.suggested_filename.endswith(".xlsx")
    assert_offline_and_clean(page)
