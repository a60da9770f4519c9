import datetime as dt

import pytest

from exams.rules import RuleError
from exams.rules.cases import Sources, evaluate
from tests.exams.rules.conftest import ND115, ND138, ND170, RAW_RULES, rules_of
from tests.exams.rules.test_priority import IN_FORCE

TODAY = dt.date(2026, 11, 24)


def _rules_for(code):
    if code not in RAW_RULES:
        raise RuleError("no such regulation", key="regulation")
    return rules_of(code)


SOURCES = Sources(
    rules_for=_rules_for,
    default_bank_rules=lambda on: rules_of(ND170),
    categories_on=lambda on: IN_FORCE,
    today=TODAY,
)


def test_issue_round1_example_passes_at_50_percent():
    answer = evaluate({"check": "round1", "regulation": ND170, "questions": 60, "correct": 30}, SOURCES)
    assert answer["pass"] is True and "30/60" in answer["why"]


def test_issue_round1_example_with_parts():
    case = {
        "check": "round1",
        "regulation": ND115,
        "parts": {"general": {"questions": 60, "correct": 45}, "language": {"exempt": True}},
    }
    assert evaluate(case, SOURCES)["pass"] is True


def test_issue_bank_example_is_not_allowed():
    answer = evaluate({"check": "bank", "paper_questions": 60, "approved_items": 179}, SOURCES)
    assert answer == {
        "allowed": False,
        "why": "Not allowed: 179 approved items, fewer than 3 × 60 questions = 180 (TT 22/2025/TT-BNV); 1 more needed.",
    }


def test_bank_case_with_a_regulation_and_a_date():
    case = {"check": "bank", "regulation": ND170, "paper_questions": 60, "approved_items": 179, "on": "09/12/2025"}
    assert evaluate(case, SOURCES)["allowed"] is True
    assert evaluate({**case, "regulation": ND138, "on": "2026-01-01"}, SOURCES)["allowed"] is True


def test_issue_ranking_example_with_a_tie_at_the_last_place():
    case = {
        "check": "ranking",
        "regulation": ND170,
        "quota": 2,
        "candidates": [
            {"id": "A", "round2": 88},
            {"id": "B", "round2": 80, "priority": ["5"]},
            {"id": "C", "round2": 80, "priority": ["minority_officer_family"]},
            {"id": "D", "written": 40, "interview": 90},
        ],
    }
    assert evaluate(case, SOURCES) == {
        "selected": ["A"],
        "undecided": ["B", "C"],
        "failed": ["D"],
        "absent": [],
        "scores": {"A": 88, "B": 80, "C": 80, "D": 55},
        "totals": {"A": 88, "B": 85, "C": 85, "D": 55},
    }


def test_an_absent_candidate_is_listed_absent_never_failed_nor_scored_and_takes_no_place():
    case = {
        "check": "ranking",
        "regulation": ND170,
        "quota": 1,
        "candidates": [{"id": "A", "round2": 60}, {"id": "B", "absent": True}, {"id": "C", "round2": 40}],
    }
    answer = evaluate(case, SOURCES)
    assert answer["selected"] == ["A"] and answer["failed"] == ["C"] and answer["absent"] == ["B"]
    assert "B" not in answer["scores"] and "B" not in answer["totals"]


def test_absent_must_be_true_or_false():
    case = {"check": "ranking", "regulation": ND170, "quota": 1, "candidates": [{"id": "B", "absent": "yes"}]}
    with pytest.raises(RuleError) as error:
        evaluate(case, SOURCES)
    assert error.value.key == "candidates[0].absent"


def test_ranking_scores_keep_their_decimals():
    case = {
        "check": "ranking",
        "regulation": ND170,
        "quota": 1,
        "candidates": [{"id": "A", "written": 67, "interview": 71}],
    }
    assert evaluate(case, SOURCES)["scores"] == {"A": 68.2}


def test_ranking_by_round1_general_for_vien_chuc():
    candidates = [{"id": "A", "round2": 70, "round1_general": 40}, {"id": 7, "round2": 70, "round1_general": 50}]
    answer = evaluate({"check": "ranking", "regulation": ND115, "quota": 1, "candidates": candidates}, SOURCES)
    assert answer["selected"] == ["7"]


@pytest.mark.parametrize(
    ("case", "key"),
    [
        ({"check": "nope"}, "check"),
        ({"regulation": ND170}, "check"),
        ({"check": "round1", "regulation": "unknown", "questions": 60, "correct": 30}, "regulation"),
        ({"check": "round1", "questions": 60, "correct": 30}, "regulation"),
        ({"check": "round1", "regulation": ND170, "questions": 60}, "correct"),
        ({"check": "round1", "regulation": ND170, "questions": -60, "correct": 3}, "questions"),
        ({"check": "round1", "regulation": ND170, "questions": 60, "correct": 61}, "correct"),
        ({"check": "round1", "regulation": ND170, "parts": {"art": {"correct": 3}}}, "art"),
        ({"check": "round1", "regulation": ND170, "questions": 60, "correct": 30, "parts": {}}, "parts"),
        ({"check": "round1", "regulation": ND170, "questions": 60, "correct": 30, "extra": 1}, "extra"),
        ({"check": "bank", "paper_questions": 60}, "approved_items"),
        ({"check": "bank", "paper_questions": 60, "approved_items": 200, "on": "tomorrow"}, "on"),
        ({"check": "ranking", "regulation": ND170, "quota": 1, "candidates": []}, "candidates"),
        (
            {"check": "ranking", "regulation": ND170, "quota": 1, "candidates": [{"id": "A", "round2": 80, "age": 3}]},
            "candidates[0].age",
        ),
        ({"check": "ranking", "regulation": ND170, "quota": -1, "candidates": [{"id": "A", "round2": 80}]}, "quota"),
    ],
)
def test_bad_cases_name_what_is_wrong(case, key):
    with pytest.raises(RuleError) as caught:
        evaluate(case, SOURCES)
    assert caught.value.key == key


def test_a_case_must_be_an_object():
    with pytest.raises(RuleError):
        evaluate([1, 2], SOURCES)
