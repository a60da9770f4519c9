import pytest
from django.urls import reverse

from exams.models import Exam, Part
from exams.roles import ExamRole
from tests.exams.factories import RoomSessionFactory
from tests.exams.factories_setup import (
    PartFactory,
    PositionFactory,
    SetupExamFactory,
    board_of,
    grader_of,
    proctor_of,
    profile,
)
from tests.hrm.factories import UserFactory

pytestmark = pytest.mark.django_db


def _urls(exam, position, part) -> list[str]:
    args = [exam.pk]
    return [
        reverse("exams-api:exam-detail", args=args),
        reverse("exams-api:exam-overview", args=args),
        reverse("exams-api:position-list", args=args),
        reverse("exams-api:position-detail", args=[exam.pk, position.pk]),
        reverse("exams-api:part-list", args=args),
        reverse("exams-api:parts-prefill", args=args),
        reverse("exams-api:room-list", args=args),
        reverse("exams-api:shift-list", args=args),
        reverse("exams-api:room-session-list", args=args),
        reverse("exams-api:staff-list", args=args),
    ]


def test_board_member_creates_an_exam_and_reads_its_overview(api_client, examiner, english):
    api_client.force_authenticate(examiner)
    data = {
        "code": "API-1",
        "name": "Thi tuyển",
        "kind": "recruitment",
        "profile": profile().pk,
        "held_on": "2026-03-10",
    }
    response = api_client.post(reverse("exams-api:exam-list"), data, format="json")
    assert response.status_code == 201, response.data
    exam_id = response.data["id"]
    overview = api_client.get(reverse("exams-api:exam-overview", args=[exam_id])).data
    assert overview["summary"]["parts"] == 0
    assert {c["key"]: c["ok"] for c in overview["checklist"]}["parts"] is False
    assert [c["points"] for c in overview["priority_categories"]] == ["7.5", "5.0", "2.5", "1.5"]


def test_refusal_is_a_400_naming_the_field(api_client, examiner):
    api_client.force_authenticate(examiner)
    data = {"code": "API-2", "name": "X", "kind": "promotion", "profile": profile().pk, "held_on": "2026-03-10"}
    response = api_client.post(reverse("exams-api:exam-list"), data, format="json")
    assert response.status_code == 400 and "profile" in response.data
    assert not Exam.objects.filter(code="API-2").exists()


def test_board_member_of_exam_a_gets_404_on_exam_b(api_client):
    exam, other = SetupExamFactory(), SetupExamFactory()
    api_client.force_authenticate(board_of(exam))
    mine = _urls(exam, PositionFactory(exam=exam), PartFactory(exam=exam))
    theirs = _urls(other, PositionFactory(exam=other), PartFactory(exam=other))
    for url in mine:
        assert api_client.get(url).status_code in (200, 405), url
    for url in theirs:
        assert api_client.get(url).status_code in (404, 405), url
    assert [e["code"] for e in api_client.get(reverse("exams-api:exam-list")).data] == [exam.code]
    data = {"code": "NEW", "name": "X", "kind": "recruitment", "profile": profile().pk, "held_on": "2026-03-10"}
    assert api_client.post(reverse("exams-api:exam-list"), data, format="json").status_code == 403


def test_a_position_of_another_exam_is_404_even_by_its_id(api_client, examiner):
    exam, stranger = SetupExamFactory(), PositionFactory()
    api_client.force_authenticate(board_of(exam))
    url = reverse("exams-api:position-detail", args=[exam.pk, stranger.pk])
    assert api_client.patch(url, {"name": "X"}, format="json").status_code == 404
    assert api_client.delete(url).status_code == 404


@pytest.mark.parametrize("persona", ["proctor", "grader", "candidate", "hr_manager", "outsider"])
def test_other_personas_get_403_or_404(api_client, persona, request):
    exam = SetupExamFactory()
    session = RoomSessionFactory(shift__exam=exam)
    users = {
        "proctor": lambda: proctor_of(session),
        "grader": lambda: grader_of(exam),
        "candidate": lambda: request.getfixturevalue("candidate"),
        "hr_manager": lambda: request.getfixturevalue("hr_manager"),
        "outsider": lambda: request.getfixturevalue("outsider"),
    }
    api_client.force_authenticate(users[persona]())
    assert api_client.get(reverse("exams-api:exam-list")).status_code == 403
    for url in _urls(exam, PositionFactory(exam=exam), PartFactory(exam=exam)):
        assert api_client.get(url).status_code in (403, 404), url


