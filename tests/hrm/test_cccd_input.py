"""A CCCD is 12 ASCII digits: every path normalises what is typed (NFKC, spaces) before checking it, so full-width
digits are the same number (never a second copy) and a wrong length says "12 digits" (issue #11 item 14)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from hrm.models import Person
from hrm.services.cccd import cccd_make, cccd_normalize, cccd_restore_zeros, cccd_validate
from hrm.services.imports import staff_import
from tests.hrm.factories import EmployeeFactory, PersonFactory
from tests.hrm.test_import_support import staff_row, write_csv, write_xlsx

pytestmark = pytest.mark.usefixtures("english")
BORN = dt.date(1995, 6, 15)
CCCD = cccd_make(province_code="083", sex="female", date_of_birth=BORN, serial=7)  # 083195000007
FULL_WIDTH = CCCD.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
ARABIC_INDIC = CCCD.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
SPACED = f" {CCCD[:3]} {CCCD[3:6]}\u00a0{CCCD[6:9]}\t{CCCD[9:]} "
TWELVE = "A CCCD number must be exactly 12 digits."


@pytest.fixture(autouse=True)
def _api_in_english(api_client):
    api_client.cookies["django_language"] = "en"


# --- The normaliser and the validator --------------------------------------------------------------
@pytest.mark.parametrize("typed", [FULL_WIDTH, SPACED, CCCD])
def test_full_width_digits_and_spaces_normalise_to_the_ascii_number(typed):
    assert cccd_normalize(typed) == CCCD


def test_arabic_indic_digits_are_not_digits_of_a_cccd():
    assert cccd_normalize(ARABIC_INDIC) == ARABIC_INDIC  # NFKC does not make them ASCII
    assert cccd_validate(cccd=ARABIC_INDIC, sex="female", date_of_birth=BORN) == [TWELVE]


def test_the_validator_itself_takes_only_ascii_digits():
    assert cccd_validate(cccd=FULL_WIDTH, sex="female", date_of_birth=BORN) == [TWELVE]
    assert cccd_validate(cccd=CCCD, sex="female", date_of_birth=BORN) == []


@pytest.mark.parametrize("typed", [CCCD[:11], CCCD + "1"])
def test_eleven_or_thirteen_digits_say_twelve_digits_in_vietnamese(typed):
    assert cccd_validate(cccd=typed, sex="female", date_of_birth=BORN) == [TWELVE]
    with translation.override("vi"):
        assert cccd_validate(cccd=typed, sex="female", date_of_birth=BORN) == ["Số CCCD phải gồm đúng 12 chữ số."]


def test_leading_zeros_lost_by_a_spreadsheet_come_back_only_for_a_known_province():
    assert cccd_restore_zeros("83195000007") == CCCD  # 11 digits: province 083
    assert cccd_restore_zeros("1195000007") == "001195000007"  # 10 digits: province 001
    assert cccd_restore_zeros("831950007") == "831950007"  # 9 digits: would be province 000
    assert cccd_restore_zeros("99195000007") == "99195000007"  # province 099 does not exist
    assert cccd_restore_zeros("08319500000") == "08319500000"  # typed with its zero: 11 digits, not Excel's doing


# --- Hire: page and API ----------------------------------------------------------------------------
def hire_data(province, **overrides) -> dict:
    data = {
        "code": "TD0001",
        "staff_type": "hop_dong",
        "unit": province["c1"].pk,
        "on": "2025-03-01",
        "full_name": "Lê Thị Thu",
        "date_of_birth": "1995-06-15",
        "sex": "female",
        "cccd": CCCD,
    }
    return {**data, **overrides}


@pytest.mark.django_db
def test_the_api_stores_a_spaced_number_as_twelve_ascii_digits(api_client, hr_manager, province):
    api_client.force_authenticate(hr_manager)
    response = api_client.post(reverse("hrm-api:staff-list"), hire_data(province, cccd=SPACED), format="json")
    assert response.status_code == 201, response.json()
    assert Person.objects.get().cccd == CCCD


@pytest.mark.django_db
@pytest.mark.parametrize("typed", [ARABIC_INDIC, CCCD[:11], CCCD + "1"])
def test_the_api_refuses_other_digits_and_lengths_saying_twelve_digits(api_client, hr_manager, province, typed):
    api_client.force_authenticate(hr_manager)
    response = api_client.post(reverse("hrm-api:staff-list"), hire_data(province, cccd=typed), format="json")
    assert response.status_code == 400 and response.json() == {"cccd": [TWELVE]}
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_full_width_digits_of_a_known_number_hire_that_person_not_a_second_copy(client, hr_manager, province):
    old = EmployeeFactory(
        person=PersonFactory(full_name="Lê Thị Thu", sex="female", date_of_birth=BORN, cccd=CCCD),
        unit=province["c2"],
        code="OLD1",
        status="left",
    )
    client.force_login(hr_manager)
    data = {
        **hire_data(province, cccd=FULL_WIDTH),
        "on": "01/03/2025",
        "date_of_birth": "15/06/1995",
        "ethnicity": "Kinh",
        "religion": "Không",
    }
    refused = client.post(reverse("hrm:staff-hire"), {**data, "full_name": "Trần Thị Khác"})
    assert refused.status_code == 200 and list(refused.context["form"].errors) == ["cccd"]
    response = client.post(reverse("hrm:staff-hire"), data)
    assert response.status_code == 302
    assert Person.objects.count() == 1 and Person.objects.get().employments.count() == 2
    assert Person.objects.get(pk=old.person_id).cccd == CCCD


# --- Edit (page and API) and admin --------------------------------------------------------------------
@pytest.mark.django_db
def test_editing_with_full_width_digits_stores_ascii(api_client, hr_manager, mai):
    number = cccd_make(province_code="083", sex="female", date_of_birth=dt.date(1985, 4, 2), serial=5)
    api_client.force_authenticate(hr_manager)
    wide = " " + number.translate(str.maketrans("0123456789", "０１２３４５６７８９")) + " "
    response = api_client.patch(reverse("hrm-api:staff-detail", args=[mai.pk]), {"cccd": wide})
    assert response.status_code == 200, response.json()
    assert Person.objects.get(pk=mai.person_id).cccd == number


@pytest.mark.django_db
def test_the_edit_page_takes_a_spaced_number(client, hr_manager, mai):
    number = cccd_make(province_code="083", sex="female", date_of_birth=dt.date(1985, 4, 2), serial=5)
    client.force_login(hr_manager)
    url = reverse("hrm:staff-edit", args=[mai.pk])
    initial = {k: v for k, v in client.get(url).context["form"].initial.items() if v is not None}
    response = client.post(url, {**initial, "date_of_birth": "02/04/1985", "cccd": f"{number[:6]} {number[6:]}"})
    assert response.status_code == 302
    assert Person.objects.get(pk=mai.person_id).cccd == number


@pytest.mark.django_db
def test_the_admin_form_normalises_before_checking(mai):
    from hrm.admin import PersonAdminForm

    number = cccd_make(province_code="083", sex="female", date_of_birth=dt.date(1985, 4, 2), serial=5)
    data = {
        "full_name": "Trần Thị Mai",
        "date_of_birth": "1985-04-02",
        "sex": "female",
        "ethnicity": "Kinh",
        "religion": "Không",
        "general_education": "12/12",
    }
    wide = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    form = PersonAdminForm(data={**data, "cccd": f" {wide[:6]} {wide[6:]} "}, instance=mai.person)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["cccd"] == number
    arabic = PersonAdminForm(data={**data, "cccd": number.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))})
    assert not arabic.is_valid() and arabic.errors["cccd"] == [TWELVE]


# --- Import ----------------------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("cell", ["831950007", CCCD[:11], CCCD + "1", ARABIC_INDIC])
def test_an_import_cell_of_the_wrong_length_says_twelve_digits(tmp_path, province, admin_user, cell):
    row = staff_row(1, **{"Số CCCD": cell})
    result = staff_import(path=write_csv(tmp_path / "a.csv", [row]), user=admin_user, on=dt.date(2025, 3, 1))
    assert result["errors"] == [{"row": 2, "column": "Số CCCD", "message": TWELVE}]
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_an_import_reads_full_width_and_spaced_numbers_as_the_same_number(tmp_path, province, admin_user):
    first = staff_row(1)
    wide = first["Số CCCD"].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    rows = [staff_row(1, **{"Số CCCD": f"{wide[:6]} {wide[6:]}"}), staff_row(3, **{"Số CCCD": first["Số CCCD"]})]
    result = staff_import(path=write_xlsx(tmp_path / "a.xlsx", rows), user=admin_user, on=dt.date(2025, 3, 1))
    assert result["errors"] == [{"row": 3, "column": "Số CCCD", "message": "This CCCD already appears in row 2."}]
    result = staff_import(path=write_xlsx(tmp_path / "b.xlsx", rows[:1]), user=admin_user, on=dt.date(2025, 3, 1))
    assert result["errors"] == [] and Person.objects.get().cccd == first["Số CCCD"]
    again = staff_import(path=write_csv(tmp_path / "c.csv", [first]), user=admin_user, on=dt.date(2025, 3, 1))
    assert again["unchanged"] == 1 and Person.objects.count() == 1
