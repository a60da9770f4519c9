"""Staff files speak the screens' words: the export writes them, the import reads them and the older headers and
labels of files exported before (issue #13), and refuses a header it does not know, naming it."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from common.models import AuditEntry
from hrm.models import Employee, Person
from hrm.services.exports import EXPORT_HEADERS
from hrm.services.imports.columns import ALIASES, CODE, COLUMNS, HEADERS, RANK, STAFF_TYPE, STEP_SINCE
from hrm.views.imports import EXAMPLE
from tests.hrm.test_import_support import staff_row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

# Each file column and the words the Vietnamese screens give it (list headers, profile, hire and edit forms)
SCREEN_WORDS = {
    "code": "Staff number",
    "full_name": "Full name",
    "date_of_birth": "Date of birth",
    "sex": "Sex",
    "cccd": "Citizen ID (CCCD)",
    "staff_type": "Staff type",
    "status": "Status",
    "position": "Position",
    "rank_id": "Rank or title code",
    "salary_step": "Salary step",
    "coefficient": "Coefficient",
    "position_allowance": "Position allowance",
    "ethnicity": "Ethnicity",
    "religion": "Religion",
    "native_place": "Native place",
    "education_level": "Education level",
    "political_theory": "Political theory",
    "state_management": "State management",
    "foreign_language": "Foreign language",
    "it_level": "IT",
    "party_joined_on": "Joined the Party on",
    "recruited_on": "Recruited on",
    "phone": "Phone",
}
OLD_HEADERS = {"Số hiệu": CODE, "Loại cán bộ": STAFF_TYPE, "Ngày hưởng bậc": STEP_SINCE, "Mã ngạch": RANK}


def upload(path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def import_page(client, path, **data):
    return client.post(reverse("hrm:import"), {"file": upload(path), **data})


def errors_on_page(response) -> list[tuple[str, str, str]]:
    """(row, column, reason) of each line of the page's error table."""
    table = re.search(r"data-import-errors>(.*?)</table>", response.content.decode(), re.S).group(1)
    return re.findall(r"<tr><td>(\d+)</td><td>(.*?)</td><td>(.*?)</td></tr>", table)


def test_file_headers_are_the_words_of_the_vietnamese_screens():
    with translation.override("vi"):
        for column in COLUMNS:
            if column.field in SCREEN_WORDS:
                assert column.header == gettext(SCREEN_WORDS[column.field]), column.field
        staff_type = next(c for c in COLUMNS if c.field == "staff_type")
        status = next(c for c in COLUMNS if c.field == "status")
        for c in (staff_type, status):  # the choices as the profile shows them
            choices = dict(c.model._meta.get_field(c.field).choices)
            assert {v: str(label) for v, label in choices.items() if v in c.labels} == c.labels
            assert set(choices) - set(c.labels) <= {Employee.Status.PENDING}  # hired from a later date: not in files
    assert "Số hiệu CBCCVC" in EXPORT_HEADERS and "Đối tượng" in EXPORT_HEADERS and "Loại cán bộ" not in HEADERS


def test_list_page_and_export_name_the_staff_number_alike(client, hr_manager, tmp_path, admin_user):
    client.force_login(hr_manager)
    page = client.get(reverse("hrm:staff-list")).content.decode()
    assert ">Số hiệu CBCCVC" in page and "Đối tượng" in page
    assert ">Ngạch / chức danh" in page and 'for="f-rank">Ngạch / chức danh' in page  # viên chức hold titles
    response = client.get(reverse("hrm:export"), {"format": "xlsx"})
    header = [c.value for c in next(load_workbook(io.BytesIO(response.content)).active.iter_rows(max_row=1))]
    assert header == EXPORT_HEADERS and header[0] == "Số hiệu CBCCVC"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_through_the_pages_changes_nothing(client, hr_manager, tmp_path, fmt):
    client.force_login(hr_manager)
    rows = [
        staff_row(1),
        staff_row(
            2,
            unit="X28801",
            **{
                "Đối tượng": "Lao động hợp đồng",
                RANK: "",
                "Bậc lương": "",
                "Hệ số": "",
                "Ngày hưởng bậc lương": "",
            },
        ),
    ]
    first = import_page(client, write_xlsx(tmp_path / "seed.xlsx", rows))
    assert first.status_code == 200 and "data-created>2<" in first.content.decode()
    exported = client.get(reverse("hrm:export"), {"format": fmt})
    assert exported.status_code == 200
    path = tmp_path / f"back.{fmt}"
    path.write_bytes(exported.content)
    audit = AuditEntry.objects.filter(action="import").count()
    again = import_page(client, path).content.decode()
    assert "data-unchanged>2<" in again and "data-updated>0<" in again
    assert AuditEntry.objects.filter(action="import").count() == audit
    assert Employee.objects.get(code="CB00002").staff_type == Employee.StaffType.HOP_DONG


