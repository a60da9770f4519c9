"""Seed the effective-dated regulation rows: salary tables, ranks and their groups, base salary,
retirement ages, rating levels, discipline forms and single rule values.

Reads the project's own copy of the reference data (common/reference/regulations.json). Safe to run
twice (rows are looked up by their natural key first); the reverse removes what this seeded.
"""

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

from django.db import migrations

SOURCE = Path(__file__).resolve().parents[2] / "common" / "reference" / "regulations.json"
TABLES_FROM = dt.date(2004, 10, 1)
TT2_2021 = dt.date(2021, 8, 1)  # TT 2/2021/TT-BNV: new rank → group mapping
TABLES_BASIS = "NĐ 204/2004/NĐ-CP"
EXPERT_GROUPS = {"CGCC"}  # Bảng 1; no seniority allowance (vuot_khung.not_for)
RETIREMENT_OLD_FROM = dt.date(1900, 1, 1)
RETIREMENT_OLD_BASIS = "Bộ luật Lao động 2012"
RATING_FROM = dt.date(2020, 1, 1)
RATING_BASIS = "NĐ 90/2020/NĐ-CP"
RATING_SCORED_FROM = dt.date(2026, 7, 1)
RATING_SCORED_BASIS = "NĐ 233/2026/NĐ-CP"
DISCIPLINE_FROM = dt.date(2013, 1, 1)
DISCIPLINE_FORMS = [
    ("khien_trach", "Khiển trách", 6),
    ("canh_cao", "Cảnh cáo", 12),
    ("ha_bac_luong", "Hạ bậc lương", 12),
    ("giang_chuc", "Giáng chức", 12),
    ("cach_chuc", "Cách chức", 12),
]
DISCIPLINE_BASIS = "TT 08/2013/TT-BNV (amended TT 03/2021/TT-BNV)"
RULES_FROM = dt.date(2025, 7, 1)
RULES_BASIS = "NĐ 170/2025/NĐ-CP"
RULE_VALUES = [
    ("retirement_notice_months", 6, "Notify a civil servant this many months before retirement"),
    ("retirement_decision_months", 3, "Issue the retirement decision this many months before retirement"),
]


def _load():
    return json.loads(SOURCE.read_text(encoding="utf-8"))


def _date(text):
    return dt.date.fromisoformat(text)


# --- salary groups -----------------------------------------------------------------------------------------


def _seniority_months(code, vuot_khung):
    """Months at the last step before the seniority allowance: keys like "A0-A3" and "B,C,...": None for CGCC."""
    if code in EXPERT_GROUPS:
        return None
    letter, number = code[0], int(code[1]) if len(code) > 1 and code[1].isdigit() else None
    for key, months in vuot_khung["months_at_last_step_before_first"].items():
        for part in key.split(","):
            found = re.fullmatch(r"([A-Z])(\d)-([A-Z])(\d)", part.strip())
            if found and letter == found[1] and number is not None and int(found[2]) <= number <= int(found[4]):
                return months
            if part.strip() == letter:
                return months
    return None


def _public_coefficients(spec):
    """Bảng 3 (viên chức) differs where the JSON notes it, e.g. "viên chức Bảng 3 C2 starts at 2.00"."""
    found = re.search(r"viên chức.*starts at (\d+(?:\.\d+)?)", spec.get("note", ""))
    if not found:
        return spec["coefficients"]
    start, step = Decimal(found[1]), Decimal(str(spec["step_increment"]))
    return [start + step * i for i in range(len(spec["coefficients"]))]


