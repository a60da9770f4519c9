"""Vietnamese phone numbers (common.phones): one stored form on every path (hire page and API, edit page and API,
import, admin), refused on the `phone` field in Vietnamese, shown grouped on the profile."""

import pytest
from django.urls import reverse
from django.utils import translation

from common.errors import ApplicationError
from common.phones import phone_display, phone_normalize
from hrm.models import Employee, Person
from hrm.services.imports import staff_import
from tests.hrm.test_hire import form as hire_form
from tests.hrm.test_import_support import staff_row, write_xlsx
from tests.hrm.test_staff_edit_pages import edit_url, form_data

VIETNAMESE_ERROR = "Không phải số điện thoại Việt Nam"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("+84 (0) 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0084 387 654 321", "0387654321"),
        ("912345678", "0912345678"),  # a spreadsheet cell that lost its leading 0
        ("０９１２３４５６７８", "0912345678"),  # full-width digits
        ("0275 3822 123", "02753822123"),
        ("(024) 3825 1234", "02438251234"),
        ("+84 28 3825 1234", "02838251234"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_numbers_as_typed_get_one_stored_form(typed, stored):
    assert phone_normalize(typed) == stored


@pytest.mark.parametrize(
    "typed", ["12345", "0112345678", "091234567", "09123456789", "0612345678", "abc", "+1 555 123 4567", "0912x45678"]
)
def test_other_text_is_refused_on_the_phone_field(typed):
    with pytest.raises(ApplicationError) as caught:
        phone_normalize(typed)
    assert caught.value.field == "phone"


def test_the_refusal_is_in_vietnamese():
    with translation.override("vi"), pytest.raises(ApplicationError) as caught:
        phone_normalize("12345")
    assert VIETNAMESE_ERROR in caught.value.messages[0]


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("0912345678", "0912 345 678"),
        ("02438251234", "024 3825 1234"),
        ("02753822123", "0275 3822 123"),
        ("0275382212", "0275 382 212"),
        ("legacy 123", "legacy 123"),
        ("", ""),
    ],
)
def test_numbers_are_shown_grouped(stored, shown):
    assert phone_display(stored) == shown


pytestmark = pytest.mark.django_db


# --- hire: page and API ---------------------------------------------------------------------------
def test_hire_page_stores_the_normal_form(client, hr_manager, province):
    client.force_login(hr_manager)
    client.post(reverse("hrm:staff-hire"), hire_form(province, phone="+84 909 000 111"))
    assert Employee.objects.get(code="TD0001").person.phone == "0909000111"


def test_hire_page_refuses_a_bad_number_on_its_field_and_writes_nothing(client, hr_manager, province):
    client.force_login(hr_manager)
    people = Person.objects.count()
    response = client.post(reverse("hrm:staff-hire"), hire_form(province, phone="12345"))
    assert response.status_code == 200
    assert VIETNAMESE_ERROR in " ".join(response.context["form"].errors["phone"])
    assert Person.objects.count() == people and not Employee.objects.filter(code="TD0001").exists()


def test_hire_api_stores_the_normal_form_and_refuses_on_phone(api_client, hr_manager, province):
    api_client.force_authenticate(hr_manager)
    data = {**hire_form(province), "on": "2025-03-01", "date_of_birth": "1995-06-15", "phone": "12345"}
    refused = api_client.post(reverse("hrm-api:staff-list"), data, format="json")
    assert refused.status_code == 400 and "phone" in refused.json()
    data["phone"] = "0909.000.111"
    assert api_client.post(reverse("hrm-api:staff-list"), data, format="json").status_code == 201
    assert Employee.objects.get(code="TD0001").person.phone == "0909000111"


# --- edit: page and API ---------------------------------------------------------------------------
def test_edit_page_stores_the_normal_form_and_the_profile_shows_it_grouped(client, hr_manager, mai):
    client.force_login(hr_manager)
    response = client.post(edit_url(mai), form_data(mai, phone="+84 275 3822 123"), follow=True)
    mai.person.refresh_from_db()
    assert mai.person.phone == "02753822123"
    assert "0275 3822 123" in response.content.decode()


def test_edit_page_refuses_a_bad_number_on_its_field(client, hr_manager, mai):
    client.force_login(hr_manager)
    before = mai.person.phone
    response = client.post(edit_url(mai), form_data(mai, phone="0112345678"))
    assert response.status_code == 200
    assert VIETNAMESE_ERROR in " ".join(response.context["form"].errors["phone"])
    mai.person.refresh_from_db()
    assert mai.person.phone == before


def test_edit_api_stores_the_normal_form_and_refuses_on_phone(api_client, hr_manager, mai):
    api_client.force_authenticate(hr_manager)
    url = reverse("hrm-api:staff-detail", args=[mai.pk])
    refused = api_client.patch(url, {"phone": "091234"}, format="json")
    assert refused.status_code == 400 and "phone" in refused.json()
    assert api_client.patch(url, {"phone": "84 387 654 321"}, format="json").status_code == 200
    mai.person.refresh_from_db()
    assert mai.person.phone == "0387654321"


# --- import -------------------------------------------------------------------------------------------
def test_import_stores_the_normal_form_and_names_the_bad_cell(tmp_path, province, admin_user):
    good = staff_row(1, **{"Điện thoại": "+84 912 345 678"})
    bad = staff_row(2, **{"Điện thoại": "12345"})
    result = staff_import(path=write_xlsx(tmp_path / "bad.xlsx", [good, bad]), user=admin_user)
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(3, "Điện thoại")]
    assert not Employee.objects.filter(code__in=["CB00001", "CB00002"]).exists()  # all rows or none
    result = staff_import(path=write_xlsx(tmp_path / "good.xlsx", [good]), user=admin_user)
    assert result["errors"] == []
    assert Employee.objects.get(code="CB00001").person.phone == "0912345678"


def test_import_restores_the_zero_a_number_cell_lost(tmp_path, province, admin_user):
    from openpyxl import load_workbook

    path = write_xlsx(tmp_path / "n.xlsx", [staff_row(1)])
    book = load_workbook(path)
    sheet = book.active
    column = [c.value for c in sheet[1]].index("Điện thoại") + 1
    sheet.cell(2, column, 912345678)  # typed into Excel as a number
    book.save(path)
    assert staff_import(path=path, user=admin_user)["errors"] == []
    assert Employee.objects.get(code="CB00001").person.phone == "0912345678"


# --- admin --------------------------------------------------------------------------------------------
def test_admin_form_stores_the_normal_form_and_refuses_on_phone(mai):
    from hrm.admin import PersonAdminForm

    def form(phone):
        data = {
            "full_name": mai.person.full_name,
            "date_of_birth": "02/04/1985",
            "sex": "female",
            "ethnicity": "Kinh",
            "religion": "Không",
            "phone": phone,
        }
        return PersonAdminForm(data, instance=mai.person)

    refused = form("12345")
    assert not refused.is_valid() and "phone" in refused.errors
    accepted = form("0912 345 678")
    assert "phone" not in accepted.errors
    assert accepted.cleaned_data["phone"] == "0912345678"


def test_the_number_filter_writes_vietnamese_decimals_and_leaves_other_text():
    from common.templatetags.vietnamese import number_vi

    assert (number_vi(3), number_vi("2.34"), number_vi(1234567.891), number_vi(12, 0)) == (
        "3,00",
        "2,34",
        "1.234.567,89",
        "12",
    )
    assert (number_vi(None), number_vi(""), number_vi("n/a")) == ("", "", "n/a")
