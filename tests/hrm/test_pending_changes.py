"""Future-dated changes are pending (issue #13): a transfer or raise recorded today from a later date changes nothing
that is read as "today" until that date; every view reads what is in force on the date it is about.

Hoa works in Thị trấn Châu Thành (c1, under Huyện Châu Thành d1: `hr_manager`'s units). The administrator moves her
to Thị trấn Ba Tri (c2, under Huyện Ba Tri d2: `other_hr_manager`'s units) from SOON, ten days from today.
"""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from common.dated import short_date
from common.errors import ApplicationError
from common.models import AuditEntry
from hrm.models import Assignment, Employee, Rank, Reminder, SalaryRecord
from hrm.selectors.pending import employee_pending_changes, staff_incoming_for_user
from hrm.services import salary_change, unit_dissolve
from hrm.services.current import pending_change_cancel, staff_current_refresh
from hrm.services.exports import staff_export
from hrm.services.form2c import form2c_data
from hrm.services.reminders import reminders_refresh
from hrm.services.reports import quality_report
from hrm.services.salary import add_months
from hrm.services.staff import employee_hire, employee_transfer

pytestmark = pytest.mark.django_db
A1 = "01.003"  # chuyên viên: A1, a regular raise every 36 months


def today() -> dt.date:
    return timezone.localdate()


SOON = today() + dt.timedelta(days=10)


@pytest.fixture
def hoa(province):
    """Chuyên viên A1 step 3 in c1 since two years ago: her regular raise is due in a year (an early one may come)."""
    return employee_hire(
        code="CV001",
        staff_type="cong_chuc",
        unit=province["c1"],
        on=add_months(today(), -24),
        actor=None,
        person_fields={"full_name": "Nguyễn Thị Hoa", "date_of_birth": dt.date(1990, 3, 10), "sex": "female"},
        position="Chuyên viên",
        rank=Rank.objects.get(code=A1),
        step=3,
    )


@pytest.fixture
def moving(hoa, province, admin_user):
    """Hoa transferred to c2 from SOON, and her early raise to step 4 from SOON: both pending today."""
    employee_transfer(employee=hoa, unit=province["c2"], on=SOON, reason="transfer", actor=admin_user)
    salary_change(employee=hoa, actor=admin_user, on=SOON, reason="early", decision_no="QĐ 12")
    hoa.refresh_from_db()
    return hoa


@pytest.fixture
def on_the_day(monkeypatch):
    """Today is SOON, and the periodic task has run (it runs at 00:01 and hourly)."""

    def arrive():
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: SOON)
        return staff_current_refresh(today=SOON)

    return arrive


def list_ids(api_client, user, **params) -> list[int]:
    api_client.force_authenticate(user)
    response = api_client.get(reverse("hrm-api:staff-list"), params)
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


# --- the defect ----------------------------------------------------------------------------------
def test_defect_a_future_transfer_shows_as_current_in_the_list_today(api_client, admin_user, hoa, province):
    employee_transfer(employee=hoa, unit=province["c2"], on=SOON, reason="transfer", actor=admin_user)
    api_client.force_authenticate(admin_user)
    rows = api_client.get(reverse("hrm-api:staff-list")).json()["results"]
    assert [(r["unit"], r["pending_from"]) for r in rows if r["id"] == hoa.pk] == [
        ("Thị trấn Châu Thành", SOON.isoformat())
    ]


def test_defect_a_future_raise_shows_as_current_on_the_record_today(admin_user, hoa):
    salary_change(employee=hoa, actor=admin_user, on=SOON, reason="early")
    assert Employee.objects.get(pk=hoa.pk).salary_step == 3


