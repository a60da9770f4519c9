"""Issue #14's browser test: an exam-board member sets an exam up from bank to seating in one run, through the real
pages, in headless Chromium at 1366×768 and in Vietnamese.

He creates a bank and imports a GIFT file; a second member of the board reviews and approves the questions (four eyes:
whoever wrote a version may not check it); he creates the exam, a position with its quota, the parts from the
profile (then links the general part to the bank), a room and a shift, the blueprint, imports the candidates from
xlsx, generates the papers (with the job's progress bar), seats the candidates and downloads the admission cards."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from exams import selectors
from exams.models import (
    BlueprintCell,
    Candidate,
    CandidatePaper,
    CandidateSeat,
    Exam,
    ItemVersion,
    Part,
    QuestionBank,
    RegulationProfile,
    Room,
    RoomSession,
    Shift,
)
from exams.roles import ExamRole
from hrm.services.cccd import cccd_make
from tests.browser.conftest import PASSWORD, assert_offline_and_clean
from tests.hrm.factories import GrantFactory, OrgUnitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOPICS = ("Luật Cán bộ, công chức", "Luật Tổ chức chính quyền địa phương")
PER_TOPIC = 6  # 3 × the 2 questions a paper takes from each topic: the smallest bank the rule allows


def gift_file() -> bytes:
    """Two categories of six single-choice questions (difficulty 1), as teachers keep them."""
    blocks = ["// Ngân hàng câu hỏi kiến thức chung (kiểm thử)"]
    for t, topic in enumerate(TOPICS, start=1):
        blocks.append(f"$CATEGORY: $course$/top/{topic}")
        for n in range(1, PER_TOPIC + 1):
            blocks.append(
                f"// congvu:difficulty=1\n::KTC-{t}-{n:02d}::Câu hỏi {n} về {topic}?{{\n"
                f"\t=Đáp án đúng {n}\n\t~Phương án sai A{n}\n\t~Phương án sai B{n}\n\t~Phương án sai C{n}\n}}"
            )
    return ("\n\n".join(blocks) + "\n").encode()


def candidates_xlsx(position_code: str) -> bytes:
    from openpyxl import Workbook

    people = [
        ("Nguyễn Văn An", dt.date(1995, 3, 4), "male", "Nam"),
        ("Trần Thị Bích", dt.date(1996, 2, 2), "female", "Nữ"),
        ("Lê Hoàng Cường", dt.date(1994, 7, 9), "male", "Nam"),
    ]
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Mã vị trí"])
    for serial, (name, born, sex, label) in enumerate(people, start=1):
        cccd = cccd_make(province_code="083", sex=sex, date_of_birth=born, serial=serial)
        sheet.append([name, born.strftime("%d/%m/%Y"), label, cccd, position_code])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def submit(page, selector: str):
    """Click a submit button and wait for the page it leads to."""
    with page.expect_navigation():
        page.click(selector)


def open_tab(page, label: str):
    """Open one of the exam's tabs by its Vietnamese label."""
    with page.expect_navigation():
        page.click(f".tabs-nav a:text-is('{label}')")


def assert_saved(page):
    """The page says it saved, and shows no error."""
    assert page.locator(".errors[role=alert]").count() == 0, page.inner_text("main")
    assert page.locator(".messages .msg-success").count() >= 1, page.inner_text("main")


@pytest.fixture
def board(examiner):
    """Two members of the exam board: the one who sets the exam up, and the one who checks his questions."""
    checker = UserFactory(username="uy_vien_hoi_dong")
    GrantFactory(user=checker, role=ExamRole.EXAM_BOARD, unit=None)
    return examiner, checker