def _group(apps, *, code, table, spec, salary, coefficients):
    SalaryGroup = apps.get_model("hrm", "SalaryGroup")
    SalaryStep = apps.get_model("hrm", "SalaryStep")
    vuot_khung = salary["vuot_khung"]
    after = _seniority_months(code, vuot_khung)
    group, _ = SalaryGroup.objects.get_or_create(
        code=code,
        table=table,
        valid_from=TABLES_FROM,
        defaults={
            "name": spec.get("name_vi", ""),
            "regular_raise_months": spec["regular_raise_months"],
            "seniority_after_months": after,
            "seniority_first_percent": vuot_khung["first_percent"] if after else 0,
            "seniority_yearly_percent": vuot_khung["yearly_increment_percent"] if after else 0,
            "legal_basis": TABLES_BASIS,
            "verification": salary["verification"].split()[0],
        },
    )
    for number, coefficient in enumerate(coefficients, start=1):
        SalaryStep.objects.get_or_create(
            group=group, step=number, defaults={"coefficient": Decimal(str(coefficient)).quantize(Decimal("0.01"))}
        )


def seed_salary_groups(apps, salary):
    for code, spec in salary["groups"].items():
        table = "expert" if code in EXPERT_GROUPS else "civil"
        _group(apps, code=code, table=table, spec=spec, salary=salary, coefficients=spec["coefficients"])
        if table == "civil":
            coefficients = _public_coefficients(spec)
            _group(apps, code=code, table="public", spec=spec, salary=salary, coefficients=coefficients)


# --- ranks -----------------------------------------------------------------------------------------------


def _rank_periods(entry, known):
    """[(group, valid_from, valid_to)] for one ngạch; groups outside the salary tables (Bảng 4) are skipped."""
    before, since = entry.get("group_2015"), entry.get("group_since_2021")
    before = before if before in known else None
    since = since if since in known else None
    if "group_since_2021" not in entry and before:
        return [(before, TABLES_FROM, None)]  # no change recorded in 2021
    if before and before == since:
        return [(before, TABLES_FROM, None)]
    periods = []
    if before:
        periods.append((before, TABLES_FROM, TT2_2021))
    if since:
        periods.append((since, TT2_2021, None))
    return periods


def seed_ranks(apps, salary):
    Rank = apps.get_model("hrm", "Rank")
    RankGroup = apps.get_model("hrm", "RankGroup")
    known = set(salary["groups"])
    for entry in salary["ngach"]:
        rank, _ = Rank.objects.get_or_create(
            code=entry["code"], defaults={"name": entry["name"][:150], "note": entry.get("verification", "")}
        )
        for group_code, start, end in _rank_periods(entry, known):
            basis = "TT 02/2021/TT-BNV" if start == TT2_2021 else TABLES_BASIS
            RankGroup.objects.get_or_create(
                rank=rank,
                valid_from=start,
                defaults={"group_code": group_code, "table": "civil", "valid_to": end, "legal_basis": basis},
            )


# --- base salary, retirement, ratings, discipline, rule values --------------------------------------------


def seed_base_salary(apps, salary):
    BaseSalary = apps.get_model("hrm", "BaseSalary")
    history = sorted(salary["base_salary_history"], key=lambda row: row["from"])
    for row, following in zip(history, history[1:] + [None], strict=True):
        BaseSalary.objects.get_or_create(
            valid_from=_date(row["from"]),
            defaults={
                "valid_to": _date(following["from"]) if following else None,
                "amount": row["vnd"],
                "decree": row["decree"][:100],
                "verification": row["verification"],
            },
        )


def seed_retirement_ages(apps, data):
    RetirementAge = apps.get_model("hrm", "RetirementAge")
    rules = data["retirement_age"]
    schedule = sorted(rules["schedule_by_year_reached"], key=lambda row: row["year"])
    first_year = dt.date(schedule[0]["year"], 1, 1)
    rows = [(RETIREMENT_OLD_FROM, first_year, rules["before_2021"], RETIREMENT_OLD_BASIS)]
    for row, following in zip(schedule, schedule[1:] + [None], strict=True):
        end = dt.date(following["year"], 1, 1) if following else None
        rows.append((dt.date(row["year"], 1, 1), end, row, rules["legal_basis"]))
    for start, end, ages, basis in rows:
        for sex in ("male", "female"):
            RetirementAge.objects.get_or_create(
                sex=sex,
                valid_from=start,
                defaults={
                    "valid_to": end,
                    "years": ages[sex]["years"],
                    "months": ages[sex]["months"],
                    "legal_basis": basis,
                },
            )


