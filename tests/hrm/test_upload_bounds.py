"""Uploads that would exhaust a worker are refused through every entry point; exports never carry a live formula."""

import csv
import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from common.audit_exports import audit_export
from common.errors import ApplicationError
from common.import_formats import SafeCSV, SafeXLSX
from common.services import audit_record
from hrm.models import Employee, OrgUnit
from hrm.resources import StaffResource
from hrm.services.access import user_admin_access_sync
from hrm.services.exports import staff_export
from hrm.services.imports import staff_import
from hrm.services.photos import person_photo_set
from hrm.services.reports import quality_report, quality_report_xlsx
from tests.hrm.factories import EmployeeFactory
from tests.hrm.test_import_support import staff_row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db
ROWS_REFUSED = "Tệp có quá nhiều dòng"


def far_cell_file(tmp_path, ref="XFD1048576"):
    path = write_xlsx(tmp_path / "far.xlsx", [staff_row(1)])
    book = load_workbook(path)
    book.active[ref] = "x"
    book.save(path)
    return path


def upload(path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


# --- spreadsheets: page, API, command, admin ------------------------------------------------------
@pytest.mark.parametrize("ref", ["XFD1048576", "A1048576"])
def test_the_page_refuses_a_far_cell_in_vietnamese_and_writes_nothing(tmp_path, client, hr_manager, ref):
    client.force_login(hr_manager)
    response = client.post(reverse("hrm:import"), {"file": upload(far_cell_file(tmp_path, ref))})
    assert response.status_code == 400
    assert ROWS_REFUSED in response.content.decode()
    assert not Employee.objects.exists()


def test_the_api_refuses_a_far_cell_naming_the_field(tmp_path, api_client, hr_manager):
    api_client.force_authenticate(hr_manager)
    response = api_client.post(reverse("hrm-api:import"), {"file": upload(far_cell_file(tmp_path))}, format="multipart")
    assert response.status_code == 400
    assert ROWS_REFUSED in response.json()["file"][0]
    assert not Employee.objects.exists()


def test_the_command_refuses_a_far_cell(tmp_path, province):
    with pytest.raises(CommandError, match=ROWS_REFUSED):
        call_command("import_staff", str(far_cell_file(tmp_path)))
    assert not Employee.objects.exists()


def test_the_admin_import_refuses_a_far_cell(tmp_path, client, hr_manager):
    user_admin_access_sync(user=hr_manager)
    client.force_login(hr_manager)
    response = client.post(reverse("admin:hrm_employee_import_file"), {"file": upload(far_cell_file(tmp_path))})
    assert response.status_code == 200 and ROWS_REFUSED in response.content.decode()
    assert not Employee.objects.exists()


def test_the_import_export_admin_formats_read_through_the_bounds(tmp_path):
    with pytest.raises(ApplicationError, match=ROWS_REFUSED):
        SafeXLSX().create_dataset(far_cell_file(tmp_path).read_bytes())
    dataset = SafeXLSX().create_dataset(write_xlsx(tmp_path / "ok.xlsx", [staff_row(1)]).read_bytes())
    assert dataset.height == 1 and dataset.dict[0]["Số hiệu CBCCVC"] == "CB00001"


def test_a_csv_with_too_many_rows_is_refused(tmp_path, settings, client, hr_manager):
    settings.CONGVU_IMPORT_MAX_ROWS = 2
    client.force_login(hr_manager)
    path = write_csv(tmp_path / "s.csv", [staff_row(n, unit="X28801") for n in (1, 2, 3)])
    response = client.post(reverse("hrm:import"), {"file": upload(path)})
    assert response.status_code == 400 and ROWS_REFUSED in response.content.decode()
    assert not Employee.objects.exists()


def test_a_spreadsheet_over_the_size_limit_is_refused_before_reading(tmp_path, settings, api_client, hr_manager):
    settings.CONGVU_UPLOAD_SPREADSHEET_MAX_BYTES = 2048
    api_client.force_authenticate(hr_manager)
    path = write_csv(tmp_path / "s.csv", [staff_row(n, unit="X28801") for n in range(1, 30)])
    response = api_client.post(reverse("hrm-api:import"), {"file": upload(path)}, format="multipart")
    assert response.status_code == 400 and "quá lớn" in response.json()["file"][0]


def test_a_request_longer_than_any_upload_is_a_400(settings, client, hr_manager):
    settings.CONGVU_UPLOAD_SPREADSHEET_MAX_BYTES = settings.CONGVU_PHOTO_MAX_BYTES = 1024
    client.force_login(hr_manager)
    big = SimpleUploadedFile("s.csv", b"x" * (3 * 1024 * 1024))
    assert client.post(reverse("hrm:import"), {"file": big}).status_code == 400


# --- photos ------------------------------------------------------------------------------------------
def png(size, mode="1") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares width × height (a decompression bomb)."""
    data = png((1, 1))
    ihdr = struct.pack(">II", width, height) + data[24:29]
    chunk = b"IHDR" + ihdr
    return data[:12] + chunk + struct.pack(">I", zlib.crc32(chunk)) + data[33:]


@pytest.fixture
def photo_target(settings, tmp_path, province):
    settings.MEDIA_ROOT = tmp_path / "media"
    return EmployeeFactory(unit=province["d1"])


@pytest.mark.parametrize("content", [png((10_000, 10_000)), png_declaring(30_000, 30_000)])
def test_a_photo_of_too_many_pixels_is_refused_before_decoding(photo_target, hr_manager, content, monkeypatch):
    assert len(content) < 200_000
    monkeypatch.setattr(Image.Image, "load", lambda self: pytest.fail("decoded"))
    with pytest.raises(ApplicationError) as caught:
        person_photo_set(employee=photo_target, actor=hr_manager, upload=SimpleUploadedFile("p.png", content))
    assert "megapixel" in caught.value.message_dict["photo"][0]
    photo_target.person.refresh_from_db()
    assert not photo_target.person.photo


def test_the_photo_api_refuses_too_many_pixels_in_vietnamese(photo_target, api_client, hr_manager):
    api_client.force_authenticate(hr_manager)
    photo = SimpleUploadedFile("p.png", png((10_000, 10_000)))
    response = api_client.put(
        reverse("hrm-api:staff-photo", args=[photo_target.pk]), {"photo": photo}, format="multipart"
    )
    assert response.status_code == 400 and "điểm ảnh" in response.json()["photo"][0]


# --- exports: no live formula ---------------------------------------------------------------------
DANGEROUS = {"Chức vụ": '=HYPERLINK("http://x","y")', "Quê quán": "@SUM(A1)", "Tôn giáo": "-5", "Dân tộc": "+1"}


@pytest.fixture
def dangerous(tmp_path, province, admin_user):
    # a csv as someone typed it (no apostrophe): the texts arrive as they are
    result = staff_import(path=write_csv(tmp_path / "seed.csv", [staff_row(1, **DANGEROUS)]), user=admin_user)
    assert result["errors"] == [] and result["created"] == 1
    return Employee.objects.get()


def test_staff_xlsx_export_writes_those_texts_as_text_cells(dangerous, admin_user):
    out = io.BytesIO()
    staff_export(user=admin_user, filters={}, fmt="xlsx", out=out)
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    header = [c.value for c in sheet[1]]
    for name, text in DANGEROUS.items():
        cell = sheet.cell(2, header.index(name) + 1)
        assert (cell.data_type, cell.value) == ("s", text)


def test_staff_csv_export_neutralises_those_texts(dangerous, admin_user):
    out = io.BytesIO()
    staff_export(user=admin_user, filters={}, fmt="csv", out=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8-sig"))))
    assert {name: rows[0][name] for name in DANGEROUS} == {k: "'" + v for k, v in DANGEROUS.items()}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_changes_nothing(tmp_path, dangerous, admin_user, fmt):
    path = tmp_path / f"out.{fmt}"
    with open(path, "wb") as out:
        staff_export(user=admin_user, filters={}, fmt=fmt, out=out)
    result = staff_import(path=path, user=admin_user)
    assert result["errors"] == [] and result["unchanged"] == 1
    dangerous.refresh_from_db()
    assert dangerous.position == DANGEROUS["Chức vụ"] and dangerous.person.religion == "-5"


def test_admin_export_formats_write_no_formula(dangerous):
    dataset = StaffResource().export(Employee.objects.all())
    sheet = load_workbook(io.BytesIO(SafeXLSX().export_data(dataset))).active
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(2, header.index("Chức vụ") + 1)
    assert (cell.data_type, cell.value) == ("s", DANGEROUS["Chức vụ"])
    text = SafeCSV().export_data(dataset)
    assert "'=HYPERLINK" in text
    back = SafeCSV().create_dataset(text)
    assert back.dict[0]["Chức vụ"] == DANGEROUS["Chức vụ"]


def test_audit_xlsx_export_writes_texts_as_text(admin_user):
    audit_record(actor=admin_user, action="update", model="hrm.person", object_repr="=1+1", note="@SUM(A1)")
    out = io.BytesIO()
    audit_export(user=admin_user, filters={}, out=out)
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value in ("=1+1", "@SUM(A1)")]
    assert len(cells) == 2 and all(c.data_type == "s" for c in cells)


def test_quality_report_xlsx_writes_unit_names_as_text(province):
    import datetime as dt

    OrgUnit.objects.filter(pk=province["d1"].pk).update(name="=cmd|' /C calc'!A0")
    report = quality_report(unit=OrgUnit.objects.get(pk=province["root"].pk), on=dt.date(2024, 6, 30))
    sheet = load_workbook(io.BytesIO(quality_report_xlsx(report=report))).active
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
