"""Staff export: scoped, filtered, and an export imports back without changes."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from common.models import AuditEntry
from hrm.services.exports import EXPORT_HEADERS as HEADERS
from hrm.services.exports import staff_export
from hrm.services.imports import staff_import
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
                "Mã ngạch / chức danh": "",
                "Bậc lương": "",
                "Hệ số": "",
                "Ngày hưởng bậc lương": "",
                "Đối tượng": "Hợp đồng",
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


# --- Numbers as numbers, the unit's name beside its code (issue #13) ---------------------------------
def _xlsx(user, **filters):
    out = io.BytesIO()
    staff_export(user=user, filters=filters, fmt="xlsx", out=out)
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    header = [c.value for c in sheet[1]]
    return header, {row[0].value: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)}


def test_xlsx_numbers_are_numeric_cells_with_a_number_format(staff, admin_user):
    _header, rows = _xlsx(admin_user)
    second = rows["CB00002"]
    coefficient, step, allowance = second["Hệ số"], second["Bậc lương"], second["Phụ cấp chức vụ"]
    assert (coefficient.data_type, coefficient.number_format, float(coefficient.value)) == ("n", "#,##0.00", 3.0)
    assert (step.data_type, step.number_format, step.value) == ("n", "0", 3)
    assert (allowance.data_type, float(allowance.value)) == ("n", 0.2)
    assert rows["CB00003"]["Hệ số"].value is None  # a contract worker has no salary step
    assert second["Ngày sinh"].data_type == "s" and second["Số CCCD"].data_type == "s"  # dates dd/mm/yyyy, ids text


def test_xlsx_names_the_unit_with_its_parent_beside_the_code(staff, admin_user):
    header, rows = _xlsx(admin_user)
    assert header[header.index("Mã đơn vị") + 1] == "Đơn vị"
    assert rows["CB00002"]["Mã đơn vị"].value == "X28801"
    assert rows["CB00002"]["Đơn vị"].value == "Thị trấn Châu Thành — Huyện Châu Thành"
    assert rows["CB00001"]["Đơn vị"].value == "Huyện Châu Thành — Tỉnh Bến Tre"


def test_csv_writes_plain_numbers_and_the_unit_name(staff, admin_user):
    out = io.BytesIO()
    staff_export(user=admin_user, filters={}, fmt="csv", out=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8-sig"))))
    second = next(r for r in rows if r["Số hiệu CBCCVC"] == "CB00002")
    assert (second["Hệ số"], second["Bậc lương"], second["Phụ cấp chức vụ"]) == ("3.00", "3", "0.20")
    assert second["Đơn vị"] == "Thị trấn Châu Thành — Huyện Châu Thành"


def test_texts_that_look_like_formulas_stay_texts(staff, admin_user):
    from hrm.models import Employee

    Employee.objects.filter(code="CB00001").update(position='=HYPERLINK("http://x")')
    _header, rows = _xlsx(admin_user)
    cell = rows["CB00001"]["Chức vụ"]
    assert (cell.data_type, cell.value) == ("s", '=HYPERLINK("http://x")')
    out = io.BytesIO()
    staff_export(user=admin_user, filters={}, fmt="csv", out=out)
    assert "'=HYPERLINK" in out.getvalue().decode("utf-8-sig")


# --- The list's export links carry its filters ---------------------------------------------------------
def _export_links(client, **params):
    from html.parser import HTMLParser

    links = {}

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "a" and "data-export" in attrs:
                links[attrs["data-export"]] = attrs["href"]

    Links().feed(client.get(reverse("hrm:staff-list"), params).content.decode())
    return links


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        ({"party": "yes"}, ["CB00003"]),
        ({"sex": "female"}, ["CB00002"]),
        ({"rank": "01.003", "sort": "-code"}, ["CB00002", "CB00001"]),
        ({"q": "CB00002"}, ["CB00002"]),
        ({"staff_type": "hop_dong"}, ["CB00003"]),
        ({"education": "dai_hoc", "unit": "X28801"}, ["CB00002"]),
        ({"position": "Chuyên viên", "status": "active", "age": "__first__"}, None),
    ],
)
def test_a_filtered_list_exports_only_its_rows_in_its_order(staff, client, admin_user, province, params, codes):
    from hrm.models import OrgUnit
    from hrm.selectors.staff import age_bands, employee_list_for_hr

    client.force_login(admin_user)
    if "unit" in params:
        params["unit"] = OrgUnit.objects.get(code=params["unit"]).pk
    if params.get("age") == "__first__":
        params["age"] = next(iter(age_bands()))
    if codes is None:  # whatever the list shows
        filters = {k: v for k, v in params.items() if k != "unit"}
        codes = [e.code for e in employee_list_for_hr(user=admin_user, filters=filters)]
    shown = [e.code for e in client.get(reverse("hrm:staff-list"), params).context["page"]]
    assert shown == codes
    for fmt, href in _export_links(client, **params).items():
        response = client.get(href)
        assert response.status_code == 200
        if fmt == "csv":
            exported = [r["Số hiệu CBCCVC"] for r in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))]
        else:
            sheet = load_workbook(io.BytesIO(response.content)).active
            exported = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert exported == codes, (fmt, href)


def test_the_export_link_names_the_unit_by_code_and_keeps_every_filter(staff, client, hr_manager, province):
    client.force_login(hr_manager)
    params = {"unit": province["c1"].pk, "sex": "female", "party": "no", "raise_due": "no", "retiring": "12"}
    href = _export_links(client, **params)["xlsx"]
    from urllib.parse import parse_qs, urlsplit

    query = {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}
    assert query == {
        "format": "xlsx",
        "unit": "X28801",
        "sex": "female",
        "party": "no",
        "raise_due": "no",
        "retiring": "12",
    }


def test_an_export_of_another_officers_unit_is_refused(staff, client, other_hr_manager):
    client.force_login(other_hr_manager)
    assert client.get(reverse("hrm:export"), {"format": "csv", "unit": "X28801"}).status_code == 400
