import pytest
from django.urls import reverse

from exams.models import Exam, Part, Position, Room, RoomSession, Shift
from exams.roles import ExamRole
from tests.exams.factories import RoomSessionFactory
from tests.exams.factories_setup import (
    EXAM_DAY,
    PartFactory,
    PositionFactory,
    SetupExamFactory,
    board_of,
    grader_of,
    paper_for,
    proctor_of,
    profile,
)
from tests.hrm.factories import UserFactory

pytestmark = pytest.mark.django_db
TABS = ["exams:exam-overview", "exams:exam-positions", "exams:exam-parts", "exams:exam-rooms", "exams:exam-staff"]


def test_board_member_of_every_exam_creates_an_exam_from_the_page(client, examiner, province):
    client.force_login(examiner)
    assert client.get(reverse("exams:exam-create")).status_code == 200
    data = {
        "code": "tt-2026",
        "name": "Thi tuyển 2026",
        "kind": "recruitment",
        "held_on": "10/03/2026",
        "profile": profile().pk,
        "organiser": province["dept"].pk,
        "paper_mode": "per_candidate",
        "shuffle_questions": "on",
    }
    response = client.post(reverse("exams:exam-create"), data)
    exam = Exam.objects.get(code="TT-2026")
    assert response.status_code == 302 and response["Location"] == reverse("exams:exam-overview", args=[exam.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200 and b"data-checklist" in page.content


def test_profile_not_in_force_is_shown_on_its_field_and_nothing_is_saved(client, examiner, english):
    client.force_login(examiner)
    data = {
        "code": "X1",
        "name": "X",
        "kind": "recruitment",
        "held_on": "10/03/2026",
        "paper_mode": "per_candidate",
        "profile": profile("vienchuc_ND259_2026").pk,
    }
    response = client.post(reverse("exams:exam-create"), data)
    assert response.status_code == 400
    assert "not in force on the exam date" in str(response.context["form"].errors["profile"])
    assert not Exam.objects.filter(code="X1").exists()


def test_every_tab_opens_for_the_board_member_of_the_exam_only(client):
    exam, other = SetupExamFactory(), SetupExamFactory()
    user = board_of(exam)
    client.force_login(user)
    for name in TABS:
        assert client.get(reverse(name, args=[exam.pk])).status_code == 200, name
        assert client.get(reverse(name, args=[other.pk])).status_code == 404, name
    listing = client.get(reverse("exams:exam-list"))
    assert [e.code for e in listing.context["exams"]] == [exam.code]
    assert not listing.context["may_create"]
    assert client.get(reverse("exams:exam-create")).status_code == 403


@pytest.mark.parametrize("persona", ["proctor", "grader", "candidate", "hr_manager", "outsider"])
def test_other_personas_get_nothing(client, persona, request):
    exam = SetupExamFactory()
    session = RoomSessionFactory(shift__exam=exam)
    users = {
        "proctor": lambda: proctor_of(session),
        "grader": lambda: grader_of(exam),
        "candidate": lambda: request.getfixturevalue("candidate"),
        "hr_manager": lambda: request.getfixturevalue("hr_manager"),
        "outsider": lambda: request.getfixturevalue("outsider"),
    }
    client.force_login(users[persona]())
    assert client.get(reverse("exams:exam-list")).status_code == 403
    assert client.get(reverse("exams:exam-create")).status_code == 403
    for name in TABS:
        assert client.get(reverse(name, args=[exam.pk])).status_code == 404
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("exams:exam-list")}"' not in home  # no menu entry leads there


def test_menu_shows_exams_to_a_board_member(client, examiner):
    client.force_login(examiner)
    assert f'href="{reverse("exams:exam-list")}"' in client.get(reverse("home")).content.decode()


def test_anonymous_is_sent_to_login(client):
    exam = SetupExamFactory()
    for url in [reverse("exams:exam-list"), reverse("exams:exam-overview", args=[exam.pk])]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_positions_page_adds_a_position_and_a_quota(client, examiner, province):
    exam = SetupExamFactory()
    client.force_login(examiner)
    url = reverse("exams:exam-positions", args=[exam.pk])
    assert client.post(url, {"action": "add", "code": "VT1", "name": "Chuyên viên"}).status_code == 302
    position = Position.objects.get(exam=exam)
    data = {"action": "quota", "position": position.pk, "agency": province["d1"].pk, "quota": 4}
    assert client.post(url, data).status_code == 302
    page = client.get(url)
    assert page.context["quota_total"] == 4
    refused = client.post(url, {"action": "add", "code": "VT1", "name": "Trùng"})
    assert refused.status_code == 400 and refused.context["form"].errors["code"]


def test_quota_for_a_position_of_another_exam_is_404(client, examiner, province):
    exam, stranger = SetupExamFactory(), PositionFactory()
    client.force_login(examiner)
    data = {"action": "quota", "position": stranger.pk, "agency": province["d1"].pk, "quota": 4}
    assert client.post(reverse("exams:exam-positions", args=[exam.pk]), data).status_code == 404


def test_parts_page_previews_and_creates_the_profiles_parts(client, examiner):
    exam = SetupExamFactory()
    client.force_login(examiner)
    url = reverse("exams:exam-parts", args=[exam.pk])
    preview = client.get(url, {"round2_form": "written_interview"})
    assert [row.key for row in preview.context["plan"]] == ["general", "written", "interview"]
    assert client.post(url, {"action": "prefill", "round2_form": "written"}).status_code == 302
    assert list(exam.parts.values_list("key", flat=True)) == ["general", "written"]


def test_parts_are_frozen_on_the_page_once_papers_exist(client, examiner):
    part = PartFactory()
    paper_for(part)
    client.force_login(examiner)
    url = reverse("exams:part-edit", args=[part.exam.pk, part.pk])
    data = {
        "round": 1,
        "key": part.key,
        "name": "X",
        "mode": "computer",
        "questions": 60,
        "minutes": 90,
        "max_score": 100,
        "order": 1,
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert Part.objects.get(pk=part.pk).minutes == 60


def test_rooms_page_adds_rooms_and_a_shift_and_refuses_a_short_shift(client, examiner, english):
    exam = SetupExamFactory()
    general = PartFactory(exam=exam, key="general", minutes=60)
    client.force_login(examiner)
    url = reverse("exams:exam-rooms", args=[exam.pk])
    for name in ("P01", "P02"):
        assert client.post(url, {"action": "room", "name": name, "capacity": 30}).status_code == 302
    short = {
        "action": "shift",
        "name": "Ca 1",
        "starts_at": "10/03/2026 08:00",
        "duration_minutes": 45,
        "parts": [general.pk],
    }
    response = client.post(url, short)
    assert response.status_code == 400
    assert "45 minutes but its parts need 60" in str(response.context["shift_form"].errors["duration_minutes"])
    assert client.post(url, short | {"duration_minutes": 60}).status_code == 302
    shift = Shift.objects.get(exam=exam)
    assert shift.starts_at.hour == 1  # 08:00 in Vietnam is 01:00 UTC
    assert RoomSession.objects.filter(shift=shift).count() == 2
    room = Room.objects.get(exam=exam, name="P02")
    assert client.post(url, {"action": "sessions", "session": [f"{shift.pk}-{room.pk}"]}).status_code == 302
    assert list(RoomSession.objects.filter(shift=shift).values_list("room__name", flat=True)) == ["P02"]


def test_each_add_and_save_on_the_setup_pages_says_what_was_saved(client, examiner, province):
    exam = SetupExamFactory()
    client.force_login(examiner)
    positions, rooms = reverse("exams:exam-positions", args=[exam.pk]), reverse("exams:exam-rooms", args=[exam.pk])
    parts = reverse("exams:exam-parts", args=[exam.pk])

    def said(url, data):
        page = client.post(url, data, follow=True)
        return [str(m) for m in page.context["messages"]]

    assert said(positions, {"action": "add", "code": "VT1", "name": "Chuyên viên"}) == ["Đã thêm vị trí VT1."]
    position = Position.objects.get(exam=exam)
    quota = {"action": "quota", "position": position.pk, "agency": province["d1"].pk, "quota": 4}
    assert said(positions, quota) == ["Đã lưu chỉ tiêu của vị trí VT1."]
    part = {"action": "add", "round": 1, "key": "general", "name": "Kiến thức chung", "mode": "computer"}
    part |= {"questions": 60, "minutes": 60, "max_score": 100, "order": 1}
    assert said(parts, part) == ["Đã thêm phần thi Kiến thức chung."]
    assert said(rooms, {"action": "room", "name": "P01", "capacity": 30}) == ["Đã thêm phòng P01."]
    shift = {"action": "shift", "name": "Ca 1", "starts_at": "10/03/2026 08:00", "duration_minutes": 60}
    shift["parts"] = [exam.parts.get().pk]
    assert said(rooms, shift) == ["Đã thêm ca Ca 1."]
    assert said(rooms, {"action": "fill"}) == ["Mọi phòng đã được dùng trong mọi ca."]
    room = Room.objects.get(exam=exam)
    edit = reverse("exams:room-edit", args=[exam.pk, room.pk])
    assert said(edit, {"name": "P01", "capacity": 40}) == ["Đã lưu phòng P01."]
    refused = client.post(positions, {"action": "add", "code": "VT1", "name": "Trùng"})
    assert refused.status_code == 400 and not list(refused.context["messages"])  # a refusal says nothing saved


def test_staff_page_gives_and_removes_a_proctor(client, examiner):
    exam = SetupExamFactory()
    session = RoomSessionFactory(shift__exam=exam)
    person = UserFactory(username="giamthi")
    client.force_login(examiner)
    url = reverse("exams:exam-staff", args=[exam.pk])
    data = {"action": "assign", "user": person.pk, "role": ExamRole.PROCTOR, "room_session": session.pk}
    assert client.post(url, data).status_code == 302
    staff = client.get(url).context["staff"]
    grant = staff["sessions"][0]["proctors"][0]
    assert grant.user == person and staff["sessions"][0]["short"]
    assert client.post(url, {"action": "remove", "grant": grant.pk}).status_code == 302
    assert client.get(url).context["staff"]["sessions"][0]["proctors"] == []


def test_status_change_from_the_overview(client, examiner):
    exam = SetupExamFactory()
    client.force_login(examiner)
    url = reverse("exams:exam-overview", args=[exam.pk])
    refused = client.post(url, {"action": "status", "status": "open"})
    assert refused.status_code == 400  # no parts yet
    PartFactory(exam=exam)
    assert client.post(url, {"action": "status", "status": "open"}).status_code == 302
    exam.refresh_from_db()
    assert exam.status == Exam.Status.OPEN and exam.held_on == EXAM_DAY
