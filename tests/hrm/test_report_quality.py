import datetime as dt

import pytest
from django.utils import translation

from hrm.models import OrgUnit, SalaryGroup
from hrm.services.org import staff_quota_set
from hrm.services.reports import quality_report
from hrm.services.reports.columns import years_before
from tests.hrm.factories_reports import SINCE, retirement_ages_on, staff_create, unit_move

pytestmark = pytest.mark.django_db
ON = dt.date(2024, 6, 30)


@pytest.fixture
def staff(province):
    """Four people in post in district d1 (three in its commune), one in the department, two not in post on ON."""
    retirement_ages_on(ON)
    c1, d1 = province["c1"], province["d1"]
    staff_quota_set(unit=d1, quota=10, valid_from=SINCE, actor=None)
    staff_quota_set(unit=c1, quota=5, valid_from=SINCE, actor=None)
    return {
        "a": staff_create(
            unit=c1,
            dob=dt.date(1995, 1, 1),
            group="A1",
            party_joined_on=dt.date(2020, 5, 1),
            education_level="dai_hoc",
            foreign_language="en",
            foreign_language_level="degree",
            religion="Phật giáo",
        ),
        "b": staff_create(
            unit=c1,
            dob=dt.date(1984, 6, 30),
            sex="female",
            group="A2.1",
            ethnicity="Khmer",
            party_joined_on=dt.date(2025, 1, 1),
            education_level="thac_si",
            political_theory="cao_cap",
            it_level="certificate",
            foreign_language="fr",
            foreign_language_level="certificate",
        ),
        "c": staff_create(unit=c1, dob=dt.date(1966, 1, 1), sex="female", group="A0", education_level="trung_cap"),
        "d": staff_create(unit=d1, dob=dt.date(1960, 1, 1), group="C1", state_management="cv"),
        "e": staff_create(unit=province["dept"], dob=dt.date(1990, 3, 3), group=None),
        "left": staff_create(unit=c1, dob=dt.date(1980, 1, 1), end=dt.date(2024, 1, 1)),
        "later": staff_create(unit=c1, dob=dt.date(1980, 1, 1), start=dt.date(2024, 7, 1)),
    }


def _row(report, unit):
    return next(r for r in report["rows"] if r["unit_id"] == unit.pk and not r["direct"])


def test_province_report_has_a_row_per_child_and_a_total(province, staff):
    report = quality_report(unit=province["root"], on=ON)
    assert {r["unit_id"] for r in report["rows"]} == {province[k].pk for k in ("dept", "d1", "d2")}
    assert _row(report, province["d1"])["values"]["total"] == 4
    assert _row(report, province["dept"])["values"]["total"] == 1
    assert _row(report, province["d2"])["values"]["total"] == 0
    assert report["total"]["values"]["total"] == 5
    assert report["total"]["values"]["quota"] == 15


def test_counts_of_which(province, staff):
    values = _row(quality_report(unit=province["root"], on=ON), province["d1"])["values"]
    assert values["party"] == 1  # b joins after the report date
    assert values["women"] == 2
    assert values["minority"] == 1
    assert values["religion"] == 1


def test_rank_categories_come_from_the_salary_group_in_force(province, staff):
    total = quality_report(unit=province["root"], on=ON)["total"]["values"]
    categories = ("rank_cvcc", "rank_cvc", "rank_cv", "rank_cs", "rank_nv")
    assert [total[key] for key in categories] == [0, 1, 1, 1, 1]
    assert total["rank_other"] == 1  # e has no salary record


def test_qualification_columns(province, staff):
    total = quality_report(unit=province["root"], on=ON)["total"]["values"]
    assert total["edu_dai_hoc"] == total["edu_thac_si"] == total["edu_trung_cap"] == 1
    assert total["pol_cao_cap"] == 1 and total["sm_cv"] == 1 and total["it_certificate"] == 1
    assert total["lang_en_degree"] == 1 and total["lang_other_cert"] == 1 and total["lang_en_cert"] == 0


def test_age_bands_on_the_report_date(province, staff):
    total = quality_report(unit=province["root"], on=ON)["total"]["values"]
    assert total["age_lt30"] == 1  # a (29)
    assert total["age_30_40"] == 2  # b turns 40 on ON, e is 34
    assert total["age_51_60"] == 1  # c (58)
    assert total["age_gt60"] == 1  # d (64)
    assert total["age_retirement"] == 2  # c over 56y4m, d over 61


def test_district_report_shows_its_own_staff_and_its_communes(province, staff):
    report = quality_report(unit=province["d1"], on=ON)
    own = next(r for r in report["rows"] if r["direct"])
    assert own["values"]["total"] == 1 and own["values"]["quota"] == 10
    assert _row(report, province["c1"])["values"]["total"] == 3
    assert report["total"]["cells"][1] == 4


