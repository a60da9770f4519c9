"""Results by the profile (NĐ 170/2025), worked by hand: round 1 at 30/60, round 2 = 0.7 × written + 0.3 ×
interview, each part at least 50, priority (only the highest), ranking in the quota, a tie at the last place left
to the head of the agency, whose decision is recorded and audited."""

from decimal import Decimal

import pytest

from common.models import AuditEntry
from exams.models import CandidateClaim, Mark, Result, ResultSheet, TieDecision
from exams.services.results import results_compute, results_publish, results_reopen, tie_decide
from tests.exams.factories_results import mark_set, results_exam, sitting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
S = Result.Outcome


@pytest.fixture
def setup(province):
    return results_exam(agency=province["dept"], places=2)


def outcomes(exam) -> dict:
    return {r.candidate.candidate_number: r for r in Result.objects.filter(exam=exam).select_related("candidate")}


def test_pass_marks_weighting_priority_and_ranking_worked_by_hand(setup):
    exam, position, p, board = setup
    g, w, i = p["general"], p["written"], p["interview"]
    sitting(exam, position, "BT001", marks={g: 45, w: 80, i: 70})  # 0.7*80 + 0.3*70 = 77
    sitting(exam, position, "BT002", marks={g: 30, w: 70, i: 60}, priority="military_service")  # 67 + 2.5 = 69.5
    sitting(exam, position, "BT003", marks={g: 29, w: 95, i: 95})  # 29/60 < 50 %: fails round 1
    sitting(exam, position, "BT004", marks={g: 50, w: 90, i: 40})  # interview 40 < 50: fails round 2
    sitting(exam, position, "BT005", marks={g: 50, w: 70, i: 65}, priority="hero_invalid")  # 68.5 + 7.5 = 76
    sitting(exam, position, "BT006", marks={g: 60, w: 60, i: 60})  # 60: passes, outside the quota
    sheet = results_compute(exam=exam, actor=board)
    got = outcomes(exam)
    assert sheet.status == ResultSheet.Status.COMPUTED
    assert got["BT001"].outcome == S.SELECTED and got["BT001"].total == Decimal("77") and got["BT001"].rank == 1
    assert got["BT005"].outcome == S.SELECTED and got["BT005"].round2_score == Decimal("68.5")
    assert got["BT005"].priority == Decimal("7.5") and got["BT005"].total == Decimal("76") and got["BT005"].rank == 2
    assert got["BT002"].outcome == S.NOT_SELECTED and got["BT002"].total == Decimal("69.5") and got["BT002"].rank == 3
    assert got["BT006"].outcome == S.NOT_SELECTED and got["BT006"].rank == 4
    assert got["BT003"].outcome == S.FAILED and got["BT003"].round1_pass is False and got["BT003"].rank is None
    assert "29/60" in " ".join(got["BT003"].reasons)
    assert got["BT004"].outcome == S.FAILED and got["BT004"].round1_pass is True
    assert AuditEntry.objects.filter(note__startswith="results computed").exists()


def test_only_the_highest_priority_counts(setup):
    exam, position, p, board = setup
    candidate = sitting(exam, position, "BT001", marks={p["general"]: 40, p["written"]: 60, p["interview"]: 60})
    CandidateClaim.objects.create(
        candidate=candidate, kind="priority", priority_key="military_service", status="accepted"
    )
    CandidateClaim.objects.create(candidate=candidate, kind="priority", priority_key="hero_invalid", status="accepted")
    CandidateClaim.objects.create(
        candidate=candidate, kind="priority", priority_key="minority_officer_family"
    )  # claimed only
    results_compute(exam=exam, actor=board)
    assert outcomes(exam)["BT001"].priority == Decimal("7.5") and outcomes(exam)["BT001"].total == Decimal("67.5")


def test_tie_broken_by_the_written_mark(setup):
    exam, position, p, board = setup
    g, w, i = p["general"], p["written"], p["interview"]
    sitting(exam, position, "BT001", marks={g: 40, w: 90, i: 90})  # 90
    sitting(exam, position, "BT002", marks={g: 40, w: 70, i: 80})  # 73
    sitting(exam, position, "BT003", marks={g: 40, w: 80, i: 56.67})  # 56 + 17.001 = 73.00 (rounded), written 80
    results_compute(exam=exam, actor=board)
    got = outcomes(exam)
    assert got["BT002"].total == got["BT003"].total == Decimal("73")
    assert got["BT003"].outcome == S.SELECTED and got["BT002"].outcome == S.NOT_SELECTED


def _tie(setup):
    exam, position, p, board = setup
    g, w, i = p["general"], p["written"], p["interview"]
    sitting(exam, position, "BT001", marks={g: 40, w: 90, i: 90})
    sitting(exam, position, "BT002", marks={g: 40, w: 70, i: 70})
    sitting(exam, position, "BT003", marks={g: 41, w: 70, i: 70})  # same total, same written: undecided
    return exam, position, board


def test_a_tie_at_the_last_place_is_undecided_and_publication_waits(setup):
    exam, position, board = _tie(setup)
    results_compute(exam=exam, actor=board)
    got = outcomes(exam)
    assert got["BT001"].outcome == S.SELECTED
    assert got["BT002"].outcome == got["BT003"].outcome == S.UNDECIDED
    assert got["BT002"].rank == got["BT003"].rank == 2
    with pytest.raises(Exception) as refused:
        results_publish(exam=exam, actor=board)
    assert "BT002" in str(refused.value) and "BT003" in str(refused.value)


