"""Pure tests of exams.rules: no database (pytest-django refuses any query), the seeded rules read from the file."""

import json
from pathlib import Path

import pytest
from django.utils import translation

from exams.rules import parse_rules

SOURCE = Path(__file__).resolve().parents[3] / "common" / "reference" / "regulations.json"
DATA = json.loads(SOURCE.read_text(encoding="utf-8"))
RAW_RULES = {code: config["rules"] for code, config in DATA["recruitment_exam_configs"].items()}
RAW_RULES["it_certificate_TTLT17_2016"] = DATA["it_certificates_ttlt_17_2016"]["rules"]
ND170, ND138 = "congchuc_ND170_2025", "congchuc_ND138_2020"
ND115, ND259 = "vienchuc_ND115_2020_as_amended_ND85_2023", "vienchuc_ND259_2026"
IT = "it_certificate_TTLT17_2016"


def rules_of(code: str):
    return parse_rules(RAW_RULES[code])


@pytest.fixture(autouse=True)
def _english():
    """Reasons read in English here (the Vietnamese ones are checked through the command)."""
    with translation.override("en"):
        yield
