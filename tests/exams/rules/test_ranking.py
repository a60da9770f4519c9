from decimal import Decimal

import pytest

from exams.rules import RankCandidate, RuleError, rank
from tests.exams.rules.conftest import IT, ND115, ND170, rules_of
from tests.exams.rules.test_priority import IN_FORCE


def _rank(code, quota, *candidates):
    return rank(rules_of(code), quota=quota, candidates=list(candidates), categories=IN_FORCE)


def test_a_tie_at_the_last_place_is_undecided():
    result = _rank(
        ND170,
        2,
        RankCandidate("A", round2=90),
        RankCandidate("B", round2=80, priority=["5"]),
        RankCandidate("C", round2=80, priority=["minority_officer_family"]),
        RankCandidate("D", round2=70),
    )
    assert result.selected == ["A"] and result.undecided == ["B", "C"] and result.failed == []
    assert result.scores == {"A": 90, "B": 80, "C": 80, "D": 70}
    assert result.totals == {"A": 90, "B": 85, "C": 85, "D": 70}


def test_priority_adds_to_the_round2_score_and_ranks():
    result = _rank(ND170, 1, RankCandidate("A", round2=82), RankCandidate("B", round2=80, priority=["2.5", "1.5"]))
    assert result.selected == ["B"] and result.totals["B"] == Decimal("82.5")


def test_nd170_tie_on_total_goes_to_the_higher_round2_score():
    result = _rank(ND170, 1, RankCandidate("A", round2=80, priority=["5"]), RankCandidate("B", round2=85))
    assert result.selected == ["B"] and result.undecided == []


def test_nd170_then_the_higher_written_score():
    result = _rank(
        ND170,
        1,
        RankCandidate("A", parts={"written": 70, "interview": 70}),
        RankCandidate("B", parts={"written": 60, "interview": "93.33"}),
    )
    assert result.scores == {"A": Decimal("70.00"), "B": Decimal("70.00")}  # 42 + 28 / 42 + 27.999 → 70.00
    assert result.selected == ["A"] and result.undecided == []


def test_nd170_equal_written_scores_leave_it_to_the_head():
    result = _rank(
        ND170,
        1,
        RankCandidate("A", parts={"written": 70, "interview": 70}),
        RankCandidate("B", parts={"written": 70, "interview": 70}),
    )
    assert result.selected == [] and result.undecided == ["A", "B"]


def test_a_missing_mark_the_tie_break_needs_is_never_guessed():
    result = _rank(ND170, 1, RankCandidate("A", round2=70), RankCandidate("B", parts={"written": 70}))
    assert result.undecided == ["A", "B"]


def test_vien_chuc_tie_goes_to_the_higher_round1_general_score():
    result = _rank(
        ND115,
        1,
        RankCandidate("A", round2=75, round1={"general": 40}),
        RankCandidate("B", round2=75, round1={"general": 52}),
    )
    assert result.selected == ["B"]


def test_vien_chuc_tie_without_round1_scores_is_undecided():
    result = _rank(ND115, 1, RankCandidate("A", round2=75), RankCandidate("B", round2=75))
    assert result.undecided == ["A", "B"]


def test_ties_inside_the_quota_are_all_selected():
    result = _rank(
        ND170, 3, RankCandidate("A", round2=80), RankCandidate("B", round2=80), RankCandidate("C", round2=60)
    )
    assert result.selected == ["A", "B", "C"] and result.undecided == []


def test_failed_candidates_are_never_selected_even_with_priority():
    result = _rank(
        ND170,
        2,
        RankCandidate("A", round2=49.99, priority=["7.5"]),
        RankCandidate("B", parts={"written": 90, "interview": 45}),
        RankCandidate("C", round2=50),
    )
    assert result.failed == ["A", "B"] and result.selected == ["C"] and result.undecided == []
    assert result.totals["A"] == Decimal("57.49")


def test_fewer_passing_than_quota_selects_all_in_rank_order():
    result = _rank(ND170, 5, RankCandidate("A", round2=60), RankCandidate("B", round2=90))
    assert result.selected == ["B", "A"]


def test_a_tie_behind_the_quota_is_not_undecided():
    result = _rank(
        ND170, 1, RankCandidate("A", round2=90), RankCandidate("B", round2=80), RankCandidate("C", round2=80)
    )
    assert result.selected == ["A"] and result.undecided == []


@pytest.mark.parametrize(
    ("quota", "candidates", "key"),
    [
        (0, [RankCandidate("A", round2=80)], "quota"),
        ("two", [RankCandidate("A", round2=80)], "quota"),
        (1, [RankCandidate("A", round2=80), RankCandidate("A", round2=70)], "candidates[1].id"),
        (1, [RankCandidate("", round2=80)], "candidates[0].id"),
        (1, [RankCandidate("A", round2=180)], "A.round2"),
        (1, [RankCandidate("A", round2=80, priority=["9"])], "A.priority[0]"),
        (1, [RankCandidate("A")], "A"),
    ],
)
def test_bad_candidates_are_errors(quota, candidates, key):
    with pytest.raises(RuleError) as caught:
        rank(rules_of(ND170), quota=quota, candidates=candidates, categories=IN_FORCE)
    assert caught.value.key == key


def test_a_profile_without_ranking():
    with pytest.raises(RuleError):
        _rank(IT, 1, RankCandidate("A", round2=80))


def test_five_thousand_candidates_are_ranked_within_the_quota():
    candidates = [
        RankCandidate(f"C{i}", round2=40 + (i * 7919) % 6000 / 100, priority=["2.5"] if i % 7 else [])
        for i in range(5000)
    ]
    result = rank(rules_of(ND170), quota=300, candidates=candidates, categories=IN_FORCE)
    filled = len(result.selected) == 300 and not result.undecided
    assert filled or len(result.selected) + len(result.undecided) > 300