# --- staff list and scoping: before and after the day --------------------------------------------
def test_the_old_units_officer_keeps_him_until_the_day_then_the_new_one(
    api_client, moving, hr_manager, other_hr_manager, on_the_day
):
    detail = reverse("hrm-api:staff-detail", args=[moving.pk])
    assert moving.pk in list_ids(api_client, hr_manager)
    assert moving.pk not in list_ids(api_client, other_hr_manager)  # not his staff yet…
    assert api_client.get(detail).status_code == 404  # …nor his record to read
    arriving = api_client.get(reverse("hrm-api:staff-incoming")).json()["results"]
    assert [(r["id"], r["valid_from"], r["unit"], r["from_unit"]) for r in arriving] == [
        (moving.pk, SOON.isoformat(), "Thị trấn Ba Tri", "Thị trấn Châu Thành")
    ]
    api_client.force_authenticate(hr_manager)
    assert api_client.get(reverse("hrm-api:staff-incoming")).json()["results"] == []  # he is already hers

    assert on_the_day() == [moving.pk]
    assert moving.pk not in list_ids(api_client, hr_manager)
    assert api_client.get(detail).status_code == 404
    assert moving.pk in list_ids(api_client, other_hr_manager)
    assert api_client.get(detail).status_code == 200
    assert api_client.get(reverse("hrm-api:staff-incoming")).json()["results"] == []


def test_unit_filters_follow_the_day(api_client, moving, admin_user, province, on_the_day):
    assert moving.pk in list_ids(api_client, admin_user, unit=province["d1"].pk)
    assert moving.pk not in list_ids(api_client, admin_user, unit=province["c2"].pk)
    on_the_day()
    assert moving.pk not in list_ids(api_client, admin_user, unit=province["d1"].pk)
    assert moving.pk in list_ids(api_client, admin_user, unit=province["c2"].pk)


def test_the_list_page_marks_the_row_and_shows_the_arrival_to_the_new_officer(
    client, moving, hr_manager, other_hr_manager, on_the_day
):
    mark = f"từ {short_date(SOON)}, chờ hiệu lực"
    client.force_login(hr_manager)
    page = client.get(reverse("hrm:staff-list")).content.decode()
    assert "Nguyễn Thị Hoa" in page and mark in page and "data-incoming" not in page
    client.force_login(other_hr_manager)
    response = client.get(reverse("hrm:staff-list"))
    assert [a.employee_id for a in response.context["incoming"]] == [moving.pk]
    assert moving.pk not in [e.pk for e in response.context["page"]]
    page = response.content.decode()
    assert "Sắp chuyển đến đơn vị của bạn" in page and mark in page
    assert reverse("hrm:staff-detail", args=[moving.pk]) not in page  # an arrival, not a record he may open yet
    on_the_day()
    response = client.get(reverse("hrm:staff-list"))
    assert not response.context["incoming"] and moving.pk in [e.pk for e in response.context["page"]]
    assert mark not in response.content.decode()


def test_a_move_inside_the_officers_units_is_no_arrival(hoa, hr_manager, province):
    employee_transfer(employee=hoa, unit=province["d1"], on=SOON, reason="transfer", actor=hr_manager)
    assert not staff_incoming_for_user(user=hr_manager).exists()
    assert [c.kind for c in employee_pending_changes(employee=hoa)] == ["transfer"]


# --- profile --------------------------------------------------------------------------------------
def test_the_profile_shows_today_and_marks_the_pending_changes_by_their_cards(client, moving, admin_user, on_the_day):
    url = reverse("hrm:staff-detail", args=[moving.pk])
    client.force_login(admin_user)
    response = client.get(url)
    page = response.content.decode()
    assert "<dd data-unit>Thị trấn Châu Thành</dd>" in page
    assert "<dd data-step>3 (" in page
    mark = f"từ {short_date(SOON)}, chờ hiệu lực"
    work = [p["change"] for p in response.context["pending_work"]]
    pay = [p["change"] for p in response.context["pending_salary"]]
    assert [(c.kind, c.summary, c.mark) for c in work] == [
        ("transfer", "Điều động sang Thị trấn Ba Tri — Chuyên viên", mark)
    ]
    assert [(c.kind, c.mark) for c in pay] == [("salary", mark)]
    assert "bậc 4, hệ số 3,33" in pay[0].summary
    assert page.count(mark) == 2 and page.count("data-pending-row") == 2
    assert page.count("data-pending-cancel") == 2  # the administrator may cancel both

    on_the_day()
    page = client.get(url).content.decode()
    assert "<dd data-unit>Thị trấn Ba Tri</dd>" in page and "<dd data-step>4 (" in page
    assert mark not in page and "data-pending" not in page


