"""Seed the promotion profiles (nâng ngạch, thăng hạng, a post of a higher rank) with their eligibility rules.

Reads the project's copy of the reference data (common/reference/promotions.json, from regulations.md §3.5).
Profiles are keyed by code and an existing one is left as it is (an administrator may have corrected it), so
running the seed twice changes nothing.
"""

import datetime as dt
import json
from pathlib import Path

from django.db import migrations

SOURCE = Path(__file__).resolve().parents[2] / "common" / "reference" / "promotions.json"


def _day(value):
    return dt.date.fromisoformat(value) if value else None


def _rows() -> list[dict]:
    rows = []
    for item in json.loads(SOURCE.read_text(encoding="utf-8"))["profiles"]:
        config = {key: item[key] for key in ("form", "parts_summary", "ranking") if key in item}
        config["verification"] = item["verification"]
        config["rules"] = item["rules"]
        rows.append({
            "code": item["code"], "name": item["name"], "kind": "promotion", "staff_type": item["staff_type"],
            "legal_basis": item["legal_basis"], "verification": item["verification"][:255], "config": config,
            "valid_from": _day(item["valid_from"]), "valid_to": _day(item["valid_to"]),
        })
    return rows


def seed(apps, schema_editor):
    RegulationProfile = apps.get_model("exams", "RegulationProfile")
    for row in _rows():
        RegulationProfile.objects.get_or_create(code=row.pop("code"), defaults=row)


def unseed(apps, schema_editor):
    RegulationProfile = apps.get_model("exams", "RegulationProfile")
    RegulationProfile.objects.filter(code__in=[row["code"] for row in _rows()], exams__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("exams", "0016_seed_exemption_grounds")]
    operations = [migrations.RunPython(seed, unseed)]
