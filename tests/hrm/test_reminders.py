import datetime as dt

import pytest

from hrm.models import AnnualRating, Employee, Person, Rank, RatingLevel, Reminder
from hrm.selectors.reminders import reminder_list_for_user
from hrm.services.cccd import cccd_make
from hrm.services.reminders import reminders_refresh
from hrm.tasks import reminders_refresh as reminders_refresh_task

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 24)


def make_staff(
    unit,
    *,
    born,
    sex="male",
    cccd=True,
    step=3,
    since=dt.date(2025, 1, 1),
    rated=True,
    status=Employee.Status.ACTIVE,
    birth_year_only=False,
):
    person = Person.objects.create(
        full_name="Trần Thị Bình", date_of_birth=born, sex=sex, birth_year_only=birth_year_only
    )
    if cccd:
        person.cccd = cccd_make(province_code="083", sex=sex, date_of_birth=born, serial=person.pk)
        person.save()
    employee = Employee.objects.create(
        person=person,
        code=f"NV{person.pk}",
        staff_type="cong_chuc",
        unit=unit,
        status=status,
        rank=Rank.objects.get(code="01.003"),
        salary_step=step,
        step_since=since,
        recruited_on=dt.date(2010, 1, 1),
    )
    if rated:
        AnnualRating.objects.create(
            employee=employee, year=2025, level=RatingLevel.objects.filter(code="HTTNV").first()
        )
    return employee


@pytest.fixture
def staff(province):
    return {
        "raise": make_staff(province["c1"], born=dt.date(1990, 2, 2), since=dt.date(2024, 1, 1)),
        "retiring": make_staff(province["c1"], born=dt.date(1965, 9, 9)),
        "unrated": make_staff(province["d1"], born=dt.date(1988, 3, 3), rated=False),
        "incomplete": make_staff(province["c1"], born=dt.date(1992, 1, 1), cccd=False, birth_year_only=True),
        "retired": make_staff(province["c1"], born=dt.date(1950, 1, 1), status=Employee.Status.RETIRED, rated=False),
    }


def _rows():
    return list(
        Reminder.objects.order_by("id").values_list("id", "kind", "employee_id", "due_date", "unit_id", "detail")
    )


def _kinds(employee):
    return {(r.kind, r.due_date) for r in Reminder.objects.filter(employee=employee)}


def test_each_kind_is_found(staff):
    assert reminders_refresh(today=TODAY) == 4
    assert _kinds(staff["raise"]) == {("raise_due", dt.date(2027, 1, 1))}
    assert _kinds(staff["retiring"]) == {("retirement_due", dt.date(2027, 6, 30))}
    assert _kinds(staff["unrated"]) == {("rating_missing", dt.date(2025, 12, 31))}
    assert [r.kind for r in Reminder.objects.filter(employee=staff["incomplete"])] == ["record_incomplete"]
    assert not Reminder.objects.filter(employee=staff["retired"]).exists()


def test_reminders_carry_the_employee_unit(staff, province):
    reminders_refresh(today=TODAY)
    assert Reminder.objects.get(employee=staff["unrated"]).unit == province["d1"]


def test_incomplete_record_lists_what_is_missing(staff, english):
    reminders_refresh(today=TODAY)
    detail = Reminder.objects.get(employee=staff["incomplete"]).detail
    assert "CCCD" in detail and "exact date of birth" in detail and "rank" not in detail


def test_running_twice_gives_the_same_rows(staff):
    reminders_refresh(today=TODAY)
    first = _rows()
    assert reminders_refresh(today=TODAY) == len(first)
    assert _rows() == first


def test_task_runs_the_service_twice_safely(staff):
    reminders_refresh_task()
    first = _rows()
    reminders_refresh_task()
    assert _rows() == first


def test_rows_that_no_longer_apply_are_removed(staff):
    reminders_refresh(today=TODAY)
    AnnualRating.objects.create(employee=staff["unrated"], year=2025, level=RatingLevel.objects.first())
    staff["raise"].salary_step = 4
    staff["raise"].step_since = dt.date(2027, 1, 1)
    staff["raise"].save()
    assert reminders_refresh(today=TODAY) == 2
    assert set(Reminder.objects.values_list("kind", flat=True)) == {"retirement_due", "record_incomplete"}


def test_raise_is_not_due_outside_the_window(staff):
    assert reminders_refresh(today=dt.date(2026, 10, 1)) == 3
    assert not Reminder.objects.filter(kind="raise_due").exists()


def test_hr_officer_sees_reminders_of_his_district(staff, hr_manager):
    reminders_refresh(today=TODAY)
    assert reminder_list_for_user(user=hr_manager).count() == 4
    assert [r.employee for r in reminder_list_for_user(user=hr_manager, kind="raise_due")] == [staff["raise"]]


def test_hr_officer_of_another_district_sees_none(staff, other_hr_manager):
    reminders_refresh(today=TODAY)
    assert not reminder_list_for_user(user=other_hr_manager).exists()


def test_outsider_sees_none_and_admin_sees_all(staff, outsider, admin_user):
    reminders_refresh(today=TODAY)
    assert not reminder_list_for_user(user=outsider).exists()
    assert reminder_list_for_user(user=admin_user).count() == 4
