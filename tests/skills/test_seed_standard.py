import datetime as dt
import importlib

import pytest
from django.apps import apps

from skills import selectors
from skills.models import ITModule, ITSkillItem, ITStandard

pytestmark = pytest.mark.django_db
seed_module = importlib.import_module("skills.migrations.0002_seed_standard")
TT44_CODES = {
    "IU01.5.2.2",
    "IU02.2.1.2",
    "IU02.5",
    "IU03.2.2.3",
    "IU03.2.4",
    "IU03.6.2",
    "IU05.6.2.1",
    "IU14.1.2.3",
    "IU14.1.2.5",
}


def test_standard_tt03_2014_is_in_force_from_28_april_2014():
    standard = selectors.standard_get_in_force(on=dt.date(2014, 4, 28))
    assert standard.code == "TT03/2014"
    assert standard.min_advanced_modules == 3
    assert selectors.standard_get_in_force(on=dt.date(2014, 4, 27)) is None


def test_fifteen_modules_split_six_basic_nine_advanced():
    standard = ITStandard.objects.get(code="TT03/2014")
    modules = list(selectors.module_list(standard=standard))
    rule = selectors.standard_rule(standard=standard, modules=modules)
    assert len(modules) == 15
    assert [m.code for m in rule["basic"]] == ["IU01", "IU02", "IU03", "IU04", "IU05", "IU06"]
    assert len(rule["advanced"]) == 9


def test_groups_and_subgroups_have_parents_and_verification():
    sub = ITSkillItem.objects.get(code="IU01.1.3")
    assert sub.parent.code == "IU01.1" and sub.parent.parent is None
    assert sub.verification == "UNVERIFIED"
    assert ITSkillItem.objects.get(code="IU01.2.1").verification == "CORROBORATED"  # inherited from its group


def test_tt44_exclusions_are_flagged_under_their_nearest_ancestor():
    flagged = set(ITSkillItem.objects.filter(excluded_for_foreign_certificates=True).values_list("code", flat=True))
    assert flagged == TT44_CODES
    assert ITSkillItem.objects.get(code="IU01.5.2.2").parent.code == "IU01.5.2"
    assert ITSkillItem.objects.get(code="IU03.2.2.3").parent.code == "IU03.2"
    assert ITSkillItem.objects.get(code="IU14.1.2.3").parent is None
    assert ITSkillItem.objects.get(code="IU14.1.2.3").module.code == "IU14"


def test_item_tree_nests_items_in_code_order():
    module = ITModule.objects.get(code="IU01")
    tree = selectors.item_tree(module=module)
    assert [n.item.code for n in tree] == ["IU01.1", "IU01.2", "IU01.3", "IU01.4", "IU01.5"]
    data_protection = tree[4].children[1]
    assert data_protection.item.code == "IU01.5.2"
    assert [n.item.code for n in data_protection.children] == ["IU01.5.2.2"]
    assert tree[0].children[2].unverified


def test_seed_twice_changes_nothing():
    count = ITSkillItem.objects.count()
    seed_module.seed(apps, None)
    assert ITModule.objects.count() == 15
    assert ITSkillItem.objects.count() == count


def test_unseed_removes_the_standard():
    seed_module.unseed(apps, None)
    assert not ITStandard.objects.exists() and not ITSkillItem.objects.exists()
