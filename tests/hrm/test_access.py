"""One scope-aware role check, `may(user, action, obj)`: roles declared by their apps, grants in force today."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from common.access import ACCESS
from exams.roles import RULES_VIEW, ExamRole
from hrm.access import STAFF_CHANGE, STAFF_LIST, STAFF_VIEW
from hrm.models import Grant, Role
from hrm.selectors import may
from hrm.services.access import user_admin_access_sync
from skills.permissions import STANDARD_VIEW
from tests.hrm.factories import EmployeeFactory, GrantFactory, UserFactory

pytestmark = pytest.mark.django_db


def fresh(user):
    """The same user as a new request sees him (the grants are read once per request)."""
    return type(user).objects.get(pk=user.pk)


def test_each_app_declares_its_own_roles():
    apps = {role.code: role.app for role in ACCESS.roles()}
    assert apps[Role.HR_OFFICER] == "hrm" and apps[ExamRole.PROCTOR] == "exams" and apps["trainer"] == "training"
    assert {code for code, _label in ACCESS.choices()} >= {"admin", "hr_officer", "exam_board", "proctor", "trainer"}
    assert Role.STAFF not in {code for code, _label in ACCESS.choices()}  # held by having a record, never granted


def test_an_hr_officer_may_change_staff_of_his_units_only(province, hr_manager):
    mine = EmployeeFactory(unit=province["c1"])  # a commune under his district
    other = EmployeeFactory(unit=province["d2"])
    assert may(hr_manager, STAFF_CHANGE, mine)
    assert not may(hr_manager, STAFF_CHANGE, other)
    assert may(hr_manager, STAFF_LIST) and may(hr_manager, STANDARD_VIEW)  # skills lets HR officers read it
    assert not may(hr_manager, RULES_VIEW)


def test_a_staff_member_may_see_his_own_record_and_nothing_else(province):
    employee = EmployeeFactory(unit=province["c1"])
    colleague = EmployeeFactory(unit=province["c1"])
    user = UserFactory(person=employee.person)
    assert may(user, STAFF_VIEW, employee)
    assert not may(user, STAFF_VIEW, colleague)
    assert not may(user, STAFF_CHANGE, employee) and not may(user, STAFF_LIST)


def test_only_grants_in_force_today_count_in_checks_and_in_the_admin_sync(province):
    today = timezone.localdate()
    user = UserFactory()
    GrantFactory(user=user, role=Role.HR_OFFICER, unit=province["d1"], valid_from=today + dt.timedelta(days=3))
    GrantFactory(user=user, role=ExamRole.EXAM_BOARD, unit=None, valid_from=dt.date(2020, 1, 1), valid_to=today)
    assert not may(fresh(user), STAFF_LIST) and not may(fresh(user), RULES_VIEW)
    user_admin_access_sync(user=user)
    assert not fresh(user).is_staff and not fresh(user).groups.exists()
    Grant.objects.filter(user=user, role=Role.HR_OFFICER).update(valid_from=today)
    user_admin_access_sync(user=user)
    assert may(fresh(user), STAFF_LIST)
    assert list(fresh(user).groups.values_list("name", flat=True)) == ["role:hr_officer"]


def test_the_role_groups_carry_the_permissions_their_apps_declared():
    hr = Group.objects.get(name="role:hr_officer")
    board = Group.objects.get(name="role:exam_board")
    assert hr.permissions.filter(codename="change_employee").exists()
    assert not hr.permissions.filter(content_type__app_label="exams").exists()
    assert board.permissions.filter(codename="change_regulationprofile").exists()
    assert not board.permissions.filter(content_type__app_label="hrm").exists()


def test_anonymous_and_inactive_users_may_nothing(province):
    from django.contrib.auth.models import AnonymousUser

    user = UserFactory(is_active=False, is_superuser=True)
    assert not may(AnonymousUser(), STAFF_LIST) and not may(user, STAFF_LIST)


def test_a_grant_names_only_a_scope_its_role_allows(province):
    from django.core.exceptions import ValidationError

    user = UserFactory()
    with pytest.raises(ValidationError):
        Grant(user=user, role=ExamRole.PROCTOR, unit=province["d1"]).full_clean()  # proctors: a room session
    with pytest.raises(ValidationError):
        Grant(user=user, role=Role.STAFF).full_clean()  # held by having a record
    Grant(user=user, role=Role.HR_OFFICER, unit=province["d1"]).full_clean()


def test_the_home_page_names_the_roles_in_words(client):
    user = UserFactory()
    GrantFactory(user=user, role=ExamRole.PROCTOR, unit=None)
    client.force_login(user)
    page = client.get("/").content.decode()
    assert "Giám thị" in page and ">proctor<" not in page
