"""The audit trail page: each HR officer reads his units' part of the trail, filtered, paginated and as xlsx."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from common.audit_exports import audit_export_job_run
from common.models import AuditEntry, Job
from hrm.services import reward_create
from hrm.services.imports import staff_import
from hrm.services.staff import employee_transfer
from hrm.services.staff_update import employee_update
from tests.hrm.factories import EmployeeFactory, PersonFactory
from tests.hrm.test_import_support import staff_row, write_csv

pytestmark = pytest.mark.django_db
AUDIT = reverse("common:audit")
EXPORT = reverse("common:audit-export")


@pytest.fixture(autouse=True)
def _trail_starts_empty(province):
    """Building the test's units writes entries too: start each test from an empty trail."""
    AuditEntry.objects.all().delete()


@pytest.fixture
def binh(province):
    """A civil servant of Ba Tri (d2)."""
    return EmployeeFactory(unit=province["d2"], person=PersonFactory(full_name="Lê Văn Bình", sex="male"))


@pytest.fixture
def trail(mai, binh, hr_manager, other_hr_manager):
    """Each officer edits his own staff member: one entry about Mai's details (d1), one about Bình's (d2)."""
    employee_update(employee=mai, actor=hr_manager, person_fields={"phone": "0909123456"}, employee_fields={})
    employee_update(employee=binh, actor=other_hr_manager, person_fields={"phone": "0913000111"}, employee_fields={})
    return {
        "mai": AuditEntry.objects.get(model="hrm.person", object_id=str(mai.person_id)),
        "binh": AuditEntry.objects.get(model="hrm.person", object_id=str(binh.person_id)),
    }


def shown(response) -> set[int]:
    return {row["entry"].pk for row in response.context["rows"]}


def sheet_rows(content: bytes) -> list[tuple]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))


# --- who sees what --------------------------------------------------------------------------------
def test_an_hr_officer_sees_the_entries_of_his_units_only(client, hr_manager, trail, english):
    client.force_login(hr_manager)
    response = client.get(AUDIT)
    assert response.status_code == 200
    assert shown(response) == {trail["mai"].pk}
    page = response.content.decode()
    assert "Trần Thị Mai" in page and "Lê Văn Bình" not in page and "0913000111" not in page


def test_another_officer_sees_none_of_them_whatever_the_filters(client, other_hr_manager, trail, mai):
    client.force_login(other_hr_manager)
    assert shown(client.get(AUDIT)) == {trail["binh"].pk}
    for params in (
        {"q": "Mai"},
        {"actor": "hr_chau"},
        {"model": "hrm.person"},
        {"action": "update"},
        {"date_from": timezone.localdate().strftime("%d/%m/%Y")},
    ):
        response = client.get(AUDIT, params)
        assert trail["mai"].pk not in shown(response), params
        assert "Trần Thị Mai" not in response.content.decode()
    # Asking for Mai's record by its id is a 404, as every other out-of-scope object.
    assert client.get(AUDIT, {"model": "hrm.person", "object_id": mai.person_id}).status_code == 404
    assert client.get(AUDIT, {"model": "hrm.employee", "object_id": mai.pk}).status_code == 404
    assert client.get(EXPORT, {"model": "hrm.employee", "object_id": mai.pk}).status_code == 404
    response = client.get(EXPORT, {"q": "Mai"})
    assert response.status_code == 200 and sheet_rows(response.content)[1:] == []
    everything = "".join(str(cell) for row in sheet_rows(client.get(EXPORT).content) for cell in row)
    assert "Lê Văn Bình" in everything and "Trần Thị Mai" not in everything


def test_the_administrator_sees_every_entry(client, admin_user, trail):
    client.force_login(admin_user)
    assert shown(client.get(AUDIT)) >= {trail["mai"].pk, trail["binh"].pk}


@pytest.mark.parametrize("persona", ["candidate", "outsider", "trainer"])
def test_users_without_an_hr_role_get_403(client, request, persona, trail):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(AUDIT).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_exam_board_members_see_the_trail_of_their_exams_but_no_staff_entries(client, examiner, trail):
    client.force_login(examiner)  # exam entries: tests/exams/test_access_scopes.py
    assert client.get(AUDIT).status_code == 200
    assert shown(client.get(AUDIT)) == set()


def test_anonymous_users_go_to_the_login_page(client):
    response = client.get(AUDIT)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_menu_offers_the_trail_to_hr_officers_and_administrators_only(client, hr_manager, admin_user, candidate):
    for user, expected in ((hr_manager, True), (admin_user, True), (candidate, False)):
        client.force_login(user)
        assert (f'href="{AUDIT}"' in client.get(reverse("home")).content.decode()) is expected, user


