"""The staff export of the Django admin downloads a file that reads back (and only the user's staff)."""

import io

import openpyxl
import pytest
from django.urls import reverse

from hrm.admin import EmployeeAdmin
from hrm.models import Employee
from hrm.services.access import user_admin_access_sync
from hrm.services.exports import EXPORT_HEADERS as HEADERS
from tests.hrm.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _format_index(name: str) -> str:
    from django.contrib import admin

    formats = EmployeeAdmin(Employee, admin.site).get_export_formats()
    return str(next(i for i, fmt in enumerate(formats) if fmt().get_title() == name))


def _export(client, name: str):
    url = reverse("admin:hrm_employee_export")
    assert client.get(url).status_code == 200
    return client.post(url, {"format": _format_index(name), "resource": "0"})


def test_province_admin_downloads_the_staff_as_xlsx(client, admin_user, province):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    staff = [EmployeeFactory(unit=province["c1"]), EmployeeFactory(unit=province["c2"])]
    client.force_login(admin_user)
    response = _export(client, "xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(HEADERS)
    codes = {cell for row in rows[1:] for cell in row}
    assert {e.code for e in staff} <= codes


def test_hr_officer_downloads_only_his_units_staff_as_csv(client, hr_manager, province):
    user_admin_access_sync(user=hr_manager)
    hr_manager.refresh_from_db()
    mine, theirs = EmployeeFactory(unit=province["c1"]), EmployeeFactory(unit=province["c2"])
    client.force_login(hr_manager)
    response = _export(client, "csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].split(",")[: len(HEADERS)] == list(HEADERS)
    assert mine.code in text and theirs.code not in text
