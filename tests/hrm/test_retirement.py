import datetime as dt

import pytest

from common.errors import ApplicationError
from hrm.models import RetirementAge, RuleValue
from hrm.services.retirement import retirement_for

pytestmark = pytest.mark.django_db


def test_man_born_june_1963_retires_at_61_in_june_2024():
    # 2023's 60y9m would be reached in 03/2024, but 2024 asks 61y0m: reached 06/2024 (NĐ 135/2020 annex: 61y, 7/2024)
    result = retirement_for(date_of_birth=dt.date(1963, 6, 15), sex="male")
    assert result["retirement_date"] == dt.date(2024, 6, 30)
    assert result["pension_start"] == dt.date(2024, 7, 1)
    assert (result["age_years"], result["age_months"]) == (61, 0)


def test_woman_born_march_1969_retires_at_56y8m_in_november_2025():
    result = retirement_for(date_of_birth=dt.date(1969, 3, 10), sex="female")
    assert result["retirement_date"] == dt.date(2025, 11, 30)
    assert result["pension_start"] == dt.date(2025, 12, 1)
    assert (result["age_years"], result["age_months"]) == (56, 8)


def test_man_born_january_1966_retires_at_61y9m_in_2027():
    # The schedule gives 2027 → 61y9m, reached 10/2027, before the 62 of 2028 applies.
    result = retirement_for(date_of_birth=dt.date(1966, 1, 20), sex="male")
    assert result["retirement_date"] == dt.date(2027, 10, 31)
    assert (result["age_years"], result["age_months"]) == (61, 9)


def test_man_born_april_1966_reaches_62_in_2028():
    result = retirement_for(date_of_birth=dt.date(1966, 4, 5), sex="male")
    assert result["retirement_date"] == dt.date(2028, 4, 30)
    assert (result["age_years"], result["age_months"]) == (62, 0)


def test_man_who_reached_60_before_2021_has_no_notice_rule():
    result = retirement_for(date_of_birth=dt.date(1955, 5, 20), sex="male")
    assert result["retirement_date"] == dt.date(2015, 5, 31)
    assert result["pension_start"] == dt.date(2015, 6, 1)
    assert (result["age_years"], result["age_months"]) == (60, 0)
    assert result["notice_date"] is None and result["decision_date"] is None


def test_first_year_of_the_new_schedule():
    assert retirement_for(date_of_birth=dt.date(1960, 12, 1), sex="male")["retirement_date"] == dt.date(2020, 12, 31)
    assert retirement_for(date_of_birth=dt.date(1961, 1, 1), sex="male")["retirement_date"] == dt.date(2021, 4, 30)


def test_notice_and_decision_dates_use_rules_in_force_on_retirement_date():
    result = retirement_for(date_of_birth=dt.date(1964, 9, 2), sex="male")  # 2025: 61y3m → 12/2025
    assert result["retirement_date"] == dt.date(2025, 12, 31)
    assert result["notice_date"] == dt.date(2025, 6, 30)
    assert result["decision_date"] == dt.date(2025, 9, 30)


def test_birth_year_only_uses_first_of_january():
    result = retirement_for(date_of_birth=dt.date(1969, 8, 15), sex="female", birth_year_only=True)
    assert result == retirement_for(date_of_birth=dt.date(1969, 1, 1), sex="female")
    assert result["retirement_date"] == dt.date(2025, 9, 30)  # 56y8m in 2025


def test_woman_born_1990_retires_at_60():
    result = retirement_for(date_of_birth=dt.date(1990, 2, 28), sex="female")
    assert result["retirement_date"] == dt.date(2050, 2, 28)
    assert (result["age_years"], result["age_months"]) == (60, 0)


def test_new_rule_rows_change_the_answer():
    RetirementAge.objects.filter(sex="male", valid_from__gte=dt.date(2030, 1, 1)).delete()
    RetirementAge.objects.create(sex="male", years=65, months=0, valid_from=dt.date(2030, 1, 1))
    RuleValue.objects.create(key="retirement_notice_months", value=12, valid_from=dt.date(2030, 1, 1))
    result = retirement_for(date_of_birth=dt.date(1970, 3, 3), sex="male")
    assert result["retirement_date"] == dt.date(2035, 3, 31)
    assert result["notice_date"] == dt.date(2034, 3, 31)


def test_unknown_sex_is_refused():
    with pytest.raises(ApplicationError):
        retirement_for(date_of_birth=dt.date(1970, 1, 1), sex="x")


def test_no_rules_gives_none():
    RetirementAge.objects.all().delete()
    assert retirement_for(date_of_birth=dt.date(1970, 1, 1), sex="male") is None