def test_a_board_member_goes_from_bank_to_seating(page, browser, live_server, login, board, job_worker, tmp_path):
    member, checker = board
    agency = OrgUnitFactory(code="SNV", name="Sở Nội vụ", kind="department")
    held_on = timezone.localdate() + dt.timedelta(days=20)
    profile = selectors.profile_list_offered(kind=RegulationProfile.Kind.RECRUITMENT, on=held_on).first()
    assert profile is not None, "the seeded regulation profiles offer no recruitment profile"

    # --- the bank: created, then a GIFT file imported (drafts) -----------------------------------------------
    login(page, member.username)
    page.goto("/exams/banks/")
    page.fill("[data-bank-create] #id_code", "KTC-KT")
    page.fill("[data-bank-create] #id_name", "Kiến thức chung (kiểm thử)")
    page.select_option("[data-bank-create] #id_subject", label="Kiến thức chung")
    submit(page, "[data-bank-create] button[type=submit]")
    bank = QuestionBank.objects.get(code="KTC-KT")
    page.goto(f"/exams/banks/{bank.pk}/import/")
    gift = {"name": "kien-thuc-chung.gift", "mimeType": "text/plain", "buffer": gift_file()}
    page.set_input_files("[data-import-form] input[type=file]", files=[gift])
    submit(page, "[data-import-form] button[type=submit]")  # a dry run first: the box is ticked
    assert page.locator("[data-import-errors]").count() == 0, page.inner_text("[data-import-result]")
    assert page.inner_text("[data-import-counts]").startswith(f"{2 * PER_TOPIC} ")
    page.set_input_files("[data-import-form] input[type=file]", files=[gift])
    page.uncheck("[data-import-form] input[name=dry_run]")
    submit(page, "[data-import-form] button[type=submit]")
    assert page.locator("[data-import-errors]").count() == 0, page.inner_text("[data-import-result]")
    assert ItemVersion.objects.filter(item__bank=bank, status="draft").count() == 2 * PER_TOPIC

    # --- four eyes: the writer may not approve his own questions; the second member reviews and approves -------
    page.goto(f"/exams/banks/{bank.pk}/")
    page.locator("[data-item-table] input[name=version]").first.check()
    submit(page, "[data-bulk-decide] button[value=review]")
    assert page.locator(".messages .msg-error").count() == 1  # "another member of the board must check it"
    checking = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 768}, base_url=live_server.url)
    second = checking.new_page()
    login(second, checker.username, PASSWORD)
    for decision in ("review", "approve"):
        second.goto(f"/exams/banks/{bank.pk}/")
        for box in second.locator("[data-item-table] input[name=version]").all():
            box.check()
        submit(second, f"[data-bulk-decide] button[value={decision}]")
        assert second.locator(".messages .msg-error").count() == 0, second.inner_text(".messages")
    checking.close()
    assert ItemVersion.objects.filter(item__bank=bank, status="approved").count() == 2 * PER_TOPIC

    # --- the exam ------------------------------------------------------------------------------------------------
    page.goto("/exams/")
    submit(page, "[data-exam-create]")
    page.fill("#id_code", "TT-2026")
    page.fill("#id_name", "Thi tuyển công chức Sở Nội vụ 2026")
    page.select_option("#id_kind", Exam.Kind.RECRUITMENT)
    page.fill("#id_held_on", held_on.strftime("%d/%m/%Y"))
    page.select_option("#id_profile", str(profile.pk))
    page.select_option("#id_paper_mode", Exam.PaperMode.PER_CANDIDATE)
    submit(page, "[data-exam-form] button[type=submit]")
    exam = Exam.objects.get(code="TT-2026")
    assert page.url.endswith(f"/exams/{exam.pk}/")

    # --- a position and its quota ----------------------------------------------------------------------------
    open_tab(page, "Vị trí tuyển")
    page.fill("[data-position-form] #id_code", "CV-TH")
    page.fill("[data-position-form] #id_name", "Chuyên viên tổng hợp")
    submit(page, "[data-position-form] button[type=submit]")
    assert_saved(page)
    page.select_option("[data-quota-form] select[name=agency]", str(agency.pk))
    page.fill("[data-quota-form] input[name=quota]", "2")
    submit(page, "[data-quota-form] button[type=submit]")
    assert_saved(page)
    assert page.inner_text("[data-quota-total]") == "2"

    # --- the parts from the profile, the general part linked to the bank -------------------------------------------
    open_tab(page, "Các phần thi")
    submit(page, "[data-prefill-form] button.primary")
    assert_saved(page)
    general = Part.objects.get(exam=exam, key="general")
    page.click("tr[data-part=general] a:text-is('Sửa')")
    page.wait_for_url(f"**/exams/{exam.pk}/parts/{general.pk}/")
    page.select_option("#id_bank", str(bank.pk))
    page.fill("#id_questions", "4")
    submit(page, "form.form button.primary")
    assert_saved(page)
    general.refresh_from_db()
    assert (general.bank_id, general.questions) == (bank.pk, 4)

    # --- a room and a shift that takes the general part ---------------------------------------------------------
    open_tab(page, "Phòng và ca thi")
    page.fill("[data-room-form] #id_name", "Phòng 01")
    page.fill("[data-room-form] #id_capacity", "2")
    submit(page, "[data-room-form] button[type=submit]")
    assert_saved(page)
    page.fill("[data-room-form] #id_name", "Phòng 02")
    page.fill("[data-room-form] #id_capacity", "2")
    submit(page, "[data-room-form] button[type=submit]")
    assert_saved(page)
    page.fill("[data-shift-form] #id_name", "Ca 1")
    page.fill("[data-shift-form] #id_starts_at", f"{held_on:%d/%m/%Y} 08:00")
    page.fill("[data-shift-form] #id_duration_minutes", "90")
    page.check(f"[data-shift-form] input[name=parts][value='{general.pk}']")
    submit(page, "[data-shift-form] button[type=submit]")
    assert_saved(page)
    later = Part.objects.filter(exam=exam).exclude(pk=general.pk)  # round 2 (written), from the profile
    assert later.exists()
    page.fill("[data-shift-form] #id_name", "Ca 2 (vòng 2)")
    page.fill("[data-shift-form] #id_starts_at", f"{held_on + dt.timedelta(days=7):%d/%m/%Y} 08:00")
    page.fill("[data-shift-form] #id_duration_minutes", str(sum(p.minutes for p in later)))
    for part in later:
        page.check(f"[data-shift-form] input[name=parts][value='{part.pk}']")
    submit(page, "[data-shift-form] button[type=submit]")
    assert_saved(page)
    assert RoomSession.objects.filter(shift__exam=exam).count() == 4  # each shift in every room
    assert Shift.objects.get(exam=exam, name="Ca 1").parts.filter(pk=general.pk).exists()
    assert Room.objects.filter(exam=exam).count() == 2

    # --- the blueprint: two questions of each topic -------------------------------------------------------------
    open_tab(page, "Đề thi")
    page.click(f"tr[data-part='{general.pk}'] a[href$='/blueprint/']")
    page.wait_for_url(f"**/papers/parts/{general.pk}/blueprint/")
    for topic in bank.topics.filter(name__in=TOPICS):
        page.fill(f"input[name=cell-{topic.pk}-1-count]", "2")
    assert "Nhận biết" in page.inner_text("[data-blueprint-form]")  # the difficulties in Vietnamese
    submit(page, "[data-blueprint-form] button[type=submit]")
    assert page.locator("[data-total]").inner_text().startswith("4")
    assert BlueprintCell.objects.filter(part=general).count() == 2

    # --- the candidates, from the xlsx template's columns -----------------------------------------------------
    open_tab(page, "Thí sinh")
    page.goto(f"/exams/{exam.pk}/candidates/import/")
    upload = {"name": "thi-sinh.xlsx", "mimeType": "application/octet-stream", "buffer": candidates_xlsx("CV-TH")}
    page.set_input_files("[data-import-form] input[type=file]", files=[upload])
    submit(page, "[data-import-form] button[type=submit]")
    assert page.locator("[data-import-errors]").count() == 0, page.inner_text("[data-import-result]")
    assert page.inner_text("[data-created]") == "3"
    assert Candidate.objects.filter(exam=exam).count() == 3

    # --- eligibility: a recruitment exam has no registry check; the tab says so -----------------------------------
    open_tab(page, "Điều kiện dự thi")
    assert "dành cho cán bộ được đưa vào kỳ thi nâng ngạch" in page.inner_text("[data-eligibility-not-applicable]")
    assert page.locator("[data-recompute]").count() == 0

    # --- papers are made for seated candidates: before seating the page refuses at once, queuing nothing ------
    page.goto(f"/exams/{exam.pk}/papers/")
    submit(page, f"tr[data-part='{general.pk}'] [data-generate]")
    assert "hãy xếp phòng thi trước" in page.inner_text("[data-part-errors]")
    assert page.url.endswith(f"/exams/{exam.pk}/papers/parts/{general.pk}/generate/")

    # --- seating -----------------------------------------------------------------------------------------------------
    open_tab(page, "Xếp phòng thi")
    page.fill("#id_prefix", "TT")
    submit(page, "[data-seating-form] button[type=submit]")
    assert_saved(page)
    assert CandidateSeat.objects.filter(candidate__exam=exam).count() == 6  # a seat in each shift
    assert sorted(Candidate.objects.filter(exam=exam).values_list("candidate_number", flat=True)) == [
        "TT0001",
        "TT0002",
        "TT0003",
    ]

    # --- the papers, generated by a job with its progress bar ---------------------------------------------------
    page.goto(f"/exams/{exam.pk}/papers/")
    submit(page, f"tr[data-part='{general.pk}'] [data-generate]")
    page.wait_for_selector("[data-job-result]:not([hidden])", timeout=30_000)
    page.wait_for_load_state()
    assert page.get_attribute("[data-job-progress] .progress", "aria-valuenow") == "100", page.inner_text("main")
    submit(page, "[data-back-to-papers]")
    assert page.inner_text(f"tr[data-part='{general.pk}'] [data-papers-ready]") == "3/3"
    assert CandidatePaper.objects.filter(part=general).count() == 3
    assert page.inner_text("[data-paper-mode]").startswith("Mỗi thí sinh một đề")

    # --- the admission cards, with the one-time access codes ------------------------------------------------------
    open_tab(page, "Xếp phòng thi")
    with page.expect_download() as download:
        page.click("[data-issue-codes] button")
    assert download.value.suggested_filename.endswith(".pdf")
    assert download.value.path().read_bytes().startswith(b"%PDF")
    page.congvu_watch.console = [m for m in page.congvu_watch.console if "WebSocket" not in m]  # WSGI live server
    assert_offline_and_clean(page)
