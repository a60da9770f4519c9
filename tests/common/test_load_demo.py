import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from hrm.demo.load import demo_counts
from hrm.demo.plan import AGENCIES, agency_kind
from hrm.demo.users import DEMO_USERS, PASSWORD
from hrm.models import Assignment, Employee, Grant, OrgUnit, Person, Role, StaffQuota, User
from hrm.selectors import user_roles
from hrm.selectors.restructure import employee_unit_on, staff_in_unit_on
from hrm.services.cccd import cccd_validate
from tests.conftest import FAST_HASHERS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

D2024 = dt.date(2024, 5, 1)
D2025 = dt.date(2025, 8, 1)


def load(*args):
    call_command("load_demo", *args, stdout=StringIO())


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module (about 10 s a load) in a transaction rolled back at its end: each test runs
    in a savepoint of it, so what one test changes (the 2025 reform) the next does not see."""
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS), django_db_blocker.unblock(), transaction.atomic():
        load()
        yield
        transaction.set_rollback(True)


def test_load_demo_twice_leaves_the_same_data_valid_and_loginable():
    first = (demo_counts(), Grant.objects.count(), User.objects.count())
    load()
    assert (demo_counts(), Grant.objects.count(), User.objects.count()) == first
    assert 5000 <= Employee.objects.count() <= 6500
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


def test_most_staff_are_vien_chuc_in_schools_and_health_units_of_their_field():
    # In a province about three in four public employees are viên chức: education first, then health
    public = Employee.objects.filter(staff_type="vien_chuc")
    assert public.count() >= 0.7 * Employee.objects.count()
    fields = Counter(public.values_list("rank__field", flat=True))
    assert set(fields) == {"education", "health", "administration"}
    assert fields["education"] > fields["health"] > fields["administration"] > 0
    assert not public.exclude(rank__kind__in=["title", "both"]).exists()
    assert not public.exclude(unit__kind="agency").exists()
    for employee in public.select_related("unit", "rank"):
        kind = agency_kind(employee.unit)
        allowed = {series for _p, series, _n in AGENCIES[kind][4]} | set(AGENCIES[kind][3])
        assert employee.rank.series in allowed, (employee.code, employee.unit.name, employee.rank.code)
    # the administrative titles of TT 05/2024 (the ngạch's codes) in schools and health units
    assert public.filter(rank__kind="both", unit__name__startswith="Trung tâm Y tế").exists()
    assert public.filter(rank__kind="both", unit__name__startswith="Trường").count() > 50


def test_every_commune_has_a_preschool_a_primary_school_and_a_health_station():
    communes = OrgUnit.objects.filter(kind="commune", parent__parent__code="83")
    for prefix in ("Trường Mầm non ", "Trường Tiểu học ", "Trạm Y tế "):
        under = OrgUnit.objects.filter(kind="agency", parent__kind="commune", name__startswith=prefix)
        assert set(under.values_list("parent", flat=True)) == set(communes.values_list("pk", flat=True)), prefix
    assert OrgUnit.objects.get(code="28759-TYT").name == "Trạm Y tế phường 8"
    lower_secondary = OrgUnit.objects.filter(kind="agency", name__startswith="Trường THCS ").count()
    assert communes.count() // 4 <= lower_secondary <= communes.count() // 2
    preschool = Employee.objects.filter(unit__name__startswith="Trường Mầm non ", rank__series="giao_vien_mam_non")
    assert preschool.filter(position="Giáo viên").count() >= 3 * communes.count()
    assert set(preschool.values_list("rank__code", flat=True)) <= {"V.07.02.24", "V.07.02.25", "V.07.02.26"}
    stations = Employee.objects.filter(unit__name__startswith="Trạm Y tế ", rank__field="health")
    assert stations.values("unit").distinct().count() == communes.count()
    assert {"bac_si", "y_si", "dieu_duong", "duoc"} <= set(stations.values_list("rank__series", flat=True))
    heads = stations.filter(position="Trạm trưởng")
    assert heads.count() == communes.count() and 0 < heads.filter(rank__series="bac_si").count() < communes.count()


def test_loading_the_demo_again_keeps_everyone_logged_in():
    client = Client()
    assert client.post(reverse("login"), {"username": "hr_chau_thanh", "password": PASSWORD}).status_code == 302
    assert client.get(reverse("hrm:staff-list")).status_code == 200
    load()  # what `make run` does at every start
    assert client.get(reverse("hrm:staff-list")).status_code == 200  # the session still holds


def test_every_staff_member_has_consistent_histories():
    opens = dict(Assignment.objects.filter(valid_to__isnull=True).values_list("employee_id", "unit_id"))
    assert opens == dict(Employee.objects.values_list("pk", "unit_id"))
    assert not Employee.objects.exclude(salary_records__valid_to__isnull=True).exists()
    interior = OrgUnit.objects.get(code="83-SNV")
    assert interior.staff_quota >= Employee.objects.filter(unit__path__startswith=interior.path).count()
    rows = list(interior.quotas.order_by("valid_from"))  # the 2024 cut: a larger quota before it
    assert [r.valid_to for r in rows] == [dt.date(2024, 1, 1), None] and rows[0].quota > rows[1].quota
    assert not StaffQuota.objects.filter(unit__kind="division").exists()  # a division's posts are its parent's


def test_reform_2025_keeps_2024_answers_and_regroups_the_province():
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
    stations = OrgUnit.objects.filter(name__startswith="Trạm Y tế ", valid_to__isnull=True)
    assert stations.count() == 164 and set(stations.values_list("parent__parent", flat=True)) == {new_province.pk}
    with pytest.raises(CommandError):
        call_command("restructure_2025", stdout=StringIO())
