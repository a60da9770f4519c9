"""Seed the subjects every province examines: general knowledge, English as the foreign language, and one IT
subject per module of Circular 03/2014/TT-BTTTT (IU01–IU15, read from common/reference/regulations.json).

Professional subjects are made per job by the exam boards (bank pages). Running the seed twice changes nothing.
"""

import json
from pathlib import Path

from django.db import migrations

SOURCE = Path(__file__).resolve().parents[2] / "common" / "reference" / "regulations.json"
FIXED = [
    ("KTC", "Kiến thức chung", "general", "", "Hệ thống chính trị, tổ chức bộ máy nhà nước, pháp luật về cán bộ, công chức, viên chức."),
    ("NN-TA", "Ngoại ngữ: Tiếng Anh", "language", "", ""),
]


def seed(apps, schema_editor):
    Subject = apps.get_model("exams", "Subject")
    for code, name, kind, module, description in FIXED:
        Subject.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "it_module": module, "description": description}
        )
    modules = json.loads(SOURCE.read_text(encoding="utf-8"))["it_skill_standard"]["modules"]
    for module in modules:
        Subject.objects.get_or_create(
            code=f"TH-{module['code']}",
            defaults={
                "name": f"Tin học {module['code']}: {module['name_vi']}",
                "kind": "it",
                "it_module": module["code"],
                "description": "Mô đun kỹ năng sử dụng CNTT theo Thông tư 03/2014/TT-BTTTT.",
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("exams", "Subject").objects.filter(banks__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("exams", "0006_profile_rules")]
    operations = [migrations.RunPython(seed, unseed)]
