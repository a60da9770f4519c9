import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps as global_apps

from hrm.models import (
    BaseSalary,
    DisciplineForm,
    Rank,
    RankGroup,
    RatingLevel,
    RetirementAge,
    RuleValue,
    SalaryGroup,
    SalaryStep,
)

pytestmark = pytest.mark.django_db

seed_module = importlib.import_module("hrm.migrations.0003_seed_rules")
titles_module = importlib.import_module("hrm.migrations.0015_seed_professional_titles")


def _counts():
    models = [
        SalaryGroup,
        SalaryStep,
        Rank,
        RankGroup,
        BaseSalary,
        RetirementAge,
        RatingLevel,
    ]
    counts = {model.__name__: model.objects.count() for model in models}
    counts["DisciplineForm"] = DisciplineForm.objects.filter(
        code__in=[c for c, *_ in seed_module.DISCIPLINE_FORMS]
    ).count()
    own_keys = [key for key, _value, _description in seed_module.RULE_VALUES]  # 0012 seeds other keys
    counts["RuleValue"] = RuleValue.objects.filter(key__in=own_keys).count()
    return counts


def test_seed_counts():
    assert _counts() == {
        "SalaryGroup": 11 + 10,  # 11 groups (civil + CGCC expert) and a public copy of the 10 civil ones
        "SalaryStep": 3 + 2 * (6 + 6 + 8 + 8 + 9 + 10 + 12 * 4),
        "Rank": 18 + 23,  # and the 23 professional titles of 0015 (the 5 administrative ones share ranks' codes)
        "RankGroup": 3 + 2 + 1 + 3 + 4 + 23,  # 01.004 has two periods; Bảng 4 ranks none; a period per title
        "BaseSalary": 8,
        "RetirementAge": 2 * (1 + 15),
        "RatingLevel": 8,
        "DisciplineForm": 5,
        "RuleValue": 2,
    }


def test_a1_step_3_is_3_00():
    group = SalaryGroup.objects.get(code="A1", table="civil")
    assert group.steps.get(step=3).coefficient == Decimal("3.00")
    assert (group.regular_raise_months, group.seniority_after_months) == (36, 36)
    assert (group.seniority_first_percent, group.seniority_yearly_percent) == (5, 1)


def test_group_seniority_thresholds():
    assert SalaryGroup.objects.get(code="B", table="civil").seniority_after_months == 24
    assert SalaryGroup.objects.get(code="C3", table="civil").seniority_after_months == 24
    assert SalaryGroup.objects.get(code="A3.1", table="civil").seniority_after_months == 36
    expert = SalaryGroup.objects.get(code="CGCC")
    assert (expert.table, expert.seniority_after_months, expert.regular_raise_months) == ("expert", None, 60)


def test_public_table_c2_starts_at_2_00():
    public = SalaryGroup.objects.get(code="C2", table="public")
    assert public.steps.get(step=1).coefficient == Decimal("2.00")
    assert public.steps.get(step=2).coefficient == Decimal("2.18")
    assert SalaryGroup.objects.get(code="C2", table="civil").steps.get(step=1).coefficient == Decimal("1.50")
    assert SalaryGroup.objects.get(code="A1", table="public").steps.get(step=3).coefficient == Decimal("3.00")


def test_can_su_moves_from_b_to_a0_in_2021():
    links = RankGroup.objects.filter(rank__code="01.004")
    assert links.in_force_one(dt.date(2020, 1, 1)).group_code == "B"
    assert links.in_force_one(dt.date(2022, 1, 1)).group_code == "A0"


def test_unchanged_rank_has_one_open_row_and_table_4_ranks_have_none():
    assert list(RankGroup.objects.filter(rank__code="01.003").values_list("group_code", "valid_to")) == [("A1", None)]
    assert Rank.objects.filter(code="01.006").exists()
    assert not RankGroup.objects.filter(rank__code="01.006").exists()
    assert RankGroup.objects.get(rank__code="01.005").valid_from == dt.date(2021, 8, 1)


def test_base_salary_history():
    assert BaseSalary.objects.in_force_one(dt.date(2026, 11, 24)).amount == 2_530_000
    assert BaseSalary.objects.in_force_one(dt.date(2025, 1, 1)).amount == 2_340_000
    assert BaseSalary.objects.in_force_one(dt.date(2026, 11, 24)).verification == "VERIFIED"
    assert BaseSalary.objects.in_force_one(dt.date(2010, 1, 1)) is None


def test_retirement_ages_by_year():
    male = RetirementAge.objects.filter(sex="male")
    assert (male.in_force_one(dt.date(2020, 12, 31)).years, male.in_force_one(dt.date(2020, 12, 31)).months) == (60, 0)
    assert male.in_force_one(dt.date(2023, 6, 1)).total_months == 60 * 12 + 9
    assert male.in_force_one(dt.date(2040, 1, 1)).total_months == 62 * 12
    assert RetirementAge.objects.filter(sex="female").in_force_one(dt.date(2050, 1, 1)).total_months == 60 * 12


def test_rating_levels_and_rules():
    scored = RatingLevel.objects.filter(staff_type="vien_chuc").in_force(dt.date(2026, 7, 1))
    assert sorted(scored.values_list("min_score", flat=True)) == [0, 50, 70, 90]
    assert RatingLevel.objects.filter(staff_type="").in_force(dt.date(2021, 1, 1)).count() == 4
    assert DisciplineForm.objects.get(code="khien_trach").raise_delay_months == 6
    assert RuleValue.objects.filter(key="retirement_notice_months").in_force_one(dt.date(2026, 1, 1)).value == 6


def test_seed_is_idempotent_and_reversible():
    before = _counts()
    seed_module.seed(global_apps, None)
    titles_module.seed(global_apps, None)
    assert _counts() == before
    titles_module.unseed(global_apps, None)
    seed_module.unseed(global_apps, None)
    assert set(_counts().values()) == {0}
    seed_module.seed(global_apps, None)
    titles_module.seed(global_apps, None)
    assert _counts() == before
