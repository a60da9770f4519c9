"""What the apps give to common (common.registry): menu and tiles by role, audit scopes, demo loaders."""

from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from common import registry, selectors, services
from common.navigation import menu_for, tiles_for
from exams.roles import ExamRole
from hrm.models import Role
from tests.hrm.factories import EmployeeFactory, GrantFactory, UserFactory
from training.roles import TrainingRole

pytestmark = pytest.mark.django_db

HR = ["hrm:staff-list", "hrm:units", "hrm:dashboard", "hrm:report", "hrm:reminders", "hrm:import"]
EVERY = [
    *HR,
    "hrm:titles",
    "hrm:my-record",
    "exams:profiles",
    "exams:exam-list",
    "exams:banks",
    "skills:standard",
    "common:job-list",
    "common:audit",
]
# Who saw what before the apps registered their own pages (the MENU table common/navigation.py had), and the audit
# trail for the board and proctors since it shows them the entries of their exams and rooms.
MENUS = {
    Role.ADMIN: [
        *HR,
        "hrm:titles",
        "exams:profiles",
        "exams:exam-list",
        "exams:banks",
        "skills:standard",
        "common:job-list",
        "common:audit",
    ],
    Role.HR_OFFICER: [*HR, "skills:standard", "common:job-list", "common:audit"],
    Role.STAFF: [],  # "My record" is offered only to who has a record (test_a_staff_member_with_a_record_...)
    ExamRole.EXAM_BOARD: ["exams:profiles", "exams:exam-list", "exams:banks", "common:audit"],
    ExamRole.PROCTOR: ["exams:profiles", "exams:proctor-rooms", "common:audit"],
    ExamRole.GRADER: ["exams:profiles", "exams:grader-exams"],
    TrainingRole.TRAINER: ["skills:standard"],
    ExamRole.CANDIDATE: [],
}


@pytest.mark.parametrize("role", list(MENUS))
def test_each_role_sees_the_menu_and_tiles_it_saw_before(role, province):
    user = UserFactory(username=f"u_{role}")
    GrantFactory(user=user, role=role, unit=None if role != Role.HR_OFFICER else province["d1"])
    assert [item["name"] for item in menu_for(user)] == MENUS[role]
    assert [item["name"] for item in tiles_for(user)] == MENUS[role]
    assert all(item["description"] for item in tiles_for(user))


def test_a_superuser_sees_every_page_and_a_user_without_a_role_none(outsider, province):
    boss = UserFactory(username="boss", is_superuser=True)
    assert [item["name"] for item in menu_for(boss)] == [name for name in EVERY if name != "hrm:my-record"]
    boss.person = EmployeeFactory(unit=province["c1"]).person  # his own record, once he has one
    assert [item["name"] for item in menu_for(boss)] == EVERY
    assert menu_for(outsider) == []


def test_a_staff_member_with_a_record_is_offered_my_record(province):
    user = UserFactory(username="mai", person=EmployeeFactory(unit=province["c1"]).person)
    assert [item["name"] for item in menu_for(user)] == ["hrm:my-record"]


def test_the_home_page_shows_the_tiles_with_their_description(client, hr_manager, english):
    client.force_login(hr_manager)
    page = client.get(reverse("home")).content.decode()
    assert 'data-module="hrm:staff-list"' in page and "Find, open and edit staff records." in page
    assert 'data-module="exams:profiles"' not in page


def test_a_page_registered_by_an_app_shows_to_the_users_it_admits(hr_manager, outsider):
    with mock.patch.dict(registry._nav):
        registry.nav_register(url_name="home", label="Extra", visible=lambda user: user == outsider, order=1)
        assert [item["name"] for item in menu_for(outsider)] == ["home"]
        assert "home" not in [item["name"] for item in menu_for(hr_manager)]
    assert menu_for(outsider) == []


def test_the_audit_page_opens_for_the_roles_an_app_allows_it(client, outsider):
    from common.access import ACCESS, AUDIT_VIEW, RoleDef

    client.force_login(outsider)
    assert client.get(reverse("common:audit")).status_code == 403
    ACCESS.role(RoleDef("auditor", "Auditor", "tests", actions={AUDIT_VIEW}))
    try:
        GrantFactory(user=outsider, role="auditor", unit=None)
        assert client.get(reverse("common:audit")).status_code == 200
        assert "common:audit" in [item["name"] for item in menu_for(type(outsider).objects.get(pk=outsider.pk))]
    finally:
        ACCESS._roles.pop("auditor")


def test_entries_scoped_to_an_object_are_read_by_whoever_its_app_admits(hr_manager, outsider, other_hr_manager):
    """The hook exams will use for exams, room sessions and classes, here with a fake provider on Group."""
    room = Group.objects.create(name="Phòng thi 1")
    other_room = Group.objects.create(name="Phòng thi 2")
    entry = services.audit_record(actor=hr_manager, action="update", obj=room, scope=room, note="mở phòng")
    other = services.audit_record(actor=hr_manager, action="update", obj=other_room, scope=other_room)
    assert (entry.scope_type.model_class(), entry.scope_id) == (Group, room.pk)
    assert not selectors.audit_list_for_user(user=outsider).exists()

    def rooms_for(user):  # a proctor of room 1 only
        return Group.objects.filter(name="Phòng thi 1") if user == outsider else Group.objects.none()

    with mock.patch.dict(registry._audit_scopes):
        registry.audit_scope_register(model=Group, visible=rooms_for)
        assert list(selectors.audit_list_for_user(user=outsider)) == [entry]
        assert other not in selectors.audit_list_for_user(user=other_hr_manager)
    assert not selectors.audit_list_for_user(user=outsider).exists()


def test_load_demo_runs_the_apps_loaders_in_their_order_and_demo_logins_lists_theirs():
    calls = []
    loaders = {
        "later": registry.DemoLoader("later", 20, lambda: calls.append("later") or {"rooms": 2}),
        "first": registry.DemoLoader(
            "first",
            10,
            lambda: calls.append("first") or {"people": 1},
            lambda: [{"username": "u1", "role": "r", "scope": "s", "password": "p"}],
        ),
    }
    with mock.patch.dict(registry._demo, loaders, clear=True):
        out = StringIO()
        call_command("load_demo", stdout=out)
        assert calls == ["first", "later"]
        assert "people: 1" in out.getvalue() and "rooms: 2" in out.getvalue()
        out = StringIO()
        call_command("demo_logins", stdout=out)
        assert "u1" in out.getvalue()


def test_hrm_registers_its_demo_loader_first():
    assert [loader.name for loader in registry.demo_loaders()][0] == "hrm"
    assert registry.demo_loaders()[0].order < 20
