import copy
import datetime as dt
from decimal import Decimal

import pytest

from exams.rules import RuleError, parse_rules, validate_rules
from tests.exams.rules.conftest import IT, ND115, ND138, ND170, ND259, RAW_RULES, rules_of


@pytest.mark.parametrize("code", sorted(RAW_RULES))
def test_every_seeded_profile_rules_parse(code):
    rules = rules_of(code)
    assert rules.round1 and all(part.pass_fraction == Decimal("0.5") for part in rules.round1.values())


def test_nd170_rules_hold_the_decree_values():
    rules = rules_of(ND170)
    assert rules.round1["general"].questions == 60 and rules.round1["general"].minutes == 60
    assert rules.round2.forms["written_interview"] == {"written": Decimal("0.7"), "interview": Decimal("0.3")}
    assert rules.round2.pass_min == 50 and rules.round2.decimals == 2
    assert rules.round2.part_pass_fraction == Decimal("0.5")
    assert rules.tie_break == ("round2", "written", "head_decides")
    assert rules.bank.min_multiple == 3 and rules.bank.valid_from == dt.date(2025, 12, 10)
    assert rules.bank.verification == "VERIFIED"
    assert rules.results_shown_immediately == {"computer": True, "paper": False}


def test_review_only_for_paper_written_tests():
    for code in (ND170, ND115, ND138):
        rules = rules_of(code)
        assert rules.review_allowed("written_paper")
        assert not rules.review_allowed("computer_mcq") and not rules.review_allowed("interview")
    assert rules_of(ND170).review.window == 5 and rules_of(ND170).review.window_unit == "working_days"
    assert not rules_of(IT).review_allowed("written_paper")


def test_vien_chuc_tie_break_is_round1_general_then_the_head():
    assert rules_of(ND115).tie_break == ("round1_general", "head_decides")


def test_unverified_data_says_so():
    assert "UNVERIFIED" in rules_of(ND259).verification
    assert "UNVERIFIED" in rules_of(ND115).bank.verification
    assert rules_of(ND138).bank is None  # TT 22/2025 came after NĐ 138/2020 ended


def _broken(path: list, value, code=ND170):
    data = copy.deepcopy(RAW_RULES[code])
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "key"),
    [
        (["round2", "forms", "written_interview", "written"], 0.6, "round2.forms.written_interview"),
        (["round2", "forms", "written_interview", "essay"], 0.1, "round2.forms.written_interview"),
        (["round1", "parts", "general", "pass_fraction"], 1.5, "round1.parts.general.pass_fraction"),
        (["round1", "parts", "general", "pass_fraction"], "half", "round1.parts.general.pass_fraction"),
        (["round1", "parts", "general", "questions"], -1, "round1.parts.general.questions"),
        (["round1", "parts", "general", "required"], "yes", "round1.parts.general.required"),
        (["round1", "mode"], "online", "round1.mode"),
        (["round2", "pass_min"], 150, "round2.pass_min"),
        (["round2", "rounding_decimals"], 9, "round2.rounding_decimals"),
        (["tie_break"], ["head_decides", "round2"], "tie_break[0]"),
        (["tie_break"], ["round2", "shoe_size"], "tie_break[1]"),
        (["review", "allowed_for"], ["everything"], "review.allowed_for"),
        (["bank", "min_multiple"], 0, "bank.min_multiple"),
        (["bank", "valid_from"], "10/12/2025", "bank.valid_from"),
        (["bank"], KeyError, "bank"),
        (["surprise"], 1, "surprise"),
        (["review", "window_days"], 5, "review.window_days"),
    ],
)
def test_malformed_rules_are_refused_with_the_key_named(path, value, key):
    with pytest.raises(RuleError) as caught:
        validate_rules(_broken(path, value))
    assert caught.value.key == key


def test_rules_must_be_an_object():
    with pytest.raises(RuleError) as caught:
        parse_rules(None)
    assert caught.value.key is None


def test_a_part_counts_questions_or_points_not_both():
    with pytest.raises(RuleError) as caught:
        validate_rules(_broken(["round1", "parts", "general", "scale"], 10))
    assert caught.value.key == "round1.parts.general"
