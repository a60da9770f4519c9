"""Give each seeded regulation profile its machine-readable `config["rules"]` (read by exams.rules).

The rules come from the project's copy of the reference data (common/reference/regulations.json, which 0002 also
seeds from, so a fresh database has them from the start). A profile that already has rules keeps them (an
administrator may have corrected them), so running the seed twice changes nothing.
"""

import json
from pathlib import Path

from django.db import migrations

SOURCE = Path(__file__).resolve().parents[2] / "common" / "reference" / "regulations.json"
IT_CERTIFICATE_CODE = "it_certificate_TTLT17_2016"


def _rules_by_code() -> dict[str, dict]:
    data = json.loads(SOURCE.read_text(encoding="utf-8"))
    rules = {code: config["rules"] for code, config in data["recruitment_exam_configs"].items()}
    rules[IT_CERTIFICATE_CODE] = data["it_certificates_ttlt_17_2016"]["rules"]
    return rules


def seed(apps, schema_editor):
    RegulationProfile = apps.get_model("exams", "RegulationProfile")
    for code, rules in _rules_by_code().items():
        profile = RegulationProfile.objects.filter(code=code).first()
        if profile is not None and "rules" not in profile.config:
            profile.config = {**profile.config, "rules": rules}
            profile.save(update_fields=["config"])


def unseed(apps, schema_editor):
    RegulationProfile = apps.get_model("exams", "RegulationProfile")
    for profile in RegulationProfile.objects.filter(code__in=list(_rules_by_code())):
        if "rules" in profile.config:
            profile.config = {key: value for key, value in profile.config.items() if key != "rules"}
            profile.save(update_fields=["config"])


class Migration(migrations.Migration):
    dependencies = [("exams", "0005_exams_banks_structure_papers")]
    operations = [migrations.RunPython(seed, unseed)]
