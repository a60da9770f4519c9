"""The panel's marks template (xlsx, from the page): the part's candidates pre-filled, members named so far, a sheet
of instructions; filled in with openpyxl and read back by the same import, all rows or none, each refusal naming
its row and column."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from common.models import AuditEntry
from exams.models import Mark
from exams.services.results import panel_marks_save
from tests.exams.factories_results import results_exam, sitting

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def setup(province):
    exam, position, parts, board = results_exam(agency=province["dept"], places=1)
    a = sitting(exam, position, "BT001", name="Nguyễn Thị Hoa")
    b = sitting(exam, position, "BT002", name="Trần Văn Bình")
    return {"exam": exam, "part": parts["interview"], "parts": parts, "board": board, "a": a, "b": b}


def template(client, setup, query=""):
    url = reverse("exams:panel-template", args=[setup["exam"].pk, setup["part"].pk]) + query
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return load_workbook(io.BytesIO(response.content))


def upload(client, setup, book):
    out = io.BytesIO()
    book.save(out)
    url = reverse("exams:panel-import", args=[setup["exam"].pk, setup["part"].pk])
    return client.post(url, {"file": SimpleUploadedFile("diem.xlsx", out.getvalue())})


@pytest.mark.usefixtures("english")
def test_the_template_lists_the_parts_candidates_with_the_right_headers_and_explains_itself(client, setup):
    client.force_login(setup["board"])
    page = client.get(reverse("exams:panel-marks", args=[setup["exam"].pk, setup["part"].pk])).content.decode()
    assert "data-panel-template" in page
    book = template(client, setup)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("Candidate number", "Full name", "Member 1", "Member 2", "Member 3", "Absent")
    assert rows[1][:2] == ("BT001", "Nguyễn Thị Hoa") and rows[2][:2] == ("BT002", "Trần Văn Bình")
    assert all(cell is None for cell in rows[1][2:5]) and len(rows) == 3
    notes = " ".join(str(r[0]) for r in book.worksheets[1].iter_rows(values_only=True))
    assert "from 0 to 100" in notes and "x for a candidate who did not sit" in notes
    assert AuditEntry.objects.filter(action="export", note="panel marks template").exists()


@pytest.mark.usefixtures("english")
def test_the_filled_template_is_read_back_by_the_import(client, setup):
    client.force_login(setup["board"])
    book = template(client, setup)
    sheet = book.worksheets[0]
    sheet["C1"], sheet["D1"], sheet["E1"] = "Ông Lê Văn Tám", "Bà Phạm Thị Chín", None
    sheet["C2"], sheet["D2"] = 70, "80,5"
    sheet["F3"] = "x"
    assert upload(client, setup, book).status_code == 302
    hoa = Mark.objects.get(candidate=setup["a"], part=setup["part"])
    assert hoa.score == Decimal("75.25") and hoa.details["members"] == {
        "Ông Lê Văn Tám": "70",
        "Bà Phạm Thị Chín": "80.5",
    }
    assert Mark.objects.get(candidate=setup["b"], part=setup["part"]).absent is True
    # the next template carries the members and the marks given so far
    again = list(template(client, setup).worksheets[0].iter_rows(values_only=True))
    assert again[0][2:4] == ("Ông Lê Văn Tám", "Bà Phạm Thị Chín") and again[1][2:4] == (70, 80.5)
    assert again[2][-1] == "x"


@pytest.mark.usefixtures("english")
def test_every_bad_row_is_named_by_row_and_column_and_nothing_is_saved(client, setup):
    client.force_login(setup["board"])
    book = template(client, setup)
    sheet = book.worksheets[0]
    sheet["C1"], sheet["D1"], sheet["E1"] = "Ông A", "Bà B", None
    sheet["C2"], sheet["D2"] = 70, 101  # out of range
    sheet["B3"], sheet["C3"], sheet["D3"] = "Người Khác", 50, 50  # the name does not match BT002
    sheet.append(["BT777", "Ai Đó", 1, 2])  # not a candidate of the part
    sheet.append(["BT001", "Nguyễn Thị Hoa", 1, 2])  # twice
    response = upload(client, setup, book)
    text = response.content.decode()
    assert response.status_code == 400
    assert "row 2, column D (Bà B)" in text
    assert "row 3, column B: “Người Khác” is not the name of BT002" in text
    assert "Row 4, column A: BT777 is not a candidate of this part" in text
    assert "Row 5, column A: BT001 is given twice" in text
    assert not Mark.objects.exists()


@pytest.mark.usefixtures("english")
def test_the_placeholder_member_names_must_be_replaced(client, setup):
    client.force_login(setup["board"])
    book = template(client, setup)
    book.worksheets[0]["C2"] = 60
    response = upload(client, setup, book)
    assert (
        response.status_code == 400
        and "row 1, column C: write the panel member&#x27;s name" in response.content.decode()
    )
    assert not Mark.objects.exists()


def test_the_errors_are_in_vietnamese_on_the_vietnamese_page(client, setup):
    client.force_login(setup["board"])
    book = template(client, setup)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:2] == ("Số báo danh", "Họ và tên") and rows[0][-1] == "Vắng"
    sheet = book.worksheets[0]
    sheet["C1"], sheet["D1"], sheet["E1"] = "Ông A", "Bà B", None
    sheet["C2"] = "bảy mươi"
    text = upload(client, setup, book).content.decode()
    assert "dòng 2, cột C (Ông A)" in text and "Chưa lưu gì" in text


def test_outsiders_get_404_and_a_computer_part_has_no_template(client, setup, outsider):
    url = reverse("exams:panel-template", args=[setup["exam"].pk, setup["part"].pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(setup["board"])
    general = setup["parts"]["general"]
    assert client.get(reverse("exams:panel-template", args=[setup["exam"].pk, general.pk])).status_code == 404


def test_the_page_and_the_file_share_the_service(setup):
    rows = [{"where": "BT001", "number": "BT001", "members": {"A": ("60", "A"), "B": ("70", "B")}, "absent": False}]
    assert panel_marks_save(part=setup["part"], actor=setup["board"], rows=rows) == 1