# --- the rows -------------------------------------------------------------------------------------
def test_rows_show_time_actor_action_and_the_change_in_words(client, hr_manager, trail, english):
    AuditEntry.objects.filter(pk=trail["mai"].pk).update(at=timezone.make_aware(dt.datetime(2026, 3, 5, 14, 7)))
    client.force_login(hr_manager)
    response = client.get(AUDIT)
    row = response.context["rows"][0]
    assert (row["actor"], row["action"], row["model"]) == ("hr_chau_thanh", "Changed", "Person")
    assert row["changes"] == [{"field": "Phone", "before": "—", "after": "0909123456"}]
    page = response.content.decode()
    assert "05/03/2026 14:07" in page and "Phone" in page and "0909123456" in page


def test_choices_units_and_dates_read_as_words_and_long_values_are_cut(client, hr_manager, mai, province, english):
    employee_update(
        employee=mai,
        actor=hr_manager,
        employee_fields={"status": "retired", "left_on": dt.date(2026, 2, 1)},
        person_fields={"personal_history": "Đã công tác tại nhiều đơn vị. " * 10, "sex": "female"},
    )
    employee_transfer(employee=mai, unit=province["c1"], on=dt.date(2026, 2, 1), reason="transfer", actor=hr_manager)
    client.force_login(hr_manager)
    rows = client.get(AUDIT).context["rows"]
    rows = [row for row in rows if row["entry"].model in ("hrm.employee", "hrm.person")]  # not the assignment rows
    changes = {c["field"]: (c["before"], c["after"]) for row in rows for c in row["changes"] + row["more_changes"]}
    assert changes["Status"] == ("Working", "Retired")
    assert changes["Left on"] == ("—", "01/02/2026")
    assert changes["Unit"] == ("Huyện Châu Thành", "Thị trấn Châu Thành")
    before, after = changes["Personal history notes"]
    assert before == "—" and after.endswith("…") and len(after) <= 80
    assert "Updated at" not in changes and "name_sort" not in changes  # derived columns stay out


def test_records_link_to_the_profile_only_when_the_officer_may_see_the_person(
    client, hr_manager, admin_user, mai, province, trail, english
):
    reward_create(employee=mai, date=dt.date(2025, 5, 1), form="Giấy khen", actor=hr_manager)
    client.force_login(hr_manager)
    profile = reverse("hrm:staff-detail", args=[mai.pk])
    rows = client.get(AUDIT).context["rows"]
    assert rows[1]["url"] == profile
    owner = {c["field"]: c["after"] for c in rows[0]["changes"] + rows[0]["more_changes"]}["Staff member"]
    assert owner == f"Trần Thị Mai ({mai.code})"
    # Mai moves to Ba Tri: her old entries stay in Châu Thành's trail, without a way into her record.
    employee_transfer(employee=mai, unit=province["d2"], on=dt.date(2026, 1, 1), reason="transfer", actor=admin_user)
    response = client.get(AUDIT)
    assert trail["mai"].pk in shown(response)
    assert all(row["url"] == "" for row in response.context["rows"])
    assert profile not in response.content.decode()
    reward = next(row for row in response.context["rows"] if row["entry"].model == "hrm.reward")
    assert {c["field"]: c["after"] for c in reward["changes"] + reward["more_changes"]}["Staff member"] == f"#{mai.pk}"


def test_import_and_restructure_entries_are_listed_with_their_action(client, tmp_path, hr_manager, english):
    path = write_csv(tmp_path / "staff.csv", [staff_row(1), staff_row(2, unit="X28801")])
    assert staff_import(path=path, user=hr_manager, on=dt.date(2025, 3, 1))["created"] == 2
    client.force_login(hr_manager)
    response = client.get(AUDIT, {"action": "import"})
    rows = response.context["rows"]
    assert len(rows) == 2 and {r["action"] for r in rows} == {"Imported"}
    assert all(r["url"].startswith("/hrm/staff/") for r in rows)


# --- filters --------------------------------------------------------------------------------------
@pytest.fixture
def dated(mai, hr_manager, province):
    """Three entries on three days, by two users, of two actions."""
    employee_update(employee=mai, actor=hr_manager, person_fields={"phone": "0909000001"}, employee_fields={})
    reward_create(
        employee=mai,
        date=dt.date(2025, 5, 1),
        form="Giấy khen",
        authority="UBND huyện",
        decision_no="12/QĐ",
        actor=hr_manager,
    )
    employee_update(employee=mai, actor=None, person_fields={"email": "mai@example.vn"}, employee_fields={})
    entries = list(AuditEntry.objects.order_by("id"))
    for entry, day in zip(
        entries,
        (dt.datetime(2026, 1, 10, 9), dt.datetime(2026, 1, 20, 23, 30), dt.datetime(2026, 2, 1, 0, 15)),
        strict=True,
    ):
        AuditEntry.objects.filter(pk=entry.pk).update(at=timezone.make_aware(day))
    return entries


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"date_from": "20/01/2026"}, [1, 2]),
        ({"date_to": "20/01/2026"}, [0, 1]),  # the whole last day, up to midnight (Vietnam time)
        ({"date_from": "11/01/2026", "date_to": "31/01/2026"}, [1]),
        ({"action": "create"}, [1]),
        ({"actor": "CHAU"}, [0, 1]),
        ({"model": "hrm.reward"}, [1]),
        ({"q": "mai"}, [0, 2]),
    ],
)
def test_filters(client, hr_manager, dated, params, expected):
    client.force_login(hr_manager)
    response = client.get(AUDIT, params)
    assert response.status_code == 200 and not response.context["form"].errors
    assert [row["entry"].pk for row in response.context["rows"]] == [dated[i].pk for i in reversed(expected)]


