"""Say in the regulation profiles whose round 1 times each part on its own clock, one part after the other.

NĐ 138/2020 (công chức) round 1: Kiến thức chung 60 questions / 60 minutes, Ngoại ngữ 30 / 30, (Tin học 30 / 30 on
paper only); NĐ 115/2020 as amended by NĐ 85/2023 (viên chức) round 1: Part I 60 / 60, Part II 30 / 30
(the regulations' notes §3.1 and §3.4). Their `rules.round1` gets `"timed_in_turn": true` (the project's
common/reference/regulations.json carries it too, for fresh seeds). NĐ 170/2025 round 1 is one part
(60 / 60): one clock. A profile whose round 1 already says it keeps what it says (an administrator may have set it).
"""

from django.db import migrations

TIMED_IN_TURN = ("congchuc_ND138_2020", "vienchuc_ND115_2020_as_amended_ND85_2023")


def seed(apps, schema_editor):
    RegulationProfile = apps.get_model("exams", "RegulationProfile")
    for profile in RegulationProfile.objects.filter(code__in=TIMED_IN_TURN):
        round1 = (profile.config.get("rules") or {}).get("round1")
        if isinstance(round1, dict) and "timed_in_turn" not in round1:
            round1["timed_in_turn"] = True
            profile.save(update_fields=["config"])


def unseed(apps, schema_editor):
    RegulationProfile = apps.get_model("exams", "RegulationProfile")
    for profile in RegulationProfile.objects.filter(code__in=TIMED_IN_TURN):
        round1 = (profile.config.get("rules") or {}).get("round1")
        if isinstance(round1, dict) and round1.pop("timed_in_turn", None) is not None:
            profile.save(update_fields=["config"])


class Migration(migrations.Migration):
    dependencies = [("exams", "0060_attempt_part_timing")]
    operations = [migrations.RunPython(seed, unseed)]
