"""The legal basis of the exam regulations in Vietnamese, as the reference files now write it: the exam pages show it
(the profiles, the priority categories, the grounds for exemption on an exam's overview). "in force D" becomes
"hiệu lực từ D", "as amended by" "sửa đổi bởi", "(amending …)" "(sửa đổi …)"."""

import re

from django.db import migrations

MODELS = ("RegulationProfile", "PriorityCategory", "ExemptionGround")


def vietnamese(text: str) -> str:
    text = re.sub(r"\bin force (?=\d)", "hiệu lực từ ", text)
    return text.replace(" as amended by ", " sửa đổi bởi ").replace("(amending ", "(sửa đổi ")


def seed(apps, schema_editor):
    for name in MODELS:
        for row in apps.get_model("exams", name).objects.exclude(legal_basis=""):
            text = vietnamese(row.legal_basis)
            if text != row.legal_basis:
                row.legal_basis = text
                row.save(update_fields=["legal_basis"])


class Migration(migrations.Migration):
    dependencies = [("exams", "0038_seb_keys")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