def test_a_file_with_the_older_headers_and_labels_still_imports(client, hr_manager, tmp_path):
    client.force_login(hr_manager)
    new_to_old = {new: old for old, new in OLD_HEADERS.items()}
    headers = [new_to_old.get(h, h) for h in HEADERS]
    older = {"Trạng thái": "Đang làm việc", "Đối tượng": "Hợp đồng"}
    rows = [{new_to_old.get(k, k): older.get(k, v) for k, v in staff_row(n).items()} for n in (1, 2)]
    response = import_page(client, write_csv(tmp_path / "old.csv", rows, headers=headers))
    assert "data-created>2<" in response.content.decode(), errors_on_page(response)
    one = Employee.objects.get(code="CB00001")
    assert one.staff_type == Employee.StaffType.HOP_DONG and one.status == Employee.Status.ACTIVE
    assert one.step_since is not None


def test_errors_of_an_older_file_name_its_own_headers(client, hr_manager, tmp_path):
    client.force_login(hr_manager)
    new_to_old = {new: old for old, new in OLD_HEADERS.items()}
    headers = [new_to_old.get(h, h) for h in HEADERS]
    rows = [{new_to_old.get(k, k): v for k, v in staff_row(n).items()} for n in (1, 2)]
    rows[1]["Số hiệu"] = rows[0]["Số hiệu"]
    response = import_page(client, write_xlsx(tmp_path / "old.xlsx", rows, headers=headers))
    assert [(r, c) for r, c, _ in errors_on_page(response)] == [("3", "Số hiệu")]
    assert not Employee.objects.exists()


def test_an_unknown_header_is_refused_and_named_and_nothing_is_written(client, hr_manager, tmp_path):
    client.force_login(hr_manager)
    headers = [*HEADERS, "Ghi chú"]
    rows = [{**staff_row(1), "Ghi chú": "chuyển về từ Sở"}]
    response = import_page(client, write_xlsx(tmp_path / "extra.xlsx", rows, headers=headers))
    errors = errors_on_page(response)
    assert [(r, c) for r, c, _ in errors] == [("1", "Ghi chú")]
    assert "Cột không có trong mẫu" in errors[0][2]
    assert not Employee.objects.exists() and not Person.objects.exists()


def test_the_same_column_twice_under_old_and_new_names_is_refused(api_client, hr_manager, tmp_path):
    api_client.force_authenticate(hr_manager)
    headers = [*HEADERS, "Số hiệu"]
    rows = [{**staff_row(1), "Số hiệu": "CB09999"}]
    path = write_csv(tmp_path / "twice.csv", rows, headers=headers)
    response = api_client.post(reverse("hrm-api:import"), {"file": upload(path)}, format="multipart")
    assert response.status_code == 200
    assert [(e["row"], e["column"]) for e in response.json()["errors"]] == [(1, CODE)]
    assert "Số hiệu" in response.json()["errors"][0]["message"] and not Employee.objects.exists()


def test_values_under_no_header_are_refused_by_column_letter_and_blank_columns_and_names_pass(
    api_client, hr_manager, tmp_path
):
    api_client.force_authenticate(hr_manager)
    headers = ["STT", *HEADERS[:3], "", *HEADERS[3:], "Đơn vị", ""]
    rows = [{**staff_row(1), "STT": "1", "Đơn vị": "Huyện Châu Thành"}]
    path = write_xlsx(tmp_path / "blank.xlsx", rows, headers=headers)
    response = api_client.post(reverse("hrm-api:import"), {"file": upload(path)}, format="multipart")
    assert response.json()["created"] == 1, response.json()  # an empty column without header, "STT", the unit name
    Employee.objects.all().delete()
    book = load_workbook(path)
    book.active["E2"] = "ghi chú lạc"  # the blank header between Ngày sinh and Giới tính
    book.save(path)
    response = api_client.post(reverse("hrm-api:import"), {"file": upload(path)}, format="multipart")
    assert [(e["row"], e["column"]) for e in response.json()["errors"]] == [(1, "cột E")]


def test_the_template_has_every_column_with_an_example(client, hr_manager):
    client.force_login(hr_manager)
    response = client.get(reverse("hrm:import-template"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert set(EXAMPLE) == set(HEADERS) and not set(EXAMPLE) & set(ALIASES)
    blank = ("Ngày vào Đảng", "Ngày nghỉ việc")  # the example works and has not joined the Party
    assert all(rows[1][i] not in (None, "") for i, h in enumerate(HEADERS) if h not in blank)


def test_the_import_page_lists_the_older_names_it_reads(client, hr_manager):
    client.force_login(hr_manager)
    page = client.get(reverse("hrm:import")).content.decode()
    assert "Số hiệu CBCCVC" in page and "Loại cán bộ" in page