def _min_score(points):
    """">=90" → 90, "70-<90" → 70, "<50 or …" → 0."""
    found = re.match(r"\s*(?:>=)?(\d+)", points)
    return Decimal(found[1]) if found else Decimal(0)


def seed_rating_levels(apps, data):
    RatingLevel = apps.get_model("hrm", "RatingLevel")
    for order, level in enumerate(data["quality_rating_levels"]["levels"], start=1):
        base = {"name": level["name_vi"], "rank_order": order}
        RatingLevel.objects.get_or_create(
            code=level["code"], valid_from=RATING_FROM, staff_type="", defaults={**base, "legal_basis": RATING_BASIS}
        )
        RatingLevel.objects.get_or_create(
            code=level["code"],
            valid_from=RATING_SCORED_FROM,
            staff_type="vien_chuc",
            defaults={**base, "min_score": _min_score(level["nd233_2026_points"]), "legal_basis": RATING_SCORED_BASIS},
        )


def seed_discipline_forms(apps):
    DisciplineForm = apps.get_model("hrm", "DisciplineForm")
    for code, name, months in DISCIPLINE_FORMS:
        DisciplineForm.objects.get_or_create(
            code=code,
            valid_from=DISCIPLINE_FROM,
            defaults={"name": name, "raise_delay_months": months, "legal_basis": DISCIPLINE_BASIS,
                      "verification": "UNVERIFIED"},
        )


def seed_rule_values(apps):
    RuleValue = apps.get_model("hrm", "RuleValue")
    for key, value, description in RULE_VALUES:
        RuleValue.objects.get_or_create(
            key=key,
            valid_from=RULES_FROM,
            defaults={"value": value, "description": description, "legal_basis": RULES_BASIS},
        )


def seed(apps, schema_editor):
    data = _load()
    seed_salary_groups(apps, data["salary"])
    seed_ranks(apps, data["salary"])
    seed_base_salary(apps, data["salary"])
    seed_retirement_ages(apps, data)
    seed_rating_levels(apps, data)
    seed_discipline_forms(apps)
    seed_rule_values(apps)


def unseed(apps, schema_editor):
    data = _load()
    salary = data["salary"]
    get = apps.get_model
    get("hrm", "RuleValue").objects.filter(key__in=[k for k, _, _ in RULE_VALUES], valid_from=RULES_FROM).delete()
    get("hrm", "DisciplineForm").objects.filter(
        code__in=[c for c, _, _ in DISCIPLINE_FORMS], valid_from=DISCIPLINE_FROM, discipline__isnull=True
    ).delete()
    get("hrm", "RatingLevel").objects.filter(
        legal_basis__in=[RATING_BASIS, RATING_SCORED_BASIS], annualrating__isnull=True
    ).delete()
    get("hrm", "RetirementAge").objects.filter(
        legal_basis__in=[RETIREMENT_OLD_BASIS, data["retirement_age"]["legal_basis"]]
    ).delete()
    get("hrm", "BaseSalary").objects.filter(
        valid_from__in=[_date(row["from"]) for row in salary["base_salary_history"]]
    ).delete()
    codes = [entry["code"] for entry in salary["ngach"]]
    get("hrm", "RankGroup").objects.filter(rank__code__in=codes, valid_from__in=[TABLES_FROM, TT2_2021]).delete()
    get("hrm", "Rank").objects.filter(code__in=codes, groups__isnull=True, employee__isnull=True,
                                      salaryrecord__isnull=True).delete()
    get("hrm", "SalaryGroup").objects.filter(valid_from=TABLES_FROM, legal_basis=TABLES_BASIS).delete()


class Migration(migrations.Migration):
    dependencies = [("hrm", "0002_seed_bentre_units")]
    operations = [migrations.RunPython(seed, unseed)]