def test_parts_prefill_plan_and_creation(api_client, examiner):
    exam = SetupExamFactory(profile=profile("vienchuc_ND115_2020_as_amended_ND85_2023"))
    PositionFactory(exam=exam, requires_language=True)
    api_client.force_authenticate(examiner)
    url = reverse("exams-api:parts-prefill", args=[exam.pk])
    plan = api_client.get(url, {"round2_form": "oral"}).data
    assert [(row["key"], row["minutes"]) for row in plan] == [("general", 60), ("language", 30), ("oral", 30)]
    assert plan[1]["position"] is None  # every position requires a language: one part for all
    assert api_client.post(url, {"round2_form": "practical"}, format="json").status_code == 400
    created = api_client.post(url, {"round2_form": "oral"}, format="json")
    assert created.status_code == 201 and len(created.data) == 3


def test_rooms_shifts_sessions_and_staff_through_the_api(api_client, examiner):
    exam = SetupExamFactory()
    part = PartFactory(exam=exam, key="general", minutes=60)
    api_client.force_authenticate(examiner)
    room = api_client.post(reverse("exams-api:room-list", args=[exam.pk]), {"name": "P1", "capacity": 20})
    assert room.status_code == 201
    shift = api_client.post(
        reverse("exams-api:shift-list", args=[exam.pk]),
        {"name": "Ca 1", "starts_at": "2026-03-10T08:00:00+07:00", "duration_minutes": 50, "parts": [part.pk]},
        format="json",
    )
    assert shift.status_code == 400 and "duration_minutes" in shift.data
    shift = api_client.post(
        reverse("exams-api:shift-list", args=[exam.pk]),
        {"name": "Ca 1", "starts_at": "2026-03-10T08:00:00+07:00", "duration_minutes": 60, "parts": [part.pk]},
        format="json",
    )
    assert shift.status_code == 201
    sessions = api_client.get(reverse("exams-api:room-session-list", args=[exam.pk])).data
    assert len(sessions) == 1
    user = UserFactory(username="gt")
    staff_url = reverse("exams-api:staff-list", args=[exam.pk])
    given = api_client.post(staff_url, {"user": user.pk, "role": ExamRole.PROCTOR, "room_session": sessions[0]["id"]})
    assert given.status_code == 201 and given.data["room_session"] == sessions[0]["id"]
    assert api_client.delete(reverse("exams-api:staff-detail", args=[exam.pk, given.data["id"]])).status_code == 204
    emptied = api_client.put(reverse("exams-api:room-session-list", args=[exam.pk]), {"sessions": []}, format="json")
    assert emptied.status_code == 200 and emptied.data == []


def test_exemption_grounds_and_offered_profiles(api_client, examiner):
    api_client.force_authenticate(examiner)
    grounds = api_client.get(reverse("exams-api:exemption-grounds"), {"on": "2024-01-01", "part_key": "it"}).data
    assert [g["key"] for g in grounds] == ["it_degree"]
    offered = api_client.get(reverse("exams-api:profiles-offered"), {"kind": "recruitment", "on": "2026-03-10"}).data
    assert {p["code"] for p in offered} == {"congchuc_ND170_2025", "vienchuc_ND115_2020_as_amended_ND85_2023"}


def test_part_with_a_bank_the_user_does_not_sit_on_is_a_400(api_client):
    from tests.exams.factories_setup import BankFactory

    exam = SetupExamFactory()
    api_client.force_authenticate(board_of(exam))
    data = {"key": "general", "name": "KTC", "minutes": 60, "questions": 60, "bank": BankFactory().pk}
    response = api_client.post(reverse("exams-api:part-list", args=[exam.pk]), data, format="json")
    assert response.status_code == 400 and "bank" in response.data
    assert not Part.objects.filter(exam=exam).exists()
