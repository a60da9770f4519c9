import pytest

from exams.rules import RuleError, round1_result
from tests.exams.rules.conftest import IT, ND115, ND138, ND170, rules_of


@pytest.mark.parametrize(
    ("correct", "passed"),
    [(30, True), (29, False), (60, True), (0, False)],
)
def test_nd170_round1_passes_at_half_of_60(correct, passed):
    outcome = round1_result(rules_of(ND170), parts={"general": {"questions": 60, "correct": correct}})
    assert outcome.passed is passed


def test_the_why_gives_the_numbers():
    outcome = round1_result(rules_of(ND170), parts={"general": {"questions": 60, "correct": 29}})
    assert outcome.why == "Fail: Kiến thức chung: 29/60 correct (48.33 %), at least 50 % needed."


def test_questions_default_to_the_profiles():
    assert round1_result(rules_of(ND170), parts={"general": {"correct": 30}}).passed


def test_each_part_must_reach_its_mark():
    parts = {"general": {"questions": 60, "correct": 45}, "language": {"questions": 30, "correct": 14}}
    outcome = round1_result(rules_of(ND115), parts=parts)
    assert not outcome.passed and outcome.parts == {"general": True, "language": False}


def test_exempt_parts_are_skipped():
    outcome = round1_result(
        rules_of(ND115), parts={"general": {"questions": 60, "correct": 45}, "language": {"exempt": True}}
    )
    assert outcome.passed and outcome.parts == {"general": True, "language": None}
    assert "Ngoại ngữ: exempt" in outcome.why


def test_general_knowledge_waived_for_vien_chuc_who_passed_the_input_test():
    outcome = round1_result(rules_of(ND115), parts={"general": {"exempt": True}, "language": {"correct": 15}})
    assert outcome.passed


def test_a_part_only_some_posts_take_may_be_left_out():
    assert round1_result(rules_of(ND115), parts={"general": {"correct": 30}}).passed


def test_a_required_part_left_out_is_an_error():
    with pytest.raises(RuleError) as caught:
        round1_result(rules_of(ND138), parts={"general": {"correct": 30}})
    assert caught.value.key == "language"


def test_nd138_it_part_omitted_on_computer():
    parts = {"general": {"correct": 30}, "language": {"correct": 15}}
    assert round1_result(rules_of(ND138), parts=parts).passed
    parts["it"] = {"correct": 14}
    assert not round1_result(rules_of(ND138), parts=parts).passed


@pytest.mark.parametrize(
    ("parts", "key"),
    [
        ({"general": {"correct": 30}, "physics": {"correct": 3}}, "physics"),
        ({"general": {"exempt": True}}, "general.exempt"),  # NĐ 170: round 1 cannot be waived
        ({"general": {"questions": 60, "correct": 61}}, "general.correct"),
        ({"general": {"questions": 60, "correct": -1}}, "general.correct"),
        ({"general": {"questions": 60}}, "general.correct"),
        ({"general": {"questions": 0, "correct": 0}}, "general.questions"),
        ({"general": {"questions": 60, "correct": 30.5}}, "general.correct"),
        ({"general": {"questions": 60, "correct": True}}, "general.correct"),
        ({"general": {"correct": 30, "bonus": 2}}, "general"),
        ({"general": [30]}, "general"),
    ],
)
def test_bad_parts_are_errors(parts, key):
    with pytest.raises(RuleError) as caught:
        round1_result(rules_of(ND170), parts=parts)
    assert caught.value.key == key


def test_exempt_part_takes_no_marks():
    with pytest.raises(RuleError):
        round1_result(rules_of(ND115), parts={"general": {"exempt": True, "correct": 3}})


def test_it_certificate_needs_half_of_each_paper():
    parts = {"mcq": {"questions": 40, "correct": 20}, "practical": {"score": 5}}
    assert round1_result(rules_of(IT), parts=parts).passed
    parts["practical"] = {"score": "4,5"}
    outcome = round1_result(rules_of(IT), parts=parts)
    assert not outcome.passed and "4.5/10 points" in outcome.why


def test_it_certificate_mcq_needs_the_number_of_questions():
    with pytest.raises(RuleError) as caught:
        round1_result(rules_of(IT), parts={"mcq": {"correct": 20}, "practical": {"score": 5}})
    assert caught.value.key == "mcq.questions"
