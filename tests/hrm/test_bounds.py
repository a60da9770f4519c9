"""Bounds of dates and values (hrm.services.bounds): clear 400s naming the field, nothing changed, never a 500."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from hrm.models import Employee, Rank
from hrm.services.bounds import allowances_check, leaving_check, person_dates_check, recruitment_check
from hrm.services.imports import staff_import
from hrm.services.staff import employee_hire
from tests.hrm.test_import_support import staff_row, write_csv
from tests.hrm.test_staff_edit_pages import form_data

pytestmark = pytest.mark.django_db


def field_of(call) -> str:
    from common.errors import ApplicationError

    with pytest.raises(ApplicationError) as info:
        call()
    return info.value.field


# --- the rules ---------------------------------------------------------------------------------------
def test_rules_refuse_absurd_dates_and_values():
    assert field_of(lambda: person_dates_check(date_of_birth=dt.date(2100, 1, 1))) == "date_of_birth"
    assert field_of(lambda: person_dates_check(date_of_birth=dt.date(1890, 1, 1))) == "date_of_birth"
    born = dt.date(1990, 5, 5)
    assert field_of(lambda: person_dates_check(date_of_birth=born, party_joined_on=dt.date(1989, 1, 1))) == (
        "party_joined_on"
    )
    assert field_of(lambda: person_dates_check(date_of_birth=born, party_joined_on=dt.date(2000, 1, 1))) == (
        "party_joined_on"  # 9 years old
    )
    assert (
        field_of(
            lambda: person_dates_check(
                date_of_birth=born, party_joined_on=dt.date(2015, 1, 1), party_official_on=dt.date(2014, 1, 1)
            )
        )
        == "party_official_on"
    )
    assert field_of(lambda: recruitment_check(recruited_on=dt.date(2999, 1, 1), date_of_birth=born)) == "recruited_on"
    assert field_of(lambda: recruitment_check(recruited_on=dt.date(1930, 1, 1), date_of_birth=None)) == "recruited_on"
    assert field_of(lambda: recruitment_check(recruited_on=dt.date(1990, 5, 6), date_of_birth=born)) == "recruited_on"
    assert (
        field_of(
            lambda: leaving_check(status="active", active="active", left_on=dt.date(2024, 1, 1), recruited_on=None)
        )
        == "left_on"
    )
    assert (
        field_of(
            lambda: leaving_check(
                status="left", active="active", left_on=dt.date(2010, 1, 1), recruited_on=dt.date(2015, 1, 1)
            )
        )
        == "left_on"
    )
    assert field_of(lambda: allowances_check(position_allowance=Decimal("99.99"))) == "position_allowance"
    assert field_of(lambda: allowances_check(other_allowance=Decimal("-0.1"))) == "other_allowance"
    # what is plausible passes
    person_dates_check(date_of_birth=born, party_joined_on=dt.date(2012, 1, 1), party_official_on=dt.date(2013, 1, 1))
    recruitment_check(recruited_on=dt.date(2015, 1, 1), date_of_birth=born)
    allowances_check(position_allowance=Decimal("0.70"), other_allowance=Decimal("0.20"))


# --- through the API -----------------------------------------------------------------------------------
def hire_body(province, **changes) -> dict:
    return {
        "code": "NEW1",
        "staff_type": "cong_chuc",
        "unit": province["d1"].pk,
        "on": "2025-01-01",
        "full_name": "Lê Văn Tám",
        "date_of_birth": "1990-01-01",
        "sex": "male",
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"on": "2999-01-01"}, "on"),  # hired in 2999
        ({"on": "2025-01-01", "date_of_birth": "2024-12-31"}, "on"),  # a one-day-old recruit
        ({"date_of_birth": "2100-01-01", "on": "2025-01-01"}, "date_of_birth"),
    ],
)
def test_hire_api_refuses_impossible_dates(api_client, hr_manager, province, changes, field):
    api_client.force_authenticate(hr_manager)
    response = api_client.post(reverse("hrm-api:staff-list"), hire_body(province, **changes), format="json")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert not Employee.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"party_joined_on": "1980-01-01"}, "party_joined_on"),  # before birth (1985)
        ({"party_joined_on": "2010-01-01", "party_official_on": "2009-01-01"}, "party_official_on"),
        ({"left_on": "2024-01-01"}, "left_on"),  # on an active record
        ({"date_of_birth": "2100-01-01"}, "date_of_birth"),
        ({"recruited_on": "2999-01-01"}, "recruited_on"),
    ],
)
def test_patch_refuses_out_of_bounds_and_changes_nothing(api_client, hr_manager, mai, changes, field):
    api_client.force_authenticate(hr_manager)
    response = api_client.patch(reverse("hrm-api:staff-detail", args=[mai.pk]), changes, format="json")
    assert response.status_code == 400 and field in response.json(), response.json()
    mai.refresh_from_db()
    mai.person.refresh_from_db()
    assert (mai.person.party_joined_on, mai.left_on, mai.person.date_of_birth) == (None, None, dt.date(1985, 4, 2))


@pytest.mark.parametrize("body", [[{"phone": "1"}], "text", None, 5])
def test_a_body_that_is_not_an_object_is_a_400(api_client, hr_manager, mai, body):
    import json

    api_client.force_authenticate(hr_manager)
    url = reverse("hrm-api:staff-detail", args=[mai.pk])
    response = api_client.patch(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 400 and "non_field_errors" in response.json()


def test_salary_change_api_refuses_an_allowance_of_99_99(api_client, hr_manager, province):
    hoa = employee_hire(
        code="HOA",
        staff_type="cong_chuc",
        unit=province["d1"],
        on=dt.date(2018, 1, 1),
        actor=None,
        rank=Rank.objects.get(code="01.003"),
        person_fields={"full_name": "Phạm Thị Hoa", "date_of_birth": dt.date(1990, 1, 1), "sex": "female"},
    )
    api_client.force_authenticate(hr_manager)
    url = reverse("hrm-api:salary-change", args=[hoa.pk])
    body = {"reason": "correction", "on": "2024-01-01", "position_allowance": "99.99"}
    response = api_client.post(url, body, format="json")
    assert response.status_code == 400 and "position_allowance" in response.json(), response.json()
    assert hoa.salary_records.count() == 1


@pytest.mark.parametrize("on", ["0001-01-01", "9999-12-31"])
def test_absurd_on_dates_are_a_400_naming_the_parameter(api_client, client, hr_manager, province, on):
    api_client.force_authenticate(hr_manager)
    for url, params in [
        (reverse("hrm-api:unit-staff-on", args=[province["d1"].pk]), {"on": on}),
        (reverse("hrm-api:report"), {"unit": province["d1"].pk, "on": on}),
    ]:
        response = api_client.get(url, params)
        assert response.status_code == 400 and "on" in response.json(), (url, response.content)
    client.force_login(hr_manager)
    for name in ("hrm:dashboard", "hrm:report"):
        page = client.get(reverse(name), {"unit": province["d1"].pk, "on": on})
        assert page.status_code == 200 and "01/01/1900" in page.content.decode()
    assert client.get(reverse("hrm:report-xlsx"), {"unit": province["d1"].pk, "on": on}).status_code == 400


# --- pages and import ------------------------------------------------------------------------------------
def test_edit_page_puts_a_leaving_date_on_an_active_record_on_its_field(client, hr_manager, mai):
    client.force_login(hr_manager)
    response = client.post(reverse("hrm:staff-edit", args=[mai.pk]), form_data(mai, left_on="01/01/2024"))
    assert response.status_code == 200
    assert response.context["form"].errors["left_on"]
    mai.refresh_from_db()
    assert mai.left_on is None


def test_import_refuses_a_birth_in_2100_with_row_and_column(tmp_path, province, admin_user):
    rows = [staff_row(1), staff_row(2, **{"Ngày sinh": "01/01/2100"})]
    result = staff_import(path=write_csv(tmp_path / "s.csv", rows), user=admin_user, on=dt.date(2025, 3, 1))
    found = {(e["row"], e["column"]) for e in result["errors"]}
    assert (3, "Ngày sinh") in found and 2 not in {row for row, _ in found}  # (its CCCD disagrees too)
    assert not Employee.objects.exists()


# --- the admin, the import and the rules as data --------------------------------------------------------
def test_the_admin_forms_refuse_what_the_pages_refuse(province):
    from hrm.admin import EmployeeAdminForm, PersonAdminForm
    from tests.hrm.factories import EmployeeFactory

    employee = EmployeeFactory(unit=province["d1"], person__date_of_birth=dt.date(1990, 5, 5))
    person_data = {"full_name": "Trần Thị Mai", "sex": "female", "ethnicity": "Kinh", "religion": "Không"}
    born_2100 = PersonAdminForm(data={**person_data, "date_of_birth": "2100-01-01"}, instance=employee.person)
    assert not born_2100.is_valid() and "date_of_birth" in born_2100.errors
    young = {**person_data, "date_of_birth": "1990-05-05", "party_joined_on": "2000-01-01"}
    party_at_nine = PersonAdminForm(data=young, instance=employee.person)
    assert not party_at_nine.is_valid() and "party_joined_on" in party_at_nine.errors
    form = EmployeeAdminForm(instance=employee)
    data = {**form.initial, "left_on": "2024-01-01"}  # a leaving date on a record still active
    data = {k: ("" if v is None else getattr(v, "pk", v)) for k, v in data.items()}
    leaving = EmployeeAdminForm(data=data, instance=employee)
    assert not leaving.is_valid() and "left_on" in leaving.errors


def test_import_refuses_recruits_and_party_members_younger_than_the_rules(tmp_path, province, admin_user):
    rows = [
        staff_row(1, **{"Ngày sinh": "01/01/2000", "Ngày tuyển dụng": "02/01/2000"}),  # a one-day-old recruit
        staff_row(2, **{"Ngày sinh": "01/01/1990", "Ngày vào Đảng": "01/01/1999"}),  # a Party member at nine
        staff_row(3),
    ]
    result = staff_import(path=write_csv(tmp_path / "s.csv", rows), user=admin_user, on=dt.date(2025, 3, 1))
    found = {(e["row"], e["column"]) for e in result["errors"]}
    assert (2, "Ngày tuyển dụng") in found and (3, "Ngày vào Đảng") in found
    assert not Employee.objects.exists()


def test_the_ages_and_ceilings_are_rule_values_in_force_on_the_date():
    from hrm.models import RuleValue

    born = dt.date(2000, 1, 1)
    recruitment_check(recruited_on=dt.date(2019, 1, 1), date_of_birth=born)  # 19 under the seeded rule (18)
    RuleValue.objects.create(key="min_age_at_recruitment", value=20, valid_from=dt.date(2018, 6, 1))
    assert field_of(lambda: recruitment_check(recruited_on=dt.date(2019, 1, 1), date_of_birth=born)) == "recruited_on"
    recruitment_check(recruited_on=dt.date(2018, 5, 1), date_of_birth=dt.date(1999, 1, 1))  # before the new row
    allowances_check(position_allowance=Decimal("1.25"))
    RuleValue.objects.filter(key="max_position_allowance").update(value=Decimal("1.20"))
    assert field_of(lambda: allowances_check(position_allowance=Decimal("1.25"))) == "position_allowance"


def test_the_column_age_check_answers_as_the_one_by_one_check():
    import pandas as pd

    from hrm.models import RuleValue
    from hrm.services.bounds import MIN_AGE_AT_RECRUITMENT, adult_on, too_young

    RuleValue.objects.create(key=MIN_AGE_AT_RECRUITMENT, value=20, valid_from=dt.date(2018, 6, 1))
    born = [
        dt.date(2000, 2, 29),
        dt.date(2000, 1, 1),
        dt.date(2000, 1, 1),
        None,
        dt.date(1999, 7, 1),
        dt.date(2001, 1, 1),
    ]
    days = [
        dt.date(2018, 2, 28),
        dt.date(2018, 5, 31),
        dt.date(2019, 1, 1),
        dt.date(2019, 1, 1),
        None,
        dt.date(2021, 1, 1),
    ]
    column = too_young(dates_of_birth=pd.Series(born), days=pd.Series(days), key=MIN_AGE_AT_RECRUITMENT)
    one_by_one = [
        b is not None and d is not None and adult_on(b, MIN_AGE_AT_RECRUITMENT, d) is False for b, d in zip(born, days)
    ]
    assert list(column) == one_by_one == [False, False, True, False, False, False]
