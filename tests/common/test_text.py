"""Invisible and control characters never reach the registry: pages, API, import and admin (common.text)."""

import datetime as dt

import pytest
from django.urls import reverse

from common.text import clean_text
from hrm.models import Employee, Person
from hrm.services.access import user_admin_access_sync
from hrm.services.imports import staff_import
from tests.hrm.test_import_support import staff_row, write_csv, write_xlsx
from tests.hrm.test_staff_edit_pages import form_data

ZWSP, RLO, BOM, BEL = "\u200b", "\u202e", "\ufeff", "\x07"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (f"Tr{ZWSP}ần Thị Mai", "Trần Thị Mai"),
        (f"{RLO}Mai", "Mai"),
        (f"{BOM}Mai{BEL}", "Mai"),
        ("Mai\U000e0041\U000e007f", "Mai"),  # tag characters
        ("Ma\u00adi\u2060\u2066\u2069", "Mai"),  # soft hyphen, word joiner, isolates
        ("Tra\u0302\u0300n", "Trần"),  # decomposed (NFD) becomes NFC
        ("dòng 1\ndòng 2\tcột", "dòng 1\ndòng 2\tcột"),
    ],
)
def test_clean_text_removes_what_cannot_be_seen(typed, kept):
    assert clean_text(typed) == kept


def test_passwords_are_left_as_typed():
    from django import forms
    from rest_framework import serializers

    assert forms.CharField(strip=False).clean(f"pa{ZWSP}ss ") == f"pa{ZWSP}ss "
    assert serializers.CharField(trim_whitespace=False).run_validation(f"pa{ZWSP}ss") == f"pa{ZWSP}ss"


def test_only_invisible_characters_count_as_blank_in_the_api():
    from rest_framework import serializers

    with pytest.raises(serializers.ValidationError):
        serializers.CharField().run_validation(ZWSP + RLO)


@pytest.mark.django_db
def test_edit_page_stores_a_name_without_invisibles_and_search_finds_it(client, hr_manager, mai):
    client.force_login(hr_manager)
    data = form_data(mai, full_name=f"Trần{ZWSP} Thị {RLO}Mai", birthplace=f"Bến{BEL} Tre")
    assert client.post(reverse("hrm:staff-edit", args=[mai.pk]), data).status_code == 302
    mai.person.refresh_from_db()
    assert (mai.person.full_name, mai.person.birthplace) == ("Trần Thị Mai", "Bến Tre")
    page = client.get(reverse("hrm:staff-list"), {"q": "tran thi mai"}).content.decode()
    assert mai.code in page