def test_the_list_is_newest_first_and_paginated(client, hr_manager, mai, english):
    for n in range(55):
        employee_update(employee=mai, actor=hr_manager, person_fields={"phone": f"09{n:08d}"}, employee_fields={})
    client.force_login(hr_manager)
    first = client.get(AUDIT)
    assert first.context["page"].paginator.count == 55 and len(first.context["rows"]) == 50
    assert first.context["rows"][0]["changes"][0]["after"] == "0900000054"
    second = client.get(AUDIT, {"page": 2})
    assert [r["changes"][0]["after"] for r in second.context["rows"]] == [f"09{n:08d}" for n in range(4, -1, -1)]
    assert "page=2" in first.content.decode()


def test_bad_filters_are_shown_and_list_nothing(client, hr_manager, dated, english):
    client.force_login(hr_manager)
    response = client.get(AUDIT, {"date_from": "31/02/2026"})
    assert response.status_code == 200 and "date_from" in response.context["form"].errors
    assert response.context["rows"] == []
    response = client.get(AUDIT, {"date_from": "02/02/2026", "date_to": "01/02/2026"})
    assert "The end date is before the start date." in response.content.decode()
    assert client.get(AUDIT, {"object_id": "5"}).context["form"].errors["model"]
    assert client.get(AUDIT, {"action": "hack"}).context["rows"] == []
    assert client.get(EXPORT, {"date_to": "yesterday"}).status_code == 400


def test_the_object_filter_lists_one_records_whole_trail(client, hr_manager, mai, dated):
    client.force_login(hr_manager)
    response = client.get(AUDIT, {"model": "hrm.person", "object_id": mai.person_id})
    assert [row["entry"].pk for row in response.context["rows"]] == [dated[2].pk, dated[0].pk]


def test_queries_do_not_grow_with_the_rows(client, hr_manager, mai, province, django_assert_max_num_queries):
    def entries(start, stop):
        for i in range(start, stop):
            employee_update(employee=mai, actor=hr_manager, person_fields={"phone": f"09{i:08d}"}, employee_fields={})
            employee_transfer(
                employee=mai,
                unit=province["c1" if i % 2 == 0 else "d1"],
                reason="transfer",
                on=dt.date(2026, 1, 1) + dt.timedelta(days=i),
                actor=hr_manager,
            )

    entries(0, 1)
    client.force_login(hr_manager)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(AUDIT).context["rows"]) == 4  # the person; the assignment closed, opened; the record
    entries(1, 31)
    with django_assert_max_num_queries(len(few)):
        assert len(client.get(AUDIT).context["rows"]) == 50


# --- export ---------------------------------------------------------------------------------------
def test_export_writes_the_filtered_rows_and_is_audited(client, hr_manager, dated, english):
    client.force_login(hr_manager)
    response = client.get(EXPORT, {"date_from": "15/01/2026"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    header, *rows = sheet_rows(response.content)
    assert header[:3] == ("Time", "User", "Action")
    assert [row[0] for row in rows] == ["01/02/2026 00:15", "20/01/2026 23:30"]
    assert rows[1][2] == "Created" and "Giấy khen" in rows[1][6]
    export = AuditEntry.objects.get(action="export")
    assert export.actor == hr_manager and export.model == "common.auditentry"
    assert "date_from=2026-01-15" in export.note and export.object_repr.startswith("2 ")


def test_a_long_export_runs_as_a_job_scoped_to_its_owner(client, settings, other_hr_manager, trail):
    settings.CONGVU_EXPORT_SYNC_MAX_ROWS = 0
    client.force_login(other_hr_manager)
    response = client.get(EXPORT)
    job = Job.objects.get(kind="common.audit_export")
    assert response.status_code == 302 and response["Location"] == reverse("common:job-detail", args=[job.pk])
    audit_export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.result == {"count": 1}
    rows = sheet_rows(job.output_file.read())
    assert len(rows) == 2 and rows[1][5] == "Lê Văn Bình"
    assert audit_export_job_run(job_id=job.pk) is None  # a second delivery changes nothing
