"""Reminders follow the record: the services that change a rating, a discipline, a record or its unit refresh that
person's reminders after commit, with the daily job's rules (hrm.services.reminders)."""

import datetime as dt
import logging

import pytest
from django.utils import timezone

from common.errors import ApplicationError
from hrm.models import AnnualRating, Employee, Person, Rank, RatingLevel, Reminder
from hrm.selectors.reminders import reminder_list_for_user
from hrm.services import histories
from hrm.services.cccd import cccd_make
from hrm.services.reminders import reminders_refresh, reminders_refresh_for_employee
from hrm.services.salary import add_months
from hrm.services.staff import employee_hire, employee_transfer
from hrm.services.staff_update import employee_update

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate()


def make_staff(unit, *, since: dt.date | None = None, cccd: bool = True, code: str = "") -> Employee:
    """A civil servant (A1 step 3), recruited in 2010, born 1990: no retirement reminder."""
    born = dt.date(1990, 2, 2)
    person = Person.objects.create(full_name="Lê Văn Tâm", date_of_birth=born, sex="male")
    if cccd:
        person.cccd = cccd_make(province_code="083", sex="male", date_of_birth=born, serial=person.pk)
        person.save()
    return Employee.objects.create(
        person=person,
        code=code or f"NV{person.pk}",
        staff_type="cong_chuc",
        unit=unit,
        rank=Rank.objects.get(code="01.003"),
        salary_step=3,
        step_since=since or add_months(today(), -12),
        recruited_on=dt.date(2010, 1, 1),
    )


def rated(employee: Employee) -> Employee:
    histories.rating_create(employee=employee, year=today().year - 1, level="HTTNV", actor=None)
    return employee


def kinds(employee) -> dict:
    return {row.kind: row.due_date for row in Reminder.objects.filter(employee=employee)}


@pytest.fixture
def tam(province):
    """Not rated for last year: the daily job gave him a 'rating missing' reminder."""
    employee = make_staff(province["c1"])
    reminders_refresh()
    return employee


# --- ratings ---------------------------------------------------------------------------------------
def test_entering_the_missing_rating_removes_the_reminder_at_once(tam, hr_manager, django_capture_on_commit_callbacks):
    last_year = today().year - 1
    assert kinds(tam) == {"rating_missing": dt.date(last_year, 12, 31)}
    with django_capture_on_commit_callbacks(execute=True):
        rating = histories.rating_create(employee=tam, year=last_year, level="HTTNV", actor=hr_manager)
    assert kinds(tam) == {}
    with django_capture_on_commit_callbacks(execute=True):
        histories.rating_update(rating=rating, year=last_year - 1, level="HTTNV", actor=hr_manager)
    assert kinds(tam) == {"rating_missing": dt.date(last_year, 12, 31)}  # it was for the wrong year
    with django_capture_on_commit_callbacks(execute=True):
        histories.rating_update(rating=rating, year=last_year, level="HTTNV", actor=hr_manager)
    assert kinds(tam) == {}
    with django_capture_on_commit_callbacks(execute=True):
        histories.rating_delete(rating=rating, actor=hr_manager)
    assert kinds(tam) == {"rating_missing": dt.date(last_year, 12, 31)}


