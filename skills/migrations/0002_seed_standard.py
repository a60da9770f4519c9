"""Seed the IT-skill standard of TT 03/2014/TT-BTTTT: 15 modules, their skill groups and sub-groups.

Reads the project's own copy of the reference data (common/reference/regulations.json). Items that TT 44/2017
names as not required for recognised foreign certificates are flagged; codes the data lacks are created under
their nearest existing ancestor. Running the seed twice changes nothing.
"""

import datetime as dt
import json
from pathlib import Path

from django.db import migrations

SOURCE = Path(__file__).resolve().parents[2] / "common" / "reference" / "regulations.json"
STANDARD_CODE = "TT03/2014"
VALID_FROM = dt.date(2014, 4, 28)
TT44_ONLY = "VERIFIED (code in TT 44/2017; wording not recorded)"


def _standard(apps, block):
    ITStandard = apps.get_model("skills", "ITStandard")
    standard, _ = ITStandard.objects.get_or_create(
        code=STANDARD_CODE,
        defaults={
            "name": "Chuẩn kỹ năng sử dụng công nghệ thông tin", "legal_basis": block["legal_basis"],
            "valid_from": VALID_FROM, "min_advanced_modules": block["rules"]["advanced"]["min_advanced_modules"],
        },
    )
    return standard


def _item(apps, module, code, parent, name, verification):
    ITSkillItem = apps.get_model("skills", "ITSkillItem")
    item, _ = ITSkillItem.objects.get_or_create(
        module=module, code=code, defaults={"parent": parent, "name_vi": name, "verification": verification[:60]},
    )
    return item


def _module(apps, standard, data):
    ITModule = apps.get_model("skills", "ITModule")
    module, _ = ITModule.objects.get_or_create(
        standard=standard, code=data["code"],
        defaults={
            "number": data["no"], "level": data["level"], "name_vi": data["name_vi"],
            "name_en": data.get("name_en", ""), "annex": data.get("annex", ""),
        },
    )
    for group in data.get("groups", []):
        group_check = group.get("verification", "")
        parent = _item(apps, module, group["code"], None, group["name_vi"], group_check)
        for sub in group.get("subgroups", []):
            # a sub-group without its own note shares its group's
            _item(apps, module, sub["code"], parent, sub["name_vi"], sub.get("verification", group_check))
    return module


def _flag_tt44(apps, modules, codes):
    ITSkillItem = apps.get_model("skills", "ITSkillItem")
    for code in codes:
        module = modules[code.split(".")[0]]
        parts = code.split(".")
        ancestors = [".".join(parts[:n]) for n in range(len(parts) - 1, 1, -1)]
        parent = next((p for a in ancestors if (p := ITSkillItem.objects.filter(module=module, code=a).first())), None)
        item = _item(apps, module, code, parent, "", TT44_ONLY)
        if not item.excluded_for_foreign_certificates:
            item.excluded_for_foreign_certificates = True
            item.save(update_fields=["excluded_for_foreign_certificates"])


def seed(apps, schema_editor):
    block = json.loads(SOURCE.read_text(encoding="utf-8"))["it_skill_standard"]
    standard = _standard(apps, block)
    modules = {data["code"]: _module(apps, standard, data) for data in block["modules"]}
    excluded = block["tt44_2017_excluded_reference_codes"]
    _flag_tt44(apps, modules, [*excluded["basic"], *excluded["advanced"]])


def unseed(apps, schema_editor):
    apps.get_model("skills", "ITStandard").objects.filter(code=STANDARD_CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("skills", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
