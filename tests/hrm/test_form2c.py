import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from common.models import AuditEntry
from common.vietnamese import number_vi
from hrm.models import CareerEntry, FamilyMember, Qualification, Reward
from hrm.services.form2c import form2c_data, form2c_pdf
from tests.hrm.factories import UserFactory
from tests.hrm.factories_reports import staff_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def employee(province):
    employee = staff_create(
        unit=province["c1"],
        dob=dt.date(1985, 3, 4),
        sex="female",
        full_name="Trần Thị Ánh Tuyết",
        native_place="Xã Phú Túc, huyện Châu Thành, tỉnh Bến Tre",
        education_level="dai_hoc",
        party_joined_on=dt.date(2010, 5, 19),
    )
    person = employee.person
    Qualification.objects.create(
        person=person,
        kind="professional",
        institution="Đại học Cần Thơ",
        major="Luật",
        start=dt.date(2003, 9, 1),
        end=dt.date(2007, 6, 30),
        credential="Cử nhân",
    )
    CareerEntry.objects.create(
        person=person,
        start=dt.date(2007, 8, 1),
        end=dt.date(2014, 12, 31),
        description="Giáo viên, Trường THCS Phú Túc",
    )
    FamilyMember.objects.create(person=person, side="own", relation="Cha", full_name="Trần Văn Ba", birth_year=1955)
    FamilyMember.objects.create(person=person, side="spouse", relation="Mẹ chồng", full_name="Lê Thị Tư")
    Reward.objects.create(employee=employee, date=dt.date(2020, 12, 1), form="Giấy khen")
    return employee


@pytest.fixture
def owner(employee):
    return UserFactory(username="tuyet", person=employee.person)


def test_form_lists_every_item_in_order(employee):
    items = form2c_data(employee=employee)["items"]
    numbers = [item["no"] for item in items]
    assert numbers[:14] == [str(n) for n in range(1, 15)]
    assert numbers[14:20] == ["15.1", "15.2", "15.3", "15.4", "15.5", "15.6"]
    assert numbers[20:] == [str(n) for n in range(16, 30)] + ["30a", "30b", "31", "32"]
    assert items[0]["value"] == "TRẦN THỊ ÁNH TUYẾT"