def test_a_position_change_from_a_later_date_is_marked_as_one(client, hoa, hr_manager):
    employee_transfer(
        employee=hoa, unit=hoa.unit, on=SOON, reason="appointment", position="Phó Chủ tịch", actor=hr_manager
    )
    hoa.refresh_from_db()
    assert hoa.position == "Chuyên viên"
    (change,) = employee_pending_changes(employee=hoa)
    assert (change.kind, change.summary) == ("position", "Chức vụ: Phó Chủ tịch")


def test_the_staff_detail_api_carries_the_pending_changes(api_client, moving, admin_user, on_the_day):
    api_client.force_authenticate(admin_user)
    url = reverse("hrm-api:staff-detail", args=[moving.pk])
    body = api_client.get(url).json()
    assert (body["unit"], body["salary_step"], body["pending_from"]) == ("Thị trấn Châu Thành", 3, SOON.isoformat())
    assert [(p["kind"], p["valid_from"], p["row"]) for p in body["pending"]] == [
        ("salary", SOON.isoformat(), "salary"),
        ("transfer", SOON.isoformat(), "assignment"),
    ]
    assert body["pending"][1]["mark"] == f"từ {short_date(SOON)}, chờ hiệu lực"
    on_the_day()
    body = api_client.get(url).json()
    assert (body["unit"], body["salary_step"], body["pending"], body["pending_from"]) == (
        "Thị trấn Ba Tri",
        4,
        [],
        None,
    )


def test_the_transfer_and_salary_pages_show_today_and_list_what_is_pending(client, moving, admin_user):
    client.force_login(admin_user)
    mark = f"từ {short_date(SOON)}, chờ hiệu lực"
    transfer = client.get(reverse("hrm:staff-transfer", args=[moving.pk]))
    assert transfer.context["current"].unit_name == "Thị trấn Châu Thành"
    assert [p["change"].kind for p in transfer.context["pending"]] == ["transfer"]
    assert mark in transfer.content.decode()
    salary = client.get(reverse("hrm:salary-change", args=[moving.pk]))
    assert salary.context["current"].step == 3
    assert [p["change"].kind for p in salary.context["pending"]] == ["salary"]
    assert mark in salary.content.decode()


# --- form 2C, export, report, reminders ---------------------------------------------------------
def _items(form) -> dict:
    return {item["no"]: item for item in form["items"]}


def test_form_2c_reads_the_rows_in_force_on_its_date(moving):
    form = form2c_data(employee=moving)
    items = _items(form)
    assert form["header"]["using_agency"] == "Thị trấn Châu Thành"
    assert "bậc 3" in items["14"]["value"] and "bậc 4" not in items["14"]["value"]
    assert len(items["28"]["rows"]) == 1 and len(items["31"]["rows"]) == 1  # no pending row in the histories
    later = form2c_data(employee=moving, on=SOON)
    items = _items(later)
    assert later["header"]["using_agency"] == "Thị trấn Ba Tri" and "bậc 4" in items["14"]["value"]
    assert len(items["28"]["rows"]) == 2 and len(items["31"]["rows"]) == 2
    moving.refresh_from_db()
    assert (moving.unit.name, moving.salary_step) == ("Thị trấn Châu Thành", 3)  # the record itself is untouched