def test_the_refresh_waits_for_the_commit(tam, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:  # captured, not run
        histories.rating_create(employee=tam, year=today().year - 1, level="HTTNV", actor=None)
    assert len(callbacks) == 1
    assert "rating_missing" in kinds(tam)  # not yet: the transaction has not committed
    callbacks[0]()
    assert kinds(tam) == {}


def test_a_refused_change_schedules_nothing(tam, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ApplicationError):
        histories.rating_create(employee=tam, year=today().year + 1, level="HTTNV", actor=None)
    assert callbacks == [] and "rating_missing" in kinds(tam)


def test_other_staff_wait_for_the_daily_job(tam, province, django_capture_on_commit_callbacks):
    other = make_staff(province["c1"])
    reminders_refresh()
    level = RatingLevel.objects.filter(code="HTTNV", staff_type="").first()
    AnnualRating.objects.create(employee=other, year=today().year - 1, level=level)  # behind the services' back
    with django_capture_on_commit_callbacks(execute=True):
        rated(tam)
    assert kinds(tam) == {} and "rating_missing" in kinds(other)
    reminders_refresh()
    assert kinds(other) == {}


# --- discipline ------------------------------------------------------------------------------------
def test_a_discipline_moves_the_raise_due_reminder(province, hr_manager, django_capture_on_commit_callbacks):
    since = add_months(today(), -48)  # A1: a raise every 36 months, so it has been due for a year
    hoa = rated(make_staff(province["c1"], since=since))
    reminders_refresh()
    assert kinds(hoa) == {"raise_due": add_months(since, 36)}
    with django_capture_on_commit_callbacks(execute=True):
        discipline = histories.discipline_create(
            employee=hoa, form="khien_trach", valid_from=add_months(since, 1), actor=hr_manager
        )
    assert kinds(hoa) == {"raise_due": add_months(since, 42)}  # reprimand: 6 months later
    with django_capture_on_commit_callbacks(execute=True):
        histories.discipline_update(
            discipline=discipline, form="canh_cao", valid_from=add_months(since, 1), actor=hr_manager
        )
    assert kinds(hoa) == {"raise_due": add_months(since, 48)}  # warning: 12 months later
    with django_capture_on_commit_callbacks(execute=True):
        histories.discipline_delete(discipline=discipline, actor=hr_manager)
    assert kinds(hoa) == {"raise_due": add_months(since, 36)}


def test_a_discipline_can_put_the_raise_out_of_the_window(province, django_capture_on_commit_callbacks):
    since = add_months(today(), -35)  # due in about a month: within the two months warned about
    hoa = rated(make_staff(province["c1"], since=since))
    reminders_refresh()
    assert kinds(hoa) == {"raise_due": add_months(since, 36)}
    with django_capture_on_commit_callbacks(execute=True):
        histories.discipline_create(employee=hoa, form="khien_trach", valid_from=add_months(since, 2), actor=None)
    assert kinds(hoa) == {}
    assert reminders_refresh_for_employee(employee_id=hoa.pk) == 0  # the daily rules agree


# --- the staff record ------------------------------------------------------------------------------
def test_a_transfer_takes_the_reminders_to_the_new_unit(
    tam, province, hr_manager, other_hr_manager, django_capture_on_commit_callbacks
):
    assert reminder_list_for_user(user=hr_manager).filter(employee=tam).exists()
    with django_capture_on_commit_callbacks(execute=True):
        employee_transfer(employee=tam, unit=province["c2"], on=today(), reason="transfer", actor=None)
    assert set(Reminder.objects.filter(employee=tam).values_list("unit_id", flat=True)) == {province["c2"].pk}
    assert not reminder_list_for_user(user=hr_manager).filter(employee=tam).exists()
    assert reminder_list_for_user(user=other_hr_manager).filter(employee=tam).exists()


def test_completing_a_record_removes_its_reminder(province, django_capture_on_commit_callbacks):
    tam = rated(make_staff(province["c1"], cccd=False))
    reminders_refresh()
    assert set(kinds(tam)) == {"record_incomplete"}
    cccd = cccd_make(province_code="083", sex="male", date_of_birth=tam.person.date_of_birth, serial=4321)
    with django_capture_on_commit_callbacks(execute=True):
        employee_update(employee=tam, actor=None, person_fields={"cccd": cccd}, employee_fields={})
    assert kinds(tam) == {}


def test_a_record_that_leaves_active_service_loses_its_reminders(tam, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        employee_update(
            employee=tam,
            actor=None,
            person_fields={},
            employee_fields={"status": Employee.Status.RETIRED, "left_on": today()},
        )
    assert kinds(tam) == {}


def test_a_hire_without_its_cccd_is_flagged_at_once(province, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        employee = employee_hire(
            code="CV900",
            staff_type="cong_chuc",
            unit=province["c1"],
            on=today(),
            actor=None,
            person_fields={"full_name": "Võ Thị Hạnh", "date_of_birth": dt.date(1995, 5, 5), "sex": "female"},
            rank=Rank.objects.get(code="01.003"),
            step=1,
        )
    assert set(kinds(employee)) == {"record_incomplete"}  # recruited this year: no rating due yet


# --- the per-person refresh itself -----------------------------------------------------------------
def test_the_per_person_refresh_agrees_with_the_daily_job_and_is_cheap(province, django_assert_max_num_queries):
    staff = [make_staff(province["c1"], since=add_months(today(), -40), cccd=False) for _ in range(3)]
    reminders_refresh()
    daily = sorted(Reminder.objects.values_list("kind", "employee_id", "due_date", "unit_id", "detail"))
    Reminder.objects.all().delete()
    for employee in staff:
        with django_assert_max_num_queries(14):
            assert reminders_refresh_for_employee(employee_id=employee.pk) == 3
    assert sorted(Reminder.objects.values_list("kind", "employee_id", "due_date", "unit_id", "detail")) == daily
    first = list(Reminder.objects.order_by("id").values_list("id", "kind", "due_date"))
    reminders_refresh_for_employee(employee_id=staff[0].pk)  # twice: the same rows
    assert list(Reminder.objects.order_by("id").values_list("id", "kind", "due_date")) == first


def test_a_failing_refresh_does_not_undo_the_change(tam, monkeypatch, caplog, django_capture_on_commit_callbacks):
    def broken(**kwargs):
        raise RuntimeError("reminders unavailable")

    monkeypatch.setattr("hrm.services.reminders.reminders_refresh_for_employee", broken)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        rated(tam)
    assert AnnualRating.objects.filter(employee=tam).exists()
    assert "reminders unavailable" in caplog.text
    assert "rating_missing" in kinds(tam)  # left for the daily job
