"""The exam pages as the other personas, in Chromium at 1366×768: a proctor finds his rooms from his home page and
gets his room's list, never another room's; a candidate reaches only his own page; an HR officer and a board member
of another exam get nothing of this exam, whatever id they type."""

import pytest
from django.contrib.contenttypes.models import ContentType

from exams.models import Candidate, RoomSession
from exams.roles import ExamRole
from exams.services import candidate_access_code_issue
from exams.services.seating import seating_assign
from hrm.models import Role
from tests.browser.conftest import assert_offline_and_clean
from tests.exams.factories_cands import PositionFactory, exam_with_rooms, register
from tests.hrm.factories import GrantFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def granted(username: str, role: str, obj=None, **extra):
    user = UserFactory(username=username)
    scope = {"scope_type": ContentType.objects.get_for_model(obj), "scope_id": obj.pk} if obj is not None else {}
    GrantFactory(user=user, role=role, **({"unit": None} | scope | extra))
    return user


@pytest.fixture
def seated(examiner):
    exam = exam_with_rooms(rooms=(("Phòng 01", 1), ("Phòng 02", 1)))
    position = PositionFactory(exam=exam, code="CV-TH")
    register(exam, position, full_name="Nguyễn Văn An")
    register(exam, position, full_name="Trần Thị Bích")
    seating_assign(exam=exam, actor=examiner)
    mine, other = RoomSession.objects.filter(shift__exam=exam).order_by("room__name")
    return {"exam": exam, "mine": mine, "other": other}


def test_a_proctor_finds_his_room_list_from_home_and_nothing_else(page, login, seated):
    exam, mine, other = seated["exam"], seated["mine"], seated["other"]
    proctor = granted("giam_thi", ExamRole.PROCTOR, mine)
    login(page, proctor.username)
    with page.expect_navigation():
        page.click("main a:has-text('Phòng thi của tôi')")
    assert page.locator("[data-proctor-rooms] tbody tr").count() == 1
    assert page.inner_text(f"tr[data-room-session='{mine.pk}']").count("Phòng 01") == 1
    with page.expect_download() as download:
        page.click(f"tr[data-room-session='{mine.pk}'] a:text-is('PDF')")
    assert download.value.path().read_bytes().startswith(b"%PDF")
    for url in (f"/exams/room-sessions/{other.pk}/list.pdf", f"/exams/{exam.pk}/seating/", f"/exams/{exam.pk}/"):
        assert page.request.get(url).status in (403, 404), url
    assert_offline_and_clean(page)


def test_a_candidate_reaches_only_his_own_page(page, seated):
    exam = seated["exam"]
    an = Candidate.objects.get(exam=exam, person__full_name="Nguyễn Văn An")
    code = candidate_access_code_issue(candidate=an)
    page.goto("/exams/login/")
    page.fill("input[name=candidate_number]", an.candidate_number)
    page.fill("input[name=access_code]", code)
    with page.expect_navigation():
        page.click("form button[type=submit]")
    main = page.inner_text("main")
    assert "Nguyễn Văn An" in main and "Trần Thị Bích" not in main
    bich = Candidate.objects.get(exam=exam, person__full_name="Trần Thị Bích")
    for url in (
        f"/exams/{exam.pk}/",
        f"/exams/{exam.pk}/candidates/{bich.pk}/",
        f"/api/exams/{exam.pk}/candidates/{bich.pk}/",
        f"/exams/room-sessions/{seated['mine'].pk}/list.pdf",
        "/exams/my-rooms/",
        "/admin/",
    ):
        assert page.request.get(url).status == 404, url
    assert_offline_and_clean(page)


@pytest.mark.parametrize("persona", ["hr_officer", "other_board"])
def test_an_hr_officer_or_another_exams_board_gets_nothing_of_this_exam(page, login, seated, persona, province):
    exam = seated["exam"]
    candidate = Candidate.objects.filter(exam=exam).first()
    if persona == "hr_officer":
        user = granted("to_chuc", Role.HR_OFFICER, unit=province["root"])
    else:
        user = granted("hoi_dong_khac", ExamRole.EXAM_BOARD, exam_with_rooms())
    login(page, user.username)
    assert f"/exams/{exam.pk}/" not in page.content()  # no menu entry or tile leads there
    for url in (
        f"/exams/{exam.pk}/",
        f"/exams/{exam.pk}/candidates/",
        f"/exams/{exam.pk}/candidates/{candidate.pk}/",
        f"/exams/{exam.pk}/seating/",
        f"/exams/{exam.pk}/papers/",
        f"/exams/room-sessions/{seated['mine'].pk}/list.pdf",
        f"/api/exams/{exam.pk}/",
        f"/api/exams/{exam.pk}/candidates/",
        f"/api/exams/{exam.pk}/seating/",
    ):
        assert page.request.get(url).status in (403, 404), url
    response = page.goto(f"/exams/{exam.pk}/candidates/{candidate.pk}/")
    assert response.status in (403, 404)
    assert page.locator("header.topbar").count() == 1  # the styled refusal in the layout
    assert_offline_and_clean(page)
