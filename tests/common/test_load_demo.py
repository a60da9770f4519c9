import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from hrm.demo.load import demo_counts
from hrm.demo.users import DEMO_USERS, PASSWORD
from hrm.models import Assignment, Employee, Grant, OrgUnit, Person, Role, StaffQuota, User
from hrm.selectors import user_roles
from hrm.selectors.restructure import employee_unit_on, staff_in_unit_on
from hrm.services.cccd import cccd_validate

pytestmark = pytest.mark.django_db

D2024 = dt.date(2024, 5, 1)
D2025 = dt.date(2025, 8, 1)


def load(*args):
    call_command("load_demo", *args, stdout=StringIO())


def test_load_demo_twice_leaves_the_same_data_valid_and_loginable():
    load()
    first = (demo_counts(), Grant.objects.count(), User.objects.count())
    load()
    assert (demo_counts(), Grant.objects.count(), User.objects.count()) == first
    assert 4000 <= Employee.objects.count() <= 5200
    # Most public employees of a province are viên chức (teachers, doctors, nurses) with professional titles
    public = Employee.objects.filter(staff_type="vien_chuc")
    assert public.count() > Employee.objects.count() // 2
    assert not public.exclude(rank__kind="title").exists()
    assert set(public.values_list("rank__field", flat=True)) == {"education", "health"}
    assert all(
        not cccd_validate(cccd=c, sex=s, date_of_birth=d)
        for c, s, d in Person.objects.values_list("cccd", "sex", "date_of_birth")
    )
    for username, *_rest in DEMO_USERS:
        client = Client()
        response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
        assert response.status_code == 302, username
        assert client.session["_auth_user_id"] == str(User.objects.get(username=username).pk)
    staff = User.objects.get(username="staff")
    assert Role.STAFF in user_roles(user=staff)
    assert Employee.objects.filter(person=staff.person_id).exists()
    from hrm.models import Reminder

    assert Reminder.objects.exists()  # a fresh demo already shows HR officers what is due
    assert User.objects.get(username="hr_chau_thanh").is_staff  # HR officers reach their back office


def test_loading_the_demo_again_keeps_everyone_logged_in():
    load()
    client = Client()
    assert client.post(reverse("login"), {"username": "hr_chau_thanh", "password": PASSWORD}).status_code == 302
    assert client.get(reverse("hrm:staff-list")).status_code == 200
    load()  # what `make run` does at every start
    assert client.get(reverse("hrm:staff-list")).status_code == 200  # the session still holds


def test_every_staff_member_has_consistent_histories():
    load()
    opens = dict(Assignment.objects.filter(valid_to__isnull=True).values_list("employee_id", "unit_id"))
    assert opens == dict(Employee.objects.values_list("pk", "unit_id"))
    assert not Employee.objects.exclude(salary_records__valid_to__isnull=True).exists()
    interior = OrgUnit.objects.get(code="83-SNV")
    assert interior.staff_quota >= Employee.objects.filter(unit__path__startswith=interior.path).count()
    rows = list(interior.quotas.order_by("valid_from"))  # the 2024 cut: a larger quota before it
    assert [r.valid_to for r in rows] == [dt.date(2024, 1, 1), None] and rows[0].quota > rows[1].quota
    assert not StaffQuota.objects.filter(unit__kind="division").exists()  # a division's posts are its parent's


def test_reform_2025_keeps_2024_answers_and_regroups_the_province():
    load()
    chau_thanh, interior = OrgUnit.objects.get(code="831"), OrgUnit.objects.get(code="83-SNV")
    before = {
        code: set(staff_in_unit_on(unit=OrgUnit.objects.get(code=code), on=D2024).values_list("pk", flat=True))
        for code in ("83", "831", "83-SNV", "829")
    }
    someone = Employee.objects.filter(unit__parent=chau_thanh).order_by("code").first()
    where_2024 = employee_unit_on(employee=someone, on=D2024)
    call_command("restructure_2025", stdout=StringIO())
    for code, ids in before.items():
        unit = OrgUnit.objects.get(code=code)
        assert set(staff_in_unit_on(unit=unit, on=D2024).values_list("pk", flat=True)) == ids
    assert employee_unit_on(employee=someone, on=D2024) == where_2024
    new_province = OrgUnit.objects.get(code="86")
    assert OrgUnit.objects.filter(parent=new_province, kind="commune", valid_to__isnull=True).count() == 48
    assert not OrgUnit.objects.filter(kind="district", valid_to__isnull=True).exists()
    assert staff_in_unit_on(unit=chau_thanh, on=D2025).count() == 0
    assert staff_in_unit_on(unit=new_province, on=D2025).count() == Employee.objects.count()
    assert staff_in_unit_on(unit=interior, on=D2025).count() > len(before["83-SNV"])
    merged = OrgUnit.objects.filter(parent=new_province, kind="commune", valid_to__isnull=True).order_by("code")[0]
    sources = OrgUnit.objects.filter(successor=merged)
    assert merged.staff_quota == sum(StaffQuota.objects.in_force(D2024).get(unit=u).quota for u in sources)
    assert not StaffQuota.objects.filter(unit__valid_to__isnull=False, valid_to__isnull=True).exists()
    with pytest.raises(CommandError):
        call_command("restructure_2025", stdout=StringIO())
