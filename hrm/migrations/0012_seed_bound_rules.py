"""The ages and allowance ceilings the registry's bounds ask for, as effective-dated rule values (editable data)."""

import datetime as dt

from django.db import migrations

FROM_THE_START = dt.date(1945, 1, 1)
RULES = [
    # key, value, from, description, legal basis
    (
        "min_age_at_recruitment", 18, FROM_THE_START, "Youngest age at recruitment (years)",
        "Luật Cán bộ, công chức 2008 Điều 36; Luật Viên chức 2010 Điều 22: đủ 18 tuổi trở lên",
    ),
    (
        "min_age_party", 18, FROM_THE_START, "Youngest age on joining the Party (years)",
        "Điều lệ Đảng Cộng sản Việt Nam, Điều 1: từ mười tám tuổi trở lên",
    ),
    (
        "max_position_allowance", "1.30", dt.date(2004, 10, 1), "Highest leadership allowance coefficient",
        "NĐ 204/2004/NĐ-CP, bảng phụ cấp chức vụ lãnh đạo (UNVERIFIED: highest row of the table)",
    ),
    (
        "max_other_allowance", "2.00", dt.date(2004, 10, 1), "Highest sum of other allowance coefficients",
        "Plausibility bound, not a legal figure: a province may change it",
    ),
]


def seed(apps, schema_editor):
    RuleValue = apps.get_model("hrm", "RuleValue")
    for key, value, valid_from, description, basis in RULES:
        RuleValue.objects.get_or_create(
            key=key, valid_from=valid_from, defaults={"value": value, "description": description, "legal_basis": basis}
        )


def unseed(apps, schema_editor):
    RuleValue = apps.get_model("hrm", "RuleValue")
    for key, _value, valid_from, _description, _basis in RULES:
        RuleValue.objects.filter(key=key, valid_from=valid_from).delete()


class Migration(migrations.Migration):
    dependencies = [("hrm", "0011_employee_code_unique_any_case")]
    operations = [migrations.RunPython(seed, unseed)]
