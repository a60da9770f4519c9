"""The staff list's bulk actions through the API (hrm/views/bulk.py): the same services as the page, scoped,
all or nothing for the raises, documented in the OpenAPI schema."""

import csv
import io
from unittest import mock

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from common.models import AuditEntry, Job
from hrm.models import SalaryRecord
from tests.hrm.test_staff_bulk import staff, steps  # noqa: F401 - the fixture and the helper of the page's tests

pytestmark = pytest.mark.django_db
EXPORT, FORM2C, RAISES = "hrm-api:staff-bulk-export", "hrm-api:staff-bulk-form2c", "hrm-api:staff-bulk-raises"


def post(api_client, name, *employees, **extra):
    return api_client.post(reverse(name), {"ids": [e.pk for e in employees], **extra}, format="json")


# --- export ------------------------------------------------------------------------------------------
def test_export_writes_only_the_selected_rows_as_xlsx(api_client, hr_manager, staff):  # noqa: F811
    api_client.force_authenticate(hr_manager)
    response = post(api_client, EXPORT, staff["lan"], staff["hoa"])
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True)) == ["CV001", "CV002"]
    assert AuditEntry.objects.filter(action="export", note__contains="2 selected").exists()


def test_export_as_csv(api_client, hr_manager, staff):  # noqa: F811
    api_client.force_authenticate(hr_manager)
    response = post(api_client, EXPORT, staff["hoa"], format="csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["Số hiệu CBCCVC"] for r in rows] == ["CV001"]


def test_a_large_export_is_a_job(api_client, hr_manager, staff, settings):  # noqa: F811
    settings.CONGVU_EXPORT_SYNC_MAX_ROWS = 1
    api_client.force_authenticate(hr_manager)
    with mock.patch("hrm.tasks.staff_export.delay_on_commit"), mock.patch("hrm.tasks.staff_export.delay"):
        response = post(api_client, EXPORT, staff["hoa"], staff["lan"])
    assert response.status_code == 202
    job = Job.objects.get(pk=response.json()["job"])
    assert sorted(job.params["filters"]["ids"]) == sorted([staff["hoa"].pk, staff["lan"].pk])


# --- form 2C --------------------------------------------------------------------------------------------
def test_form2c_prints_the_selected_in_one_pdf(api_client, hr_manager, staff):  # noqa: F811
    api_client.force_authenticate(hr_manager)
    response = post(api_client, FORM2C, staff["hoa"], staff["lan"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="view", note="form 2C PDF").count() == 2


# --- raises ---------------------------------------------------------------------------------------------
def test_raises_are_recorded_and_returned(api_client, hr_manager, staff):  # noqa: F811
    api_client.force_authenticate(hr_manager)
    response = post(api_client, RAISES, staff["hoa"], staff["lan"])
    assert response.status_code == 200
    assert sorted((row["code"], row["salary_step"]) for row in response.json()["done"]) == [("CV001", 4), ("CV002", 4)]
    assert steps(staff["hoa"], staff["lan"]) == [4, 4]


def test_one_refusal_records_nothing_and_lists_the_refusals(api_client, hr_manager, staff):  # noqa: F811
    api_client.force_authenticate(hr_manager)
    api_client.cookies["django_language"] = "en"
    records = SalaryRecord.objects.count()
    response = post(api_client, RAISES, staff["hoa"], staff["new"])
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "No raise was recorded."
    assert [(r["id"], r["code"], "due on" in r["reason"]) for r in body["refused"]] == [
        (staff["new"].pk, "CV003", True)
    ]
    assert SalaryRecord.objects.count() == records and steps(staff["hoa"], staff["new"]) == [3, 3]


# --- scope and input ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", [EXPORT, FORM2C, RAISES])
def test_a_selection_with_a_record_outside_the_scope_is_404_naming_none(api_client, hr_manager, staff, name):  # noqa: F811
    api_client.force_authenticate(hr_manager)
    audit = AuditEntry.objects.count()
    response = post(api_client, name, staff["hoa"], staff["outside"])
    assert response.status_code == 404
    assert "BT001" not in response.content.decode() and str(staff["outside"].pk) not in response.content.decode()
    assert steps(staff["hoa"]) == [3] and AuditEntry.objects.count() == audit
    assert post(api_client, name, staff["hoa"]).status_code != 404  # the same request without him is served


@pytest.mark.parametrize("name", [EXPORT, FORM2C, RAISES])
def test_an_id_that_does_not_exist_is_the_same_404(api_client, hr_manager, staff, name):  # noqa: F811
    api_client.force_authenticate(hr_manager)
    response = api_client.post(reverse(name), {"ids": [staff["hoa"].pk, 987654]}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize("name", [EXPORT, FORM2C, RAISES])
def test_another_districts_officer_gets_404(api_client, other_hr_manager, staff, name):  # noqa: F811
    api_client.force_authenticate(other_hr_manager)
    assert post(api_client, name, staff["hoa"]).status_code == 404


@pytest.mark.parametrize("name", [EXPORT, FORM2C, RAISES])
@pytest.mark.parametrize("persona", ["outsider", "examiner", "candidate"])
def test_users_without_an_hr_role_get_403(api_client, staff, name, persona, request):  # noqa: F811
    api_client.force_authenticate(request.getfixturevalue(persona))
    assert post(api_client, name, staff["hoa"]).status_code == 403


@pytest.mark.parametrize("name", [EXPORT, FORM2C, RAISES])
def test_anonymous_gets_401_or_403(api_client, staff, name):  # noqa: F811
    assert post(api_client, name, staff["hoa"]).status_code in (401, 403)


@pytest.mark.parametrize("body", [{}, {"ids": []}, {"ids": ["x"]}, ["1"]])
def test_a_missing_or_bad_selection_is_a_400_on_ids(api_client, hr_manager, staff, body):  # noqa: F811
    api_client.force_authenticate(hr_manager)
    response = api_client.post(reverse(RAISES), body, format="json")
    assert response.status_code == 400
    if isinstance(body, dict):
        assert "ids" in response.json()
    if body in ({}, {"ids": []}):
        assert response.json()["ids"] == ["Hãy chọn ít nhất một cán bộ."]  # in Vietnamese, on its field


def test_export_refuses_an_unknown_format_on_its_field(api_client, hr_manager, staff):  # noqa: F811
    api_client.force_authenticate(hr_manager)
    response = post(api_client, EXPORT, staff["hoa"], format="pdf")
    assert response.status_code == 400 and "format" in response.json()


def test_the_actions_are_in_the_openapi_schema(client, hr_manager):
    client.force_login(hr_manager)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    assert {"/api/hrm/staff/bulk/export/", "/api/hrm/staff/bulk/form2c/", "/api/hrm/staff/bulk/raises/"} <= set(paths)
    raises = paths["/api/hrm/staff/bulk/raises/"]["post"]
    assert set(raises["responses"]) >= {"200", "400", "404"}
    assert "application/pdf" in paths["/api/hrm/staff/bulk/form2c/"]["post"]["responses"]["200"]["content"]
