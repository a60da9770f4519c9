"""Every link a persona sees in the header, the menu and the home tiles opens: no 403, no 404."""

import re

import pytest

from exams.roles import ExamRole
from hrm.models import Role
from hrm.services.access import user_admin_access_sync
from tests.exams.factories import RoomSessionFactory, make_candidate
from tests.hrm.factories import EmployeeFactory, GrantFactory, UserFactory

pytestmark = pytest.mark.django_db

HREF = re.compile(r'<a [^>]*href="(/[^"#]*)"')


def _links(html: str) -> list[str]:
    return sorted({href for href in HREF.findall(html) if not href.startswith("/static/")})


def _user_with(role, username):
    user = UserFactory(username=username)
    GrantFactory(user=user, role=role, unit=None)
    return user


@pytest.fixture
def personas(province):
    from training.roles import TrainingRole

    staff = UserFactory(username="staff", person=EmployeeFactory(unit=province["c1"]).person)
    hr = UserFactory(username="hr_officer")
    GrantFactory(user=hr, role=Role.HR_OFFICER, unit=province["d1"])
    people = {
        "admin": UserFactory(username="admin", is_superuser=True, is_staff=True),
        "hr_officer": hr,
        "staff": staff,
        "exam_board": _user_with(ExamRole.EXAM_BOARD, "exam_board"),
        "proctor": _user_with(ExamRole.PROCTOR, "proctor"),
        "grader": _user_with(ExamRole.GRADER, "grader"),
        "trainer": _user_with(TrainingRole.TRAINER, "trainer"),
        "no_role": UserFactory(username="no_role"),
    }
    for user in people.values():
        user_admin_access_sync(user=user)  # staff status and admin groups, as the grants give them
    return people


@pytest.mark.parametrize(
    "persona", ["admin", "hr_officer", "staff", "exam_board", "proctor", "grader", "trainer", "no_role"]
)
def test_every_link_of_the_home_page_opens_for_the_persona(client, personas, persona):
    client.force_login(personas[persona])
    home = client.get("/")
    assert home.status_code == 200
    links = _links(home.content.decode())
    assert links, "the home page shows no link"
    broken = {}
    for href in links:
        status = client.get(href).status_code
        if status in (403, 404):
            broken[href] = status
    assert broken == {}, f"{persona} sees links that refuse him: {broken}"


def test_a_user_without_a_record_is_not_offered_my_record(client, province):
    user = UserFactory(username="no_record")
    client.force_login(user)
    assert "/hrm/me/" not in client.get("/").content.decode()


def test_a_candidate_sees_only_links_he_may_open(client):
    from exams.services import candidate_access_code_issue

    candidate = make_candidate(number="BT0001", room_session=RoomSessionFactory())
    code = candidate_access_code_issue(candidate=candidate)
    assert client.post("/exams/login/", {"candidate_number": "BT0001", "access_code": code}).status_code == 302
    html = client.get("/exams/me/").content.decode()
    assert "/api/docs/" not in html
    for href in _links(html):
        assert client.get(href).status_code not in (403, 404), href
