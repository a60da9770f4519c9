"""Staff export: scoped, filtered, and an export imports back without changes."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from common.models import AuditEntry
from hrm.services.exports import staff_export
from hrm.services.imports import staff_import
from hrm.services.imports.columns import HEADERS
from tests.hrm.test_import_support import staff_row, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(tmp_path, province, admin_user):
    rows = [
        staff_row(1, unit="H831"),
        staff_row(2, unit="X28801", **{"Phụ cấp chức vụ": "0,2"}),
        staff_row(
            3,
            unit="X29062",
            **{
                "Ngày vào Đảng": "03/02/2008",
                "Mã ngạch": "",
                "Bậc lương": "",
                "Hệ số": "",
                "Ngày hưởng bậc": "",
                "Loại cán bộ": "Hợp đồng",
            },
        ),
    ]
    result = staff_import(path=write_xlsx(tmp_path / "seed.xlsx", rows), user=admin_user)
    assert result["errors"] == []
    return rows


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_round_trip_export_import_changes_nothing(tmp_path, staff, admin_user, fmt):
    path = tmp_path / f"out.{fmt}"
    with open(path, "wb") as out:
        assert staff_export(user=admin_user, filters={}, fmt=fmt, out=out) == 3
    audit = AuditEntry.objects.filter(action="import").count()
    result = staff_import(path=path, user=admin_user)
    assert result["errors"] == [] and result["unchanged"] == 3
    assert AuditEntry.objects.filter(action="import").count() == audit


def test_export_is_scoped_to_the_officers_units(staff, hr_manager):
    out = io.BytesIO()
    staff_export(user=hr_manager, filters={}, fmt="csv", out=out)
    rows = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    assert sorted(r[0] for r in rows[1:]) == ["CB00001", "CB00002"]


def test_export_filters_by_unit_subtree_type_and_name(staff, admin_user):
    def codes(**filters):
        out = io.BytesIO()
        staff_export(user=admin_user, filters=filters, fmt="csv", out=out)
        return sorted(r[0] for r in list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"))))[1:])

    assert codes(unit="H831") == ["CB00001", "CB00002"]
    assert codes(staff_type="hop_dong") == ["CB00003"]
    assert codes(q="tran thi") == ["CB00002"]


def test_api_export_xlsx_and_unknown_unit(staff, api_client, hr_manager):
    api_client.force_authenticate(hr_manager)
    response = api_client.get(reverse("hrm-api:export"), {"format": "xlsx", "unit": "X28801"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][0] == "CB00002"
    assert api_client.get(reverse("hrm-api:export"), {"unit": "X29062"}).status_code == 400
    assert api_client.get(reverse("hrm-api:export"), {"format": "pdf"}).status_code == 400


def test_page_export_downloads_csv(staff, client, hr_manager):
    client.force_login(hr_manager)
    response = client.get(reverse("hrm:export"), {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")


def test_export_command_writes_file_by_extension(tmp_path, staff):
    path = tmp_path / "out.xlsx"
    call_command("export_staff", str(path), "--unit", "H836")
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[1]] == HEADERS and sheet.max_row == 2


def test_admin_export_uses_the_shared_columns(staff):
    from hrm.models import Employee
    from hrm.resources import StaffResource

    dataset = StaffResource().export(Employee.objects.all())
    assert dataset.headers == HEADERS and len(dataset) == 3


def test_admin_import_page_goes_through_the_service(tmp_path, client, province):
    from tests.hrm.factories import UserFactory

    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)
    client.force_login(boss)
    assert client.get(reverse("admin:hrm_employee_changelist")).status_code == 200
    path = write_xlsx(tmp_path / "a.xlsx", [staff_row(9)])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("admin:hrm_employee_import_file"), {"file": SimpleUploadedFile("a.xlsx", path.read_bytes())}
    )
    assert response.status_code == 302
    from hrm.models import Employee

    assert Employee.objects.filter(code="CB00009").exists()
