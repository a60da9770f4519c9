import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from common.models import AuditEntry
from tests.hrm.factories_reports import staff_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(province):
    staff_create(unit=province["c1"], dob=dt.date(1990, 1, 1), sex="female", group="A1")
    staff_create(unit=province["d1"], dob=dt.date(1970, 1, 1), group="A2.1")
    staff_create(unit=province["c2"], dob=dt.date(1980, 1, 1))


def _get(client, user, name, **params):
    client.force_login(user)
    return client.get(reverse(name), params)


def test_hr_officer_sees_the_report_of_his_district(client, hr_manager, province, staff):
    response = _get(client, hr_manager, "hrm:report", unit=province["d1"].pk, on="30/06/2024")
    assert response.status_code == 200
    assert response.context["report"]["total"]["values"]["total"] == 2
    assert "Thị trấn Châu Thành" in response.content.decode()


def test_report_defaults_to_the_users_top_unit_and_today(client, hr_manager, province, staff):
    response = _get(client, hr_manager, "hrm:report")
    assert response.status_code == 200
    assert response.context["unit"] == province["d1"]


def test_other_districts_hr_officer_gets_404(client, other_hr_manager, province, staff):
    assert _get(client, other_hr_manager, "hrm:report", unit=province["d1"].pk, on="30/06/2024").status_code == 404
    assert _get(client, other_hr_manager, "hrm:report-xlsx", unit=province["d1"].pk).status_code == 404


def test_bad_date_shows_an_error_and_no_table(client, hr_manager, province):
    response = _get(client, hr_manager, "hrm:report", unit=province["d1"].pk, on="31/02/2024")
    assert response.status_code == 200
    assert "report" not in response.context
    page = response.content.decode()
    assert "Tại ngày (dd/mm/yyyy): " in page  # the filter's label, not its code "on"
    assert "<p>on:" not in page


@pytest.mark.parametrize("name", ["hrm:report", "hrm:report-xlsx", "hrm:dashboard"])
def test_users_without_an_hr_role_get_403(client, outsider, examiner, name):
    assert _get(client, outsider, name).status_code == 403
    assert _get(client, examiner, name).status_code == 403


def test_xlsx_opens_with_a_two_row_header_and_a_total(client, admin_user, province, staff):
    response = _get(client, admin_user, "hrm:report-xlsx", unit=province["root"].pk, on="30/06/2024")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"B4:B5", "D4:D5", "E4:H4"} <= merged  # unit and total span both rows; "of which" spans its four
    assert sheet["E4"].value and sheet["E5"].value and sheet["F5"].value
    last = sheet.max_row
    assert sheet.cell(last, 4).value == 3  # total staff in post
    assert AuditEntry.objects.filter(action="export", model="hrm.orgunit", object_id=str(province["root"].pk)).exists()


def test_api_returns_the_report(api_client, hr_manager, province, staff):
    api_client.force_authenticate(hr_manager)
    response = api_client.get(reverse("hrm-api:report"), {"unit": province["d1"].pk, "on": "2024-06-30"})
    assert response.status_code == 200
    body = response.json()
    assert body["on"] == "2024-06-30" and body["total"]["values"]["total"] == 2
    assert body["columns"][1]["key"] == "total"


@pytest.mark.parametrize(
    "params, field",
    [
        ({"on": "2024-06-30"}, "unit"),
        ({"unit": "x", "on": "2024-06-30"}, "unit"),
        ({"unit": 1, "on": "2024-13-01"}, "on"),
        ({"unit": 1}, "on"),
    ],
)
def test_api_names_the_bad_field(api_client, hr_manager, province, params, field):
    api_client.force_authenticate(hr_manager)
    response = api_client.get(reverse("hrm-api:report"), params)
    assert response.status_code == 400
    assert field in response.json() or field in str(response.json())


def test_api_unit_outside_scope_is_404(api_client, other_hr_manager, province):
    api_client.force_authenticate(other_hr_manager)
    response = api_client.get(reverse("hrm-api:report"), {"unit": province["d1"].pk, "on": "2024-06-30"})
    assert response.status_code == 404


def test_api_refuses_users_without_an_hr_role(api_client, outsider, province):
    api_client.force_authenticate(outsider)
    response = api_client.get(reverse("hrm-api:report"), {"unit": province["d1"].pk, "on": "2024-06-30"})
    assert response.status_code == 403


def test_xlsx_counts_are_numeric_cells_with_a_number_format(client, admin_user, province, staff):
    response = _get(client, admin_user, "hrm:report-xlsx", unit=province["root"].pk, on="30/06/2024")
    sheet = load_workbook(io.BytesIO(response.content)).active
    total = sheet.cell(sheet.max_row, 4)
    assert (total.data_type, total.number_format, total.value) == ("n", "0", 3)
    for row in sheet.iter_rows(min_row=6, min_col=3):
        for cell in row:
            assert cell.value is None or (cell.data_type == "n" and isinstance(cell.value, int)), cell.coordinate
    assert sheet["B6"].data_type == "s"  # unit names stay texts