def _exported(user) -> dict:
    out = io.BytesIO()
    staff_export(user=user, filters={}, fmt="csv", out=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8-sig"))))
    return {row["Số hiệu CBCCVC"]: row for row in rows}


def test_the_export_writes_what_is_in_force_today(moving, hr_manager, other_hr_manager, on_the_day):
    row = _exported(hr_manager)["CV001"]
    assert (row["Mã đơn vị"], row["Bậc lương"], row["Hệ số"]) == ("X28801", "3", "3.00")
    assert "CV001" not in _exported(other_hr_manager)
    on_the_day()
    row = _exported(other_hr_manager)["CV001"]
    assert (row["Mã đơn vị"], row["Bậc lương"], row["Hệ số"]) == ("X29062", "4", "3.33")
    assert "CV001" not in _exported(hr_manager)


def test_the_quality_report_counts_him_where_he_is_on_its_date(moving, province):
    def where(on):
        report = quality_report(unit=province["root"], on=on)
        return {row["code"]: row["values"]["total"] for row in report["rows"] if row["values"]["total"]}

    assert where(today()) == {"H831": 1}
    assert where(SOON) == {"H836": 1}


def test_reminders_stay_with_the_old_unit_until_the_day(moving, province, on_the_day):
    reminders_refresh()
    assert set(Reminder.objects.filter(employee=moving).values_list("unit_id", flat=True)) == {province["c1"].pk}
    on_the_day()  # the task rebuilds the reminders of the records it moved
    assert set(Reminder.objects.filter(employee=moving).values_list("unit_id", flat=True)) == {province["c2"].pk}


# --- the periodic task ---------------------------------------------------------------------------
def test_the_task_moves_records_on_their_day_audited_and_only_once(moving, province):
    assert staff_current_refresh(today=SOON - dt.timedelta(days=1)) == []  # the day before: nothing is due
    assert staff_current_refresh(today=SOON) == [moving.pk]
    moving.refresh_from_db()
    assert (moving.unit_id, moving.salary_step, moving.coefficient, moving.step_since) == (
        province["c2"].pk,
        4,
        Decimal("3.33"),
        SOON,
    )
    entry = AuditEntry.objects.filter(model="hrm.employee", object_id=str(moving.pk)).latest("id")
    assert entry.actor is None and entry.note and entry.unit_id == province["c2"].pk
    assert entry.changes["unit_id"] == [province["c1"].pk, province["c2"].pk]
    assert entry.changes["salary_step"] == [3, 4]
    assert staff_current_refresh(today=SOON) == []  # twice: the same rows


def test_the_celery_task_runs_the_service_and_is_scheduled(moving, monkeypatch):
    from hrm.tasks import staff_current_refresh as task

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: SOON)
    assert task() == 1 and task() == 0
    entry = settings.CELERY_BEAT_SCHEDULE["hrm.staff_current_refresh"]
    assert entry["task"] == "hrm.staff_current_refresh"


def test_a_future_restructuring_moves_the_staff_on_its_day(hoa, province, admin_user):
    unit_dissolve(unit=province["c1"], on=SOON, transfer_to=province["c2"], actor=admin_user)
    hoa.refresh_from_db()
    assert hoa.unit_id == province["c1"].pk
    assert staff_current_refresh(today=SOON) == [hoa.pk]
    hoa.refresh_from_db()
    assert hoa.unit_id == province["c2"].pk


# --- cancelling and correcting before the day ----------------------------------------------------
def test_the_page_cancels_a_pending_transfer_audited(client, moving, admin_user, province):
    transfer = Assignment.objects.get(employee=moving, valid_from=SOON)
    url = reverse("hrm:pending-cancel", args=[moving.pk, "assignment", transfer.pk])
    client.force_login(admin_user)
    assert "Điều động sang Thị trấn Ba Tri" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    rows = list(Assignment.objects.filter(employee=moving).values_list("unit_id", "valid_to"))
    assert rows == [(province["c1"].pk, None)]  # the old assignment runs on
    assert AuditEntry.objects.filter(model="hrm.assignment", object_id=str(transfer.pk), action="delete").exists()
    reopened = AuditEntry.objects.filter(model="hrm.assignment", action="update").latest("id")
    assert reopened.changes["valid_to"] == [SOON.isoformat(), None]
    assert staff_current_refresh(today=SOON) == [moving.pk]  # only the raise is left to come
    moving.refresh_from_db()
    assert moving.unit_id == province["c1"].pk


