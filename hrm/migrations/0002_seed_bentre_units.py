"""Seed Bến Tre's province, 9 district-level and 164 commune-level units (GSO codes), from 2015.

Reads the project's own copy of the reference data (common/reference/bentre-units.json).
"""

import datetime as dt
import json
from pathlib import Path

from django.db import migrations

SOURCE = Path(__file__).resolve().parents[2] / "common" / "reference" / "bentre-units.json"
VALID_FROM = dt.date(2015, 1, 1)


def seed(apps, schema_editor):
    OrgUnit = apps.get_model("hrm", "OrgUnit")
    OrgUnitVersion = apps.get_model("hrm", "OrgUnitVersion")
    if OrgUnit.objects.filter(code="83").exists():
        return
    data = json.loads(SOURCE.read_text(encoding="utf-8"))

    def create(code, name, kind, parent, order):
        unit = OrgUnit.objects.create(
            code=code, gso_code=code, name=name, kind=kind, parent=parent, valid_from=VALID_FROM, sort_order=order,
            path="/",
        )
        unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
        unit.depth = unit.path.count("/") - 2
        unit.save(update_fields=["path", "depth"])
        OrgUnitVersion.objects.create(unit=unit, parent=parent, path=unit.path, name=name, valid_from=VALID_FROM)
        return unit

    province = create(data["province"]["code"], data["province"]["name"], "province", None, 0)
    for d_order, district in enumerate(data["districts"]):
        d = create(district["code"], district["name"], "district", province, 100 + d_order)
        for c_order, commune in enumerate(district["communes"]):
            create(commune["code"], commune["name"], "commune", d, c_order)


def unseed(apps, schema_editor):
    OrgUnit = apps.get_model("hrm", "OrgUnit")
    for unit in OrgUnit.objects.filter(code="83"):
        OrgUnit.objects.filter(path__startswith=unit.path).order_by("-depth").delete()


class Migration(migrations.Migration):
    dependencies = [("hrm", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
