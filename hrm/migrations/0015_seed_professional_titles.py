"""Seed the professional titles (chức danh nghề nghiệp) of public employees and their Bảng 3 salary groups.

Reads common/reference/professional_titles.json (education, health and the administrative titles of TT 05/2024,
which share the civil-service codes and keep their groups). Safe to run twice; the reverse removes the titles
nothing uses and turns the shared codes back into plain ranks. `manage.py import_titles` adds the others.
"""

import datetime as dt
import json
from pathlib import Path

from django.db import migrations

SOURCE = Path(__file__).resolve().parents[2] / "common" / "reference" / "professional_titles.json"
DEFAULTS = {"kind": "title", "field": "", "series": "", "grade": None, "legal_basis": "", "verification": "UNVERIFIED"}


def _titles():
    return json.loads(SOURCE.read_text(encoding="utf-8"))["titles"]


def seed(apps, schema_editor):
    Rank = apps.get_model("hrm", "Rank")
    RankGroup = apps.get_model("hrm", "RankGroup")
    for row in _titles():
        rank, _ = Rank.objects.get_or_create(code=row["code"], defaults={"name": row["name"]})
        rank.name = row["name"]
        for name, default in DEFAULTS.items():
            setattr(rank, name, row.get(name, default))
        rank.note = row.get("note", rank.note)[:255]
        rank.save()
        if row.get("group"):
            RankGroup.objects.get_or_create(
                rank=rank,
                valid_from=dt.date.fromisoformat(row["from"]),
                defaults={"group_code": row["group"], "table": row["table"], "legal_basis": row["legal_basis"]},
            )


def unseed(apps, schema_editor):
    Rank = apps.get_model("hrm", "Rank")
    rows = _titles()
    titles = [row["code"] for row in rows if row["kind"] == "title"]
    Rank.objects.filter(code__in=titles, employee__isnull=True, salaryrecord__isnull=True).delete()
    shared = [row["code"] for row in rows if row["kind"] == "both"]
    Rank.objects.filter(code__in=shared).update(kind="rank", field="", series="", grade=None, legal_basis="")


class Migration(migrations.Migration):
    dependencies = [("hrm", "0014_professional_titles")]
    operations = [migrations.RunPython(seed, unseed)]