def test_cancelling_is_refused_to_who_may_not_record_it(
    client, api_client, moving, hr_manager, other_hr_manager, province
):
    transfer = Assignment.objects.get(employee=moving, valid_from=SOON)
    raise_ = SalaryRecord.objects.get(employee=moving, valid_from=SOON)
    page = reverse("hrm:pending-cancel", args=[moving.pk, "assignment", transfer.pk])
    client.force_login(hr_manager)  # Hoa's officer, but Ba Tri is not his: he could not have recorded the transfer
    assert client.get(page).status_code == 404 and client.post(page).status_code == 404
    client.force_login(other_hr_manager)  # Ba Tri's officer: not his record yet
    assert client.post(page).status_code == 404
    api_client.force_authenticate(other_hr_manager)
    api = reverse("hrm-api:pending-cancel", args=[moving.pk, "salary", raise_.pk])
    assert api_client.delete(api).status_code == 404
    assert Assignment.objects.filter(pk=transfer.pk).exists() and SalaryRecord.objects.filter(pk=raise_.pk).exists()
    api_client.force_authenticate(hr_manager)  # her pay is her unit's officer's to change
    assert api_client.delete(api).status_code == 204
    assert list(SalaryRecord.objects.filter(employee=moving).values_list("step", "valid_to")) == [(3, None)]


def test_a_change_in_force_cannot_be_cancelled(api_client, moving, admin_user, monkeypatch):
    raise_ = SalaryRecord.objects.get(employee=moving, valid_from=SOON)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: SOON)
    api_client.force_authenticate(admin_user)
    api = reverse("hrm-api:pending-cancel", args=[moving.pk, "salary", raise_.pk])
    assert api_client.delete(api).status_code == 404  # not pending any more
    with pytest.raises(ApplicationError) as refused:
        pending_change_cancel(row=raise_, actor=admin_user)
    assert "đã có hiệu lực" in " ".join(refused.value.messages)


def test_the_existing_paths_correct_a_pending_change_on_its_day(moving, admin_user, province):
    employee_transfer(employee=moving, unit=province["d2"], on=SOON, reason="transfer", actor=admin_user)
    assert list(Assignment.objects.filter(employee=moving, valid_from=SOON).values_list("unit_id", flat=True)) == [
        province["d2"].pk
    ]
    assert AuditEntry.objects.filter(model="hrm.assignment", action="delete").count() == 1
    salary_change(employee=moving, actor=admin_user, on=SOON, reason="correction", step=5)
    record = SalaryRecord.objects.get(employee=moving, valid_from=SOON)
    assert (record.step, record.coefficient) == (5, Decimal("3.66"))
    moving.refresh_from_db()
    assert (moving.unit_id, moving.salary_step) == (province["c1"].pk, 3)  # still pending


@pytest.mark.skipif(bool(settings.REDIS_URL), reason="embedded mode only: with REDIS_URL, celery beat runs apart")
@pytest.mark.django_db(transaction=True)
def test_the_embedded_beat_moves_the_record_on_its_day(hoa, province, admin_user, monkeypatch):
    import time

    from django.db import OperationalError

    from common.beat import start_embedded_beat, stop_embedded_beat

    employee_transfer(employee=hoa, unit=province["c2"], on=SOON, reason="transfer", actor=admin_user)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: SOON)  # the beat thread's today too
    start_embedded_beat(schedule={"current": {"task": "hrm.staff_current_refresh", "schedule": 0.2}}, max_interval=0.2)

    def moved() -> bool:
        try:
            return Employee.objects.get(pk=hoa.pk).unit_id == province["c2"].pk
        except OperationalError:  # the test's in-memory SQLite locks the table while the beat thread writes it
            return False

    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not moved():
            time.sleep(0.2)
    finally:
        stop_embedded_beat()
    assert Employee.objects.get(pk=hoa.pk).unit_id == province["c2"].pk
