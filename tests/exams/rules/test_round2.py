from decimal import Decimal

import pytest

from exams.rules import RuleError, round2_score
from tests.exams.rules.conftest import IT, ND115, ND138, ND170, rules_of


@pytest.mark.parametrize(
    ("parts", "score", "passed"),
    [
        ({"written": 80, "interview": 55}, Decimal("72.50"), True),  # 56 + 16.5
        ({"written": 60, "interview": 40}, Decimal("54.00"), False),  # interview below half of its scale
        ({"written": 45, "interview": 90}, Decimal("58.50"), False),  # written below half
        ({"written": "66,67", "interview": 73.33}, Decimal("68.67"), True),  # 46.669 + 21.999 = 68.668
        ({"written": 50, "interview": 50}, Decimal("50.00"), True),
    ],
)
def test_nd170_written_and_interview_weighted_70_30(parts, score, passed):
    result = round2_score(rules_of(ND170).round2, parts=parts)
    assert (result.score, result.passed, result.form) == (score, passed, "written_interview")


def test_rounding_is_half_up_to_the_profiles_decimals():
    assert round2_score(rules_of(ND170).round2, score="49.995").score == Decimal("50.00")
    assert round2_score(rules_of(ND170).round2, score="49.994").passed is False


def test_single_written_form():
    result = round2_score(rules_of(ND170).round2, parts={"written": 49})
    assert result.form == "written" and not result.passed


def test_nd138_combined_form_has_no_each_part_minimum():
    result = round2_score(rules_of(ND138).round2, parts={"written": 70, "interview": 30})
    assert result.score == Decimal("58.00") and result.passed


def test_the_why_names_each_shortfall():
    result = round2_score(rules_of(ND170).round2, parts={"written": 40, "interview": 45})
    assert result.why == "Fail: round-2 score 41.5 below 50; Viết 40 below 50; Phỏng vấn 45 below 50."


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"score": 101}, "round2"),
        ({"score": -1}, "round2"),
        ({"parts": {"written": 80, "essay": 3}}, "essay"),
        ({"parts": {"written": 120}}, "written"),
        ({"parts": {"interview": 80}}, None),  # an interview alone is no NĐ 170 form
        ({"score": 80, "parts": {"written": 80}}, None),
        ({}, None),
    ],
)
def test_bad_marks_are_errors(kwargs, key):
    with pytest.raises(RuleError) as caught:
        round2_score(rules_of(ND170).round2, **kwargs)
    assert caught.value.key == key


def test_a_profile_without_round2():
    with pytest.raises(RuleError):
        round2_score(rules_of(IT).round2, score=80)


def test_vien_chuc_oral_form():
    assert round2_score(rules_of(ND115).round2, parts={"oral": 50}).passed