@pytest.mark.parametrize(
    ("fields", "language", "it"),
    [
        (
            {"foreign_language": "en", "foreign_language_level": "certificate", "foreign_language_detail": "B1"},
            "Tiếng Anh, Chứng chỉ, B1",
            "—",
        ),
        (
            {"it_level": "certificate", "it_detail": "Chứng chỉ ứng dụng CNTT cơ bản"},
            "—",
            "Chứng chỉ ứng dụng CNTT cơ bản",
        ),
        ({"it_level": "certificate", "it_detail": "ứng dụng CNTT nâng cao"}, "—", "Chứng chỉ, ứng dụng CNTT nâng cao"),
        ({"it_level": "trung_cap_plus"}, "—", "Trung cấp trở lên"),
    ],
)
def test_language_and_it_are_written_once_each_in_words(client, employee, hr_manager, fields, language, it):
    """The same words on the profile and in form 2C, a level not repeated by the details that begin with it."""
    for name, value in fields.items():
        setattr(employee.person, name, value)
    employee.person.save()
    with translation.override("vi"):
        items = {item["no"]: item.get("value") for item in form2c_data(employee=employee)["items"]}
    assert (items["15.5"] or "—", items["15.6"] or "—") == (language, it)
    client.force_login(hr_manager)
    page = client.get(reverse("hrm:staff-detail", args=[employee.pk]), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert f"<dd>{language}</dd>" in page and f"<dd>{it}</dd>" in page


def test_histories_are_tables(employee):
    items = {item["no"]: item for item in form2c_data(employee=employee)["items"]}
    assert items["27"]["rows"][0][0] == "Đại học Cần Thơ"
    assert [row[1] for row in items["28"]["rows"]] == [
        "Giáo viên, Trường THCS Phú Túc",
        "Chuyên viên, Thị trấn Châu Thành",
    ]
    assert items["30a"]["rows"][0][1] == "Trần Văn Ba" and items["30b"]["rows"][0][1] == "Lê Thị Tư"
    assert items["31"]["rows"] == [["01/2015", "T-A1/1", number_vi(employee.salary_records.get().coefficient)]]
    assert "Giấy khen" in items["21"]["value"] and items["16"]["value"].startswith("19/05/2010")


def test_pdf_is_a_pdf(employee):
    assert form2c_pdf(employee=employee).startswith(b"%PDF")


@pytest.mark.parametrize("persona", ["owner", "hr_manager", "admin_user"])
def test_owner_and_hr_see_the_form_and_pdf(client, employee, persona, request):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("hrm:form2c", args=[employee.pk]))
    assert page.status_code == 200 and "TRẦN THỊ ÁNH TUYẾT" in page.content.decode()
    pdf = client.get(reverse("hrm:form2c-pdf", args=[employee.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("persona", ["other_hr_manager", "outsider", "examiner"])
def test_others_get_404(client, employee, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("hrm:form2c", args=[employee.pk])).status_code == 404
    assert client.get(reverse("hrm:form2c-pdf", args=[employee.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action="view").exists()


def test_every_view_is_audited(client, employee, hr_manager):
    client.force_login(hr_manager)
    client.get(reverse("hrm:form2c", args=[employee.pk]))
    client.get(reverse("hrm:form2c-pdf", args=[employee.pk]))
    entries = AuditEntry.objects.filter(action="view", model="hrm.employee", object_id=str(employee.pk))
    assert sorted(e.note for e in entries) == ["form 2C", "form 2C PDF"]
    assert {e.actor_id for e in entries} == {hr_manager.pk}
    assert {e.unit_id for e in entries} == {employee.unit_id}


def test_anonymous_is_sent_to_login(client, employee):
    assert client.get(reverse("hrm:form2c", args=[employee.pk])).status_code == 302


def test_the_pdf_renders_without_warnings(province, caplog):
    import logging

    from tests.hrm.factories import EmployeeFactory

    employee = EmployeeFactory(unit=province["d1"], person__full_name="Nguyễn Thị Ầu Ễnh")
    with caplog.at_level(logging.WARNING, logger="xhtml2pdf"):
        pdf = form2c_pdf(employee=employee)
    assert pdf.startswith(b"%PDF") and b"DejaVuSans" in pdf
    assert [r.getMessage() for r in caplog.records if r.name.startswith("xhtml2pdf.context")] == []


# --- Written as the printed form (issue #13) ------------------------------------------------------------
def _items(employee) -> dict:
    with translation.override("vi"):
        return {item["no"]: item for item in form2c_data(employee=employee)["items"]}


def test_coefficients_and_allowances_are_written_with_a_decimal_comma(employee):
    # the form reads the salary row in force on its date (and the record's copy follows it)
    employee.salary_records.update(position_allowance=Decimal("0.2"))
    employee.position_allowance = Decimal("0.2")
    employee.save(update_fields=["position_allowance"])
    items = _items(employee)
    assert "hệ số 2,34" in items["14"]["value"] and "phụ cấp chức vụ 0,20" in items["14"]["value"]
    assert items["31"]["rows"][0][2] == "2,34"


def test_degrees_are_named_not_coded(employee):
    Qualification.objects.create(
        person=employee.person,
        kind="political",
        level="trung_cap",
        institution="Trường Chính trị tỉnh Bến Tre",
        start=dt.date(2016, 3, 1),
    )
    Qualification.objects.filter(institution="Đại học Cần Thơ").update(level="dai_hoc")
    rows = _items(employee)["27"]["rows"]
    assert [row[4] for row in rows] == ["Cử nhân, Đại học", "Trung cấp"]
    assert not any("dai_hoc" in cell or "trung_cap" in cell for row in rows for cell in row)


def test_periods_are_ranges_and_an_open_one_runs_to_now(employee):
    items = _items(employee)
    assert items["27"]["rows"][0][2] == "09/2003 – 06/2007"
    assert [row[0] for row in items["28"]["rows"]] == ["08/2007 – 12/2014", "01/2015 – nay"]


@pytest.mark.parametrize(
    ("staff_type", "form_no", "title"),
    [
        ("cong_chuc", "Mẫu 2C-BNV/2008", "SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC"),
        ("can_bo", "Mẫu 2C-BNV/2008", "SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC"),
        ("vien_chuc", "Mẫu HS02-VC/BNV", "SƠ YẾU LÝ LỊCH VIÊN CHỨC"),
    ],
)
def test_the_title_follows_the_staff_type(employee, staff_type, form_no, title):
    employee.staff_type = staff_type
    with translation.override("vi"):
        data = form2c_data(employee=employee)
    header, items = data["header"], {item["no"]: item for item in data["items"]}
    assert (header["form_no"], header["title"]) == (form_no, title)
    people = "viên chức" if staff_type == "vien_chuc" else "cán bộ, công chức"
    assert items["32"]["label"].endswith(people)
    assert ("mã số" if staff_type == "vien_chuc" else "mã ngạch") in items["14"]["value"]


def _pages(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("relatives", range(3, 22, 3))
def test_the_signatures_stay_on_the_page_of_the_last_item(employee, relatives):
    """However long the form grows, the page with the signatures also holds item 32 (never a page of its own)."""
    FamilyMember.objects.bulk_create(
        FamilyMember(person=employee.person, side="own", relation="Con", full_name=f"Trần Văn Con {n}", birth_year=2010)
        for n in range(relatives)
    )
    with translation.override("vi"):
        pages = _pages(form2c_pdf(employee=employee))
    signed = [text for text in pages if "Người khai" in text]
    assert len(signed) == 1
    assert "32)" in signed[0]
    assert signed[0].index("32)") < signed[0].index("Người khai")


# --- The same through the page /hrm/staff/<id>/2c/ and its PDF ---------------------------------------------
@pytest.mark.parametrize(
    ("staff_type", "title"),
    [
        ("cong_chuc", "SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC"),
        ("can_bo", "SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC"),
        ("vien_chuc", "SƠ YẾU LÝ LỊCH VIÊN CHỨC"),
    ],
)
def test_the_page_writes_the_form_as_printed(client, employee, hr_manager, staff_type, title):
    Qualification.objects.filter(institution="Đại học Cần Thơ").update(level="dai_hoc")
    employee.staff_type = staff_type
    employee.save(update_fields=["staff_type"])
    client.force_login(hr_manager)
    response = client.get(reverse("hrm:form2c", args=[employee.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert title in page
    assert "2,34" in page and "2.34" not in page  # Vietnamese decimals
    assert "Cử nhân, Đại học" in page and "dai_hoc" not in page  # the degree's name, not its code
    assert "09/2003 – 06/2007" in page and "08/2007 – 12/2014" in page  # periods as ranges
    pdf = client.get(reverse("hrm:form2c-pdf", args=[employee.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
