from decimal import Decimal

import pytest

from exams.rules import RuleError, priority_points

IN_FORCE = {
    "hero_invalid": Decimal("7.5"),
    "minority_officer_family": Decimal("5.0"),
    "military_service": Decimal("2.5"),
    "trade_union_cadre": Decimal("1.5"),
}
ND24 = {"hero_invalid": Decimal(30), "minority_officer_family": Decimal(20), "military_service": Decimal(10)}


@pytest.mark.parametrize(
    ("claims", "points"),
    [
        ([], Decimal(0)),
        (["5"], Decimal(5)),
        (["5", "2.5"], Decimal(5)),  # only the highest counts
        (["military_service", "hero_invalid"], Decimal("7.5")),
        (["trade_union_cadre", "2,5"], Decimal("2.5")),
        ([1.5], Decimal("1.5")),
        (["5.0"], Decimal(5)),
    ],
)
def test_only_the_highest_category_counts(claims, points):
    assert priority_points(claims, IN_FORCE) == points


def test_keys_resolve_through_the_rows_in_force():
    assert priority_points(["hero_invalid"], ND24) == 30


@pytest.mark.parametrize(
    ("claims", "key"), [(["6"], "priority[0]"), (["5", "veteran"], "priority[1]"), ("5", "priority")]
)
def test_unknown_claims_are_errors(claims, key):
    with pytest.raises(RuleError) as caught:
        priority_points(claims, IN_FORCE)
    assert caught.value.key == key


def test_a_value_of_another_regime_is_refused():
    with pytest.raises(RuleError):
        priority_points(["7.5"], ND24)
