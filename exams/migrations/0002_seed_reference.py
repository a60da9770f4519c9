"""Seed priority categories and exam regulation profiles from the project's regulations.json.

Reads the project's own copy of the reference data (common/reference/regulations.json). Rows are keyed
(profiles by code, categories by key + valid_from), so running the seed twice changes nothing.
"""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from django.db import migrations

SOURCE = Path(__file__).resolve().parents[2] / "common" / "reference" / "regulations.json"
ND138_FROM = dt.date(2020, 11, 27)
ND85_FROM = dt.date(2023, 12, 7)
ND24_FROM, ND24_TO = dt.date(2010, 1, 1), ND138_FROM
PRIORITY_BASIS = "NĐ 138/2020/NĐ-CP; NĐ 115/2020/NĐ-CP; NĐ 170/2025/NĐ-CP (Điều 6)"
TRADE_UNION_BASIS = "NĐ 85/2023/NĐ-CP (amending NĐ 115/2020); NĐ 170/2025/NĐ-CP (Điều 6)"

# code in regulations.json -> (name, staff type, legal basis, valid_from, valid_to)
RECRUITMENT = {
    "congchuc_ND138_2020": (
        "Thi tuyển công chức theo NĐ 138/2020/NĐ-CP", "cong_chuc",
        "NĐ 138/2020/NĐ-CP (27/11/2020)", ND138_FROM, dt.date(2025, 7, 1),
    ),
    "congchuc_ND170_2025": (
        "Thi tuyển công chức theo NĐ 170/2025/NĐ-CP", "cong_chuc",
        "NĐ 170/2025/NĐ-CP (30/06/2025, in force 01/07/2025)", dt.date(2025, 7, 1), None,
    ),
    "vienchuc_ND115_2020_as_amended_ND85_2023": (
        "Thi tuyển viên chức theo NĐ 115/2020/NĐ-CP sửa đổi bởi NĐ 85/2023/NĐ-CP", "vien_chuc",
        "NĐ 115/2020/NĐ-CP as amended by NĐ 85/2023/NĐ-CP (in force 07/12/2023)", ND85_FROM, dt.date(2026, 7, 1),
    ),
    "vienchuc_ND259_2026": (
        "Tuyển dụng viên chức theo NĐ 259/2026/NĐ-CP", "vien_chuc",
        "NĐ 259/2026/NĐ-CP (30/06/2026, in force 01/07/2026)", dt.date(2026, 7, 1), None,
    ),
}
IT_CERTIFICATE_CODE = "it_certificate_TTLT17_2016"
IT_CERTIFICATE_FROM = dt.date(2016, 8, 10)


def _priority_rows(data: dict) -> list[dict]:
    block = data["priority_points"]
    rows = []
    for category in block["categories"]:
        trade_union = category["key"] == "trade_union_cadre"
        rows.append({
            "key": category["key"], "points": Decimal(str(category["points"])), "description": category["who_vi"],
            "regimes": category["regimes"], "valid_from": ND85_FROM if trade_union else ND138_FROM, "valid_to": None,
            "legal_basis": TRADE_UNION_BASIS if trade_union else PRIORITY_BASIS,
            "verification": block["verification"][:255],
        })
    older = block["older_regime_ND24_2010"]
    # The older regime had the same three categories (no trade-union one), on a summed multi-subject score.
    for category, points in zip(block["categories"][:3], older["points"]):
        rows.append({
            "key": category["key"], "points": Decimal(str(points)), "description": category["who_vi"],
            "regimes": ["ND24/2010"], "valid_from": ND24_FROM, "valid_to": ND24_TO,
            "legal_basis": "NĐ 24/2010/NĐ-CP", "verification": f"{older['verification']} – {older['note']}"[:255],
        })
    return rows


def _profile_rows(data: dict) -> list[dict]:
    rows = []
    for code, (name, staff_type, basis, valid_from, valid_to) in RECRUITMENT.items():
        config = data["recruitment_exam_configs"][code]
        rows.append({
            "code": code, "name": name, "kind": "recruitment", "staff_type": staff_type, "legal_basis": basis,
            "verification": config.get("verification", "UNVERIFIED")[:255], "config": config,
            "valid_from": valid_from, "valid_to": valid_to,
        })
    it = data["it_certificates_ttlt_17_2016"]
    rows.append({
        "code": IT_CERTIFICATE_CODE, "name": "Thi cấp chứng chỉ ứng dụng CNTT (TTLT 17/2016)",
        "kind": "it_certificate", "staff_type": "any", "legal_basis": it["legal_basis"],
        "verification": (
            f"types VERIFIED; pass rule {it['pass_rule']['verification']}; "
            f"question counts {it['question_counts_and_minutes']['verification']}"
        )[:255],
        "config": it, "valid_from": IT_CERTIFICATE_FROM, "valid_to": None,
    })
    return rows


def seed(apps, schema_editor):
    PriorityCategory = apps.get_model("exams", "PriorityCategory")
    RegulationProfile = apps.get_model("exams", "RegulationProfile")
    data = json.loads(SOURCE.read_text(encoding="utf-8"))
    for row in _priority_rows(data):
        key, valid_from = row.pop("key"), row.pop("valid_from")
        PriorityCategory.objects.get_or_create(key=key, valid_from=valid_from, defaults=row)
    for row in _profile_rows(data):
        RegulationProfile.objects.get_or_create(code=row.pop("code"), defaults=row)


def unseed(apps, schema_editor):
    PriorityCategory = apps.get_model("exams", "PriorityCategory")
    RegulationProfile = apps.get_model("exams", "RegulationProfile")
    data = json.loads(SOURCE.read_text(encoding="utf-8"))
    for row in _priority_rows(data):
        PriorityCategory.objects.filter(key=row["key"], valid_from=row["valid_from"]).delete()
    RegulationProfile.objects.filter(code__in=[*RECRUITMENT, IT_CERTIFICATE_CODE]).delete()


class Migration(migrations.Migration):
    dependencies = [("exams", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
