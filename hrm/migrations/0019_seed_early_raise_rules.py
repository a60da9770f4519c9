"""The limits of early step raises (nâng bậc lương trước thời hạn) as effective-dated rule values."""

import datetime as dt

from django.db import migrations

BASIS = "TT 08/2013/TT-BNV Điều 3, 4 (amended TT 03/2021/TT-BNV)"
RULES = [  # key, value, from, description
    ("early_raise_max_months", 12, dt.date(2013, 9, 1), "An early raise comes at most this many months early"),
    (
        "early_raise_quota_percent",
        10,
        dt.date(2013, 9, 1),
        "Early raises a unit may give in a calendar year, in % of its staff (rounded down, at least one)",
    ),
]


def seed(apps, schema_editor):
    RuleValue = apps.get_model("hrm", "RuleValue")
    for key, value, valid_from, description in RULES:
        RuleValue.objects.get_or_create(
            key=key, valid_from=valid_from, defaults={"value": value, "description": description, "legal_basis": BASIS}
        )


def unseed(apps, schema_editor):
    RuleValue = apps.get_model("hrm", "RuleValue")
    for key, _value, valid_from, _description in RULES:
        RuleValue.objects.filter(key=key, valid_from=valid_from).delete()


class Migration(migrations.Migration):
    dependencies = [("hrm", "0018_vietnamese_names")]
    operations = [migrations.RunPython(seed, unseed)]
