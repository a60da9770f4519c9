"""Seed the grounds for exemption from the language, IT and general-knowledge parts (common/reference/
exemption_grounds.json, from regulations.md §3.1 and §3.4). Keyed by key + valid_from: running it twice changes
nothing, and a ground an administrator corrected keeps his text."""

import datetime as dt
import json
from pathlib import Path

from django.db import migrations

SOURCE = Path(__file__).resolve().parents[2] / "common" / "reference" / "exemption_grounds.json"
FIELDS = ("part_key", "description", "evidence", "profiles", "legal_basis", "verification", "order", "valid_to")


def _rows() -> list[dict]:
    rows = []
    for ground in json.loads(SOURCE.read_text(encoding="utf-8"))["grounds"]:
        row = {field: ground.get(field, "") for field in FIELDS}
        row["valid_to"] = dt.date.fromisoformat(ground["valid_to"]) if ground.get("valid_to") else None
        row["profiles"] = ground.get("profiles", [])
        rows.append({"key": ground["key"], "valid_from": dt.date.fromisoformat(ground["valid_from"]), **row})
    return rows


def seed(apps, schema_editor):
    ExemptionGround = apps.get_model("exams", "ExemptionGround")
    for row in _rows():
        ExemptionGround.objects.get_or_create(
            key=row["key"], valid_from=row["valid_from"], defaults={f: row[f] for f in FIELDS}
        )


def unseed(apps, schema_editor):
    ExemptionGround = apps.get_model("exams", "ExemptionGround")
    for row in _rows():
        ExemptionGround.objects.filter(key=row["key"], valid_from=row["valid_from"]).delete()


class Migration(migrations.Migration):
    dependencies = [("exams", "0015_exam_date_exemption_grounds")]
    operations = [migrations.RunPython(seed, unseed)]