@pytest.mark.django_db
def test_api_stores_text_without_invisibles_and_search_finds_it(api_client, hr_manager, mai):
    api_client.force_authenticate(hr_manager)
    response = api_client.patch(
        reverse("hrm-api:staff-detail", args=[mai.pk]),
        {"full_name": f"Trần Thị{ZWSP} Mai{RLO}", "current_address": f"{BOM}12 Lê Lợi"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    mai.person.refresh_from_db()
    assert (mai.person.full_name, mai.person.current_address) == ("Trần Thị Mai", "12 Lê Lợi")
    found = api_client.get(reverse("hrm-api:staff-list"), {"q": "tran thi mai"}).json()
    assert mai.code in str(found)


@pytest.mark.django_db
@pytest.mark.parametrize(("writer", "suffix", "control"), [(write_csv, "csv", BEL), (write_xlsx, "xlsx", BOM)])
def test_import_stores_text_without_invisibles(tmp_path, province, admin_user, writer, suffix, control):
    row = staff_row(1, **{"Họ và tên": f"Nguyễn{ZWSP} Văn {RLO}Thử", "Quê quán": f"Bến Tre{control}"})
    path = writer(tmp_path / f"staff.{suffix}", [row])  # openpyxl refuses to write a BEL into a cell
    result = staff_import(path=path, user=admin_user, on=dt.date(2025, 3, 1))
    assert result["errors"] == []
    person = Employee.objects.get(code="CB00001").person
    assert (person.full_name, person.native_place, person.name_search) == (
        "Nguyễn Văn Thử",
        "Bến Tre",
        "nguyen van thu",
    )


@pytest.mark.django_db
def test_admin_stores_text_without_invisibles(client, admin_user, mai):
    user_admin_access_sync(user=admin_user)
    client.force_login(admin_user)
    url = reverse("admin:hrm_person_change", args=[mai.person_id])
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields if name != "photo"}
    data = {k: ("on" if v is True else "" if v is None else v) for k, v in data.items() if v is not False}
    data.update({"full_name": f"Trần Thị {ZWSP}Mai", "religion": f"Không{RLO}", "date_of_birth": "1985-04-02"})
    for formset in client.get(url).context["inline_admin_formsets"]:
        prefix = formset.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person = Person.objects.get(pk=mai.person_id)
    assert (person.full_name, person.religion) == ("Trần Thị Mai", "Không")


# --- staff numbers are unique regardless of case ----------------------------------------------------
@pytest.mark.django_db
def test_hire_refuses_a_staff_number_used_in_another_case(api_client, hr_manager, province, mai):
    api_client.force_authenticate(hr_manager)
    response = api_client.post(
        reverse("hrm-api:staff-list"),
        {
            "code": mai.code.lower(),
            "staff_type": "cong_chuc",
            "unit": province["d1"].pk,
            "on": "2025-01-01",
            "full_name": "Lê Văn Tám",
            "date_of_birth": "1990-01-01",
            "sex": "male",
        },
        format="json",
    )
    assert response.status_code == 400 and "code" in response.json()
    assert Employee.objects.count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_staff_number_in_another_case(province, mai):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Employee.objects.create(
            person=mai.person, code=mai.code.lower(), staff_type="cong_chuc", unit=province["d1"], status="left"
        )


@pytest.mark.django_db
def test_import_refuses_a_staff_number_in_another_case_and_twice_changes_nothing(tmp_path, province, admin_user):
    on = dt.date(2025, 3, 1)
    first = staff_import(path=write_csv(tmp_path / "a.csv", [staff_row(1)]), user=admin_user, on=on)
    assert first["created"] == 1
    again = staff_import(path=write_csv(tmp_path / "a.csv", [staff_row(1)]), user=admin_user, on=on)
    assert (again["errors"], again["created"], again["updated"]) == ([], 0, 0)
    other_case = staff_row(2, **{"Số hiệu CBCCVC": "cb00001"})
    result = staff_import(path=write_csv(tmp_path / "b.csv", [other_case]), user=admin_user, on=on)
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(2, "Số hiệu CBCCVC")]
    assert "CB00001" in result["errors"][0]["message"]
    repeated = staff_import(
        path=write_csv(tmp_path / "c.csv", [staff_row(3), staff_row(4, **{"Số hiệu CBCCVC": "cb00003"})]),
        user=admin_user,
        on=on,
    )
    assert [(e["row"], e["column"]) for e in repeated["errors"]] == [(3, "Số hiệu CBCCVC")]
    assert Employee.objects.count() == 1


def test_a_column_is_cleaned_like_each_of_its_cells():
    from common.text import clean_text, clean_texts

    plain = ["Nguyễn Văn An", " Trần Thị Bình ", "", "Lê\tHoa"]
    dirty = [*plain, "Ng\u200buyễn", "a\u202eb", "A\u0301", "\ufeffBOM", "x\u0007"]
    assert clean_texts(plain) == [clean_text(v) for v in plain]
    assert clean_texts(dirty) == [clean_text(v) for v in dirty]


def test_the_generated_ranges_are_what_clean_text_removes():
    import sys

    from common.text import _invisible
    from common.text_ranges import INVISIBLE_RANGES

    removed = [code for code in range(sys.maxunicode + 1) if _invisible(chr(code))]
    assert removed == [code for a, b in INVISIBLE_RANGES for code in range(a, b + 1)]
