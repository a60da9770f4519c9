from io import StringIO

import pytest
from django.core.management import call_command

from exams.demo import DEMO_ACCESS_CODE, DEMO_CANDIDATE_NUMBER, demo_load
from exams.models import Candidate, Exam, RoomSession
from hrm.models import Grant, User
from tests.hrm.factories import UserFactory

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (Exam, RoomSession, Candidate, User, Grant)]


def test_the_demo_exam_loads_twice_the_same_and_its_printed_code_logs_in(client):
    demo_load()
    first = _counts()
    demo_load()
    assert _counts() == first
    candidate = Candidate.objects.get(candidate_number=DEMO_CANDIDATE_NUMBER)
    assert candidate.exam.status == Exam.Status.OPEN and candidate.room_session is not None
    assert not candidate.user.has_usable_password()
    response = client.post(
        "/exams/login/", {"candidate_number": DEMO_CANDIDATE_NUMBER, "access_code": DEMO_ACCESS_CODE}
    )
    assert response.status_code == 302
    assert "Phạm Minh Khoa" in client.get("/exams/me/").content.decode()


def test_demo_logins_prints_the_candidate_number_and_code():
    UserFactory(username="admin")  # one demo user, so the table is printed
    demo_load()
    out = StringIO()
    call_command("demo_logins", stdout=out)
    printed = out.getvalue()
    assert f"{DEMO_CANDIDATE_NUMBER} (/exams/login/)" in printed and f"{DEMO_ACCESS_CODE} (access code)" in printed
    proctor = next(line for line in printed.splitlines() if line.startswith("proctor "))
    assert "Phòng 01" in proctor  # the demo proctor is a proctor of the demo room session only
