import datetime as dt

import pytest

from exams.rules import RuleError, bank_check
from tests.exams.rules.conftest import ND138, ND170, rules_of

TODAY = dt.date(2026, 11, 24)


@pytest.mark.parametrize(("items", "allowed"), [(179, False), (180, True), (500, True), (0, False)])
def test_bank_holds_three_times_the_paper(items, allowed):
    outcome = bank_check(rules_of(ND170).bank, paper_questions=60, approved_items=items, on=TODAY)
    assert outcome.allowed is allowed and outcome.minimum == 180


def test_the_why_says_the_numbers():
    outcome = bank_check(rules_of(ND170).bank, paper_questions=60, approved_items=179, on=TODAY)
    assert outcome.why == (
        "Not allowed: 179 approved items, fewer than 3 × 60 questions = 180 (TT 22/2025/TT-BNV); 1 more needed."
    )


def test_no_minimum_before_tt22_was_in_force():
    outcome = bank_check(rules_of(ND170).bank, paper_questions=60, approved_items=10, on=dt.date(2025, 12, 9))
    assert outcome.allowed and outcome.minimum == 0


def test_a_profile_without_a_bank_rule_sets_no_minimum():
    assert bank_check(rules_of(ND138).bank, paper_questions=60, approved_items=1, on=TODAY).allowed


@pytest.mark.parametrize(
    ("questions", "items", "key"),
    [
        (0, 10, "paper_questions"),
        (None, 10, "paper_questions"),
        (60, -1, "approved_items"),
        (60, "many", "approved_items"),
    ],
)
def test_bad_numbers_are_errors(questions, items, key):
    with pytest.raises(RuleError) as caught:
        bank_check(rules_of(ND170).bank, paper_questions=questions, approved_items=items, on=TODAY)
    assert caught.value.key == key
