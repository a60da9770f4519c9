import copy
import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from exams import selectors
from exams.models import PriorityCategory, RegulationProfile
from exams.rules import parse_rules
from exams.rules.eligibility import parse_eligibility

pytestmark = pytest.mark.django_db
seed_module = importlib.import_module("exams.migrations.0002_seed_reference")


def test_seed_creates_every_profile_and_category():
    assert RegulationProfile.objects.exclude(kind="promotion").count() == 5
    assert PriorityCategory.objects.count() == 7


def test_cong_chuc_profile_in_force_on_2026_11_24_is_nd170():
    profile = selectors.profile_get_in_force(kind="recruitment", staff_type="cong_chuc", on=dt.date(2026, 11, 24))
    assert profile.code == "congchuc_ND170_2025"


def test_cong_chuc_profile_in_force_on_2024_01_01_is_nd138():
    profile = selectors.profile_get_in_force(kind="recruitment", staff_type="cong_chuc", on=dt.date(2024, 1, 1))
    assert profile.code == "congchuc_ND138_2020"


def test_vien_chuc_profiles_change_on_1_july_2026():
    before = selectors.profile_get_in_force(kind="recruitment", staff_type="vien_chuc", on=dt.date(2026, 6, 30))
    after = selectors.profile_get_in_force(kind="recruitment", staff_type="vien_chuc", on=dt.date(2026, 7, 1))
    assert before.code == "vienchuc_ND115_2020_as_amended_ND85_2023"
    assert after.code == "vienchuc_ND259_2026"
    assert "UNVERIFIED" in after.verification


def test_profile_config_is_copied_from_regulations_json():
    profile = RegulationProfile.objects.get(code="congchuc_ND170_2025")
    assert profile.config["chuyen_vien_can_su_posts"]["round1"]["questions"] == 60
    assert profile.legal_basis and profile.verification == "VERIFIED"
    it = RegulationProfile.objects.get(kind="it_certificate")
    assert it.valid_from == dt.date(2016, 8, 10) and it.config["pass_rule"]["each_paper_min_fraction"] == 0.5


def test_in_force_by_kind_lists_one_profile_per_kind_and_staff_type():
    current = selectors.profile_in_force_by_kind(on=dt.date(2026, 11, 24))
    assert {key: p.code for key, p in current.items()} == {
        ("recruitment", "cong_chuc"): "congchuc_ND170_2025",
        ("recruitment", "vien_chuc"): "vienchuc_ND259_2026",
        ("it_certificate", "any"): "it_certificate_TTLT17_2016",
        ("promotion", "cong_chuc"): "congchuc_ND170_2025_vi_tri_cao_hon",
        ("promotion", "vien_chuc"): "vienchuc_thang_hang_ND85_2023",
    }


def _points(on):
    return sorted(selectors.priority_category_list(on=on).values_list("points", flat=True))


def test_priority_points_under_nd24_regime_are_30_20_10_and_unverified():
    assert _points(dt.date(2015, 6, 1)) == [Decimal(10), Decimal(20), Decimal(30)]
    assert all("UNVERIFIED" in c.verification for c in selectors.priority_category_list(on=dt.date(2015, 6, 1)))


def test_priority_points_under_nd138_before_nd85_have_no_trade_union_category():
    assert _points(dt.date(2021, 1, 1)) == [Decimal("2.5"), Decimal(5), Decimal("7.5")]


def test_trade_union_category_applies_from_7_december_2023():
    assert Decimal("1.5") not in _points(dt.date(2023, 12, 6))
    assert _points(dt.date(2023, 12, 7)) == [Decimal("1.5"), Decimal("2.5"), Decimal(5), Decimal("7.5")]
    assert _points(dt.date(2026, 11, 24)) == [Decimal("1.5"), Decimal("2.5"), Decimal(5), Decimal("7.5")]


def test_seed_twice_changes_nothing():
    seed_module.seed(apps, None)
    assert RegulationProfile.objects.exclude(kind="promotion").count() == 5
    assert PriorityCategory.objects.count() == 7


def test_unseed_removes_the_seeded_rows_and_seed_restores_them():
    seed_module.unseed(apps, None)
    assert not RegulationProfile.objects.exclude(kind="promotion").exists() and not PriorityCategory.objects.exists()
    seed_module.seed(apps, None)
    assert RegulationProfile.objects.exclude(kind="promotion").count() == 5


rules_seed = importlib.import_module("exams.migrations.0006_profile_rules")


def test_every_seeded_profile_has_rules_that_parse():
    for profile in RegulationProfile.objects.all():
        rules = parse_rules(profile.config["rules"])
        if profile.kind == RegulationProfile.Kind.PROMOTION:  # a dossier review or council has no round 1
            assert parse_eligibility(profile.config["rules"]), profile.code
        else:
            assert rules.round1, profile.code


def test_rules_seed_adds_missing_rules_and_keeps_edited_ones():
    edited = RegulationProfile.objects.get(code="congchuc_ND170_2025")
    edited.config["rules"]["review"]["window"] = 6
    edited.save()
    codes = list(rules_seed._rules_by_code())  # the profiles 0006 seeds (promotion profiles have their own seed)
    rules_seed.unseed(apps, None)
    assert not any("rules" in p.config for p in RegulationProfile.objects.filter(code__in=codes))
    rules_seed.seed(apps, None)
    rules_seed.seed(apps, None)
    seeded = RegulationProfile.objects.filter(code__in=codes)
    assert all("rules" in p.config for p in seeded) and len(seeded) == 5
    edited.config["rules"]["review"]["window"] = 6
    edited.save()
    rules_seed.seed(apps, None)
    edited.refresh_from_db()
    assert edited.config["rules"]["review"]["window"] == 6
    assert edited.config["chuyen_vien_can_su_posts"]["round1"]["questions"] == 60  # the description is untouched
    assert RegulationProfile.objects.exclude(kind="promotion").count() == 5


def test_promotion_profiles_rules_with_eligibility_are_valid_and_a_bad_eligibility_is_named():
    from exams.rules.profile import RuleError, validate_rules

    profile = RegulationProfile.objects.filter(kind="promotion").first()
    validate_rules(profile.config["rules"])
    broken = copy.deepcopy(profile.config["rules"])
    broken["eligibility"] = "none"
    with pytest.raises(RuleError) as caught:
        validate_rules(broken)
    assert caught.value.key.startswith("eligibility")


def test_the_legal_basis_the_exam_pages_show_is_vietnamese():
    from exams.models import ExemptionGround, PriorityCategory, RegulationProfile

    for model in (RegulationProfile, PriorityCategory, ExemptionGround):
        for row in model.objects.all():
            assert not any(w in row.legal_basis for w in ("in force", "as amended", "amending")), row.legal_basis
    assert RegulationProfile.objects.filter(legal_basis__contains="sửa đổi bởi NĐ 85/2023/NĐ-CP (hiệu lực từ").exists()


def test_the_migration_rewrites_a_legal_basis_stored_in_english():
    import importlib

    from django.apps import apps as global_apps

    from exams.models import ExemptionGround

    migration = importlib.import_module("exams.migrations.0040_legal_basis_vietnamese")
    ground = ExemptionGround.objects.first()
    ExemptionGround.objects.filter(pk=ground.pk).update(legal_basis="NĐ 85/2023/NĐ-CP (amending NĐ 115/2020)")
    migration.seed(global_apps, None)
    assert ExemptionGround.objects.get(pk=ground.pk).legal_basis == "NĐ 85/2023/NĐ-CP (sửa đổi NĐ 115/2020)"