def test_the_heads_decision_is_recorded_audited_and_kept_on_recompute(setup, province):
    exam, position, board = _tie(setup)
    results_compute(exam=exam, actor=board)
    tied = {r.candidate.candidate_number: r.candidate_id for r in outcomes(exam).values()}
    with pytest.raises(Exception, match="exactly 1"):
        tie_decide(exam=exam, position=position, selected=[tied["BT002"], tied["BT003"]], head_name="Giám đốc Sở",
                   reason="Ưu tiên", document="QĐ 12/QĐ-SNV", actor=board)  # fmt: skip
    with pytest.raises(Exception):
        tie_decide(exam=exam, position=position, selected=[tied["BT002"]], head_name="", reason="x", document="y",
                   actor=board)  # fmt: skip
    decision = tie_decide(
        exam=exam, position=position, selected=[tied["BT003"]], head_name="Giám đốc Sở Nội vụ",
        reason="Có kinh nghiệm phù hợp vị trí", document="QĐ 12/QĐ-SNV", actor=board,
    )  # fmt: skip
    got = outcomes(exam)
    assert got["BT003"].outcome == S.SELECTED and got["BT002"].outcome == S.NOT_SELECTED
    assert got["BT003"].decision == decision and "QĐ 12/QĐ-SNV" in got["BT003"].reasons[-1]
    assert AuditEntry.objects.filter(model="exams.tiedecision", object_id=str(decision.pk)).exists()
    results_compute(exam=exam, actor=board)  # the same tie again: the same decision applies
    assert outcomes(exam)["BT003"].outcome == S.SELECTED and TieDecision.objects.count() == 1
    results_publish(exam=exam, actor=board)


def test_recompute_is_refused_after_publication_unless_reopened(setup):
    exam, position, p, board = setup
    c = sitting(exam, position, "BT001", marks={p["general"]: 40, p["written"]: 60, p["interview"]: 60})
    results_compute(exam=exam, actor=board)
    results_publish(exam=exam, actor=board)
    mark_set(c, p["written"], 40)
    with pytest.raises(Exception, match="reopen"):
        results_compute(exam=exam, actor=board)
    with pytest.raises(Exception):
        results_reopen(exam=exam, actor=board, reason="  ")
    results_reopen(exam=exam, actor=board, reason="Phúc khảo bài viết")
    assert AuditEntry.objects.filter(note="results reopened: Phúc khảo bài viết").exists()
    results_compute(exam=exam, actor=board)
    assert outcomes(exam)["BT001"].outcome == S.FAILED


def test_missing_marks_are_named_and_nothing_is_written(setup):
    exam, position, p, board = setup
    sitting(exam, position, "BT001", marks={p["general"]: 40, p["written"]: 60})
    sitting(exam, position, "BT002", marks={p["general"]: 40, p["written"]: 60, p["interview"]: 60})
    with pytest.raises(Exception) as refused:
        results_compute(exam=exam, actor=board)
    assert "BT001" in str(refused.value) and "Phỏng vấn" in str(refused.value)
    assert not Result.objects.exists() and not ResultSheet.objects.exists()


def test_an_absent_candidate_is_recorded_absent_naming_the_part_never_failed_with_0(setup):
    exam, position, p, board = setup
    sitting(exam, position, "BT001", marks={p["general"]: 40, p["written"]: "absent", p["interview"]: 60})
    sitting(exam, position, "BT002", marks={p["general"]: 40, p["written"]: 50, p["interview"]: 50})
    results_compute(exam=exam, actor=board)
    got = outcomes(exam)
    assert got["BT001"].outcome == S.ABSENT and "Viết" in " ".join(got["BT001"].reasons)
    assert got["BT001"].total is None and got["BT001"].round2_score is None and got["BT001"].rank is None
    assert got["BT002"].outcome == S.SELECTED and got["BT002"].rank == 1  # the absent takes no place


def test_absent_from_round_1_is_absent_with_round_1_undecided(setup):
    exam, position, p, board = setup
    sitting(exam, position, "BT001", marks={p["general"]: "absent"})
    results_compute(exam=exam, actor=board)
    got = outcomes(exam)["BT001"]
    assert got.outcome == S.ABSENT and got.round1_pass is None and "Kiến thức chung" in " ".join(got.reasons)


def test_quotas_per_agency_rank_separately(setup, province):
    exam, position, p, board = setup
    from tests.exams.factories_cands import quota

    quota(position, province["d1"], 1)
    g, w, i = p["general"], p["written"], p["interview"]
    sitting(exam, position, "BT001", marks={g: 40, w: 90, i: 90}, agency=province["dept"])
    sitting(exam, position, "BT002", marks={g: 40, w: 60, i: 60}, agency=province["d1"])
    sitting(exam, position, "BT003", marks={g: 40, w: 55, i: 55}, agency=province["d1"])
    results_compute(exam=exam, actor=board)
    got = outcomes(exam)
    assert got["BT001"].outcome == got["BT002"].outcome == S.SELECTED
    assert got["BT001"].rank == got["BT002"].rank == 1
    assert got["BT003"].outcome == S.NOT_SELECTED and got["BT003"].rank == 2  # the district's one place is taken


def test_round_one_counts_correct_answers_when_grading_gives_them(setup):
    exam, position, p, board = setup
    c = sitting(exam, position, "BT001", marks={p["general"]: 29.5, p["written"]: 80, p["interview"]: 70})
    Mark.objects.filter(candidate=c, part=p["general"]).update(details={"correct": 30, "questions": 60})
    results_compute(exam=exam, actor=board)
    got = outcomes(exam)["BT001"]
    assert got.round1_pass is True and "30/60" in got.reasons[0]