def test_a_moved_commune_counts_under_its_old_district_before_the_move(province, staff):
    unit_move(unit=province["c1"], new_parent=province["d2"], on=dt.date(2024, 7, 1))
    assert quality_report(unit=province["d1"], on=ON)["total"]["values"]["total"] == 4
    assert quality_report(unit=province["d2"], on=ON)["total"]["values"]["total"] == 0
    after = dt.date(2024, 8, 1)
    assert quality_report(unit=province["d1"], on=after)["total"]["values"]["total"] == 1
    assert _row(quality_report(unit=province["d2"], on=after), province["c1"])["values"]["total"] == 4  # "later" joined


def test_a_unit_that_did_not_exist_yet_has_an_empty_report(province):
    report = quality_report(unit=province["d1"], on=dt.date(2000, 1, 1))
    assert report["rows"] == [] and report["total"]["values"]["total"] == 0


def test_report_uses_a_fixed_number_of_queries(province, staff, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        quality_report(unit=province["root"], on=ON)


def test_years_before_handles_month_ends():
    assert years_before(dt.date(2024, 2, 29), 1) == dt.date(2023, 2, 28)
    assert years_before(dt.date(2024, 6, 30), 56, 4) == dt.date(1968, 2, 29)


# --- rank categories are data (SalaryGroup.report_category, the rows in force on the report date) -------------
CATEGORIES = ("rank_cvcc", "rank_cvc", "rank_cv", "rank_cs", "rank_nv", "rank_other")


def _by_rank(on=ON):
    total = quality_report(unit=province_root(), on=on)["total"]["values"]
    return [total[key] for key in CATEGORIES]


def province_root():
    return OrgUnit.objects.get(code="T83")


def test_the_migration_files_every_salary_group_under_its_report_category():
    seeded = dict(SalaryGroup.objects.filter(table="civil").values_list("code", "report_category"))
    assert seeded == {
        "A3.1": "cvcc",
        "A3.2": "cvcc",
        "A2.1": "cvc",
        "A2.2": "cvc",
        "A1": "cv",
        "A0": "cs",
        "B": "cs",
        "C1": "nv",
        "C2": "nv",
        "C3": "nv",
    }
    assert SalaryGroup.objects.get(code="CGCC").report_category == "cvcc"
    assert not SalaryGroup.objects.filter(report_category="").exists()


def test_rank_columns_are_labelled_from_the_category_choices_in_the_users_language(province, staff):
    with translation.override("vi"):
        columns = quality_report(unit=province["root"], on=ON)["columns"]
    labels = {c["key"]: c["label"] for c in columns}
    assert labels["rank_cv"] == "Chuyên viên và tương đương"
    assert [c["key"] for c in columns if c["key"].startswith("rank_")] == list(CATEGORIES)


def test_a_group_mapped_to_another_category_moves_its_staff(province, staff):
    assert _by_rank() == [0, 1, 1, 1, 1, 1]
    SalaryGroup.objects.filter(code="A1", table="civil").update(report_category="cvc")  # a (A1) moves
    assert _by_rank() == [0, 2, 0, 1, 1, 1]
    SalaryGroup.objects.filter(code="C1", table="civil").update(report_category="")  # d (C1): no category
    assert _by_rank() == [0, 2, 0, 1, 0, 2]
    SalaryGroup.objects.filter(report_category="cvc").update(report_category="")  # no group left in a category
    assert _by_rank() == [0, 0, 0, 1, 0, 4]


def test_the_category_in_force_on_the_report_date_counts(province, staff):
    """A0 reported as nhân viên from 01/07/2024: the 30/06 report keeps c under cán sự, a later one moves her."""
    change = dt.date(2024, 7, 1)
    old = SalaryGroup.objects.get(code="A0", table="civil", valid_to__isnull=True)
    old.valid_to = change
    old.save(update_fields=["valid_to"])
    SalaryGroup.objects.create(
        code="A0", table="civil", regular_raise_months=36, valid_from=change, report_category="nv"
    )
    assert _by_rank(ON) == [0, 1, 1, 1, 1, 1]
    assert _by_rank(dt.date(2024, 8, 1)) == [0, 1, 2, 0, 2, 1]  # and "later" (A1) has joined


def test_a_group_of_another_pay_table_is_not_counted_in_the_civil_groups_category(province, staff):
    SalaryGroup.objects.filter(code="A1", table="public").update(report_category="cvcc")
    assert _by_rank() == [0, 1, 1, 1, 1, 1]  # a's rank is paid in table 2 (civil)


def test_the_quota_is_the_one_in_force_on_the_report_date(province, staff):
    staff_quota_set(unit=province["d1"], quota=12, valid_from=dt.date(2024, 7, 1), decision_no="QĐ 7/2024", actor=None)
    assert _row(quality_report(unit=province["root"], on=ON), province["d1"])["values"]["quota"] == 15
    later = quality_report(unit=province["root"], on=dt.date(2024, 8, 1))
    assert _row(later, province["d1"])["values"]["quota"] == 17 and later["total"]["values"]["quota"] == 17
    assert quality_report(unit=province["root"], on=dt.date(2014, 12, 31))["total"]["values"]["quota"] is None
