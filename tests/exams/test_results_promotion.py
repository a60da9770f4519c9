"""A passed promotion applied to the registry: the position's rank from the decision's date, on the step the rules
give (the lowest whose coefficient is at least his), through hrm's salary change; audited and never twice."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from common.models import AuditEntry
from exams.models import Candidate, Part, Result
from exams.services.results import result_promotion_apply, results_compute, results_publish
from hrm.models import SalaryRecord
from tests.exams.factories_cands import PartFactory, promotion_exam, quota, staff_with_history
from tests.exams.factories_results import mark_set
from tests.exams.factories_setup import board_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
ON = dt.date(2025, 3, 1)


@pytest.fixture
def promoted(province):
    exam, position = promotion_exam(
        code="congchuc_nang_ngach_ND138_2020", target="01.002", held_on=dt.date(2024, 10, 1)
    )
    quota(position, province["dept"], 1)
    parts = [
        PartFactory(exam=exam, key="general", name="Kiến thức chung", round=1, max_score=60),
        PartFactory(exam=exam, key="language", name="Ngoại ngữ", round=1, max_score=30, questions=30),
        PartFactory(exam=exam, key="written", name="Viết", round=2, mode=Part.Mode.PAPER, max_score=100, questions=0),
    ]
    people = []
    for number, written in (("NN001", 80), ("NN002", 60)):
        employee = staff_with_history(unit=province["dept"], rank="01.003")
        candidate = Candidate.objects.create(
            exam=exam, person=employee.person, employee=employee, source="staff", position=position,
            agency=province["dept"], candidate_number=number, status=Candidate.Status.ELIGIBLE,
        )  # fmt: skip
        for part, score in zip(parts, (40, 20, written), strict=True):
            mark_set(candidate, part, score)
        people.append(candidate)
    board = board_of(exam, username="board_promo")
    results_compute(exam=exam, actor=board)
    results_publish(exam=exam, actor=board)
    return exam, board, people


def test_the_selected_candidate_is_promoted_in_the_registry(promoted):
    exam, board, (winner, other) = promoted
    result = Result.objects.get(candidate=winner)
    assert result.outcome == Result.Outcome.SELECTED
    record = result_promotion_apply(result=result, actor=board, on=ON, decision_no="QĐ 45/QĐ-UBND")
    assert record.reason == SalaryRecord.Reason.PROMOTION and record.rank.code == "01.002"
    assert record.step == 1 and record.coefficient == Decimal("4.40") and record.valid_from == ON
    assert SalaryRecord.objects.get(employee=winner.employee, valid_to=ON).rank.code == "01.003"  # closed
    winner.employee.refresh_from_db()
    assert winner.employee.rank.code == "01.002"
    result.refresh_from_db()
    assert result.applied_at is not None
    note = AuditEntry.objects.get(note__startswith="promotion applied: ", object_id=str(result.pk)).note
    assert "step 1 (4.40)" in note and f"next raise counted from {ON.isoformat()}" in note  # raised 1.40 > 0.33
    with pytest.raises(Exception, match="already applied"):
        result_promotion_apply(result=result, actor=board, on=ON, decision_no="QĐ 45/QĐ-UBND")


def test_a_candidate_not_selected_is_not_promoted(promoted):
    exam, board, (winner, other) = promoted
    result = Result.objects.get(candidate=other)
    with pytest.raises(Exception, match="Only a selected candidate"):
        result_promotion_apply(result=result, actor=board, on=ON, decision_no="QĐ 46")
    assert not SalaryRecord.objects.filter(employee=other.employee, reason=SalaryRecord.Reason.PROMOTION).exists()


def test_promotion_from_the_page_and_outsiders_get_404(client, promoted, outsider):
    exam, board, (winner, other) = promoted
    result = Result.objects.get(candidate=winner)
    url = reverse("exams:promotion-apply", args=[exam.pk, result.pk])
    client.force_login(outsider)
    assert client.post(url, {"on": "01/03/2025", "decision_no": "QĐ 45"}).status_code == 404
    client.force_login(board)
    assert client.post(url, {"on": "01/03/2025", "decision_no": "QĐ 45"}).status_code == 302
    assert SalaryRecord.objects.filter(employee=winner.employee, reason="promotion", valid_from=ON).exists()


def test_an_exempt_part_needs_no_mark_and_counts_as_passed(province):
    from exams.models import CandidateClaim

    exam, position = promotion_exam(
        code="congchuc_nang_ngach_ND138_2020", target="01.002", held_on=dt.date(2024, 10, 1)
    )
    quota(position, province["dept"], 1)
    general = PartFactory(exam=exam, key="general", name="Kiến thức chung", round=1, max_score=60)
    PartFactory(exam=exam, key="language", name="Ngoại ngữ", round=1, max_score=30, questions=30)
    written = PartFactory(exam=exam, key="written", name="Viết", round=2, mode=Part.Mode.PAPER, max_score=100)
    employee = staff_with_history(unit=province["dept"], rank="01.003")
    candidate = Candidate.objects.create(
        exam=exam, person=employee.person, employee=employee, source="staff", position=position,
        agency=province["dept"], candidate_number="NN009", status=Candidate.Status.ELIGIBLE,
    )  # fmt: skip
    mark_set(candidate, general, 31)
    mark_set(candidate, written, 55)
    CandidateClaim.objects.create(candidate=candidate, kind="exemption", part_key="language", status="accepted")
    results_compute(exam=exam, actor=board_of(exam, username="board_exempt"))
    result = Result.objects.get(candidate=candidate)
    assert result.round1_pass is True and result.outcome == Result.Outcome.SELECTED
    assert "Ngoại ngữ: exempt" in " ".join(result.reasons)


def test_a_profile_without_pass_marks_is_refused_by_name(province):
    from common.errors import ApplicationError

    exam, position = promotion_exam(code="congchuc_ND170_2025_vi_tri_cao_hon", target="01.002")
    with pytest.raises(ApplicationError, match="gives no pass marks"):
        results_compute(exam=exam, actor=board_of(exam, username="board_nomarks"))
    assert not Result.objects.exists()


def test_the_page_stores_the_kept_time_and_the_next_raise_follows_it(client, promoted):
    """Chuyên viên bậc 7 (4.32) since 01/05/2023 → chuyên viên chính bậc 1 (4.40): 0.08 < one step (0.33), so his
    old step's time is kept (TT 02/2007/TT-BNV Mục II.1.a) and the next raise is due 36 months after 01/05/2023."""
    from hrm.services.salary import next_regular_raise

    exam, board, (winner, other) = promoted
    SalaryRecord.objects.filter(employee=winner.employee).update(
        step=7, coefficient="4.32", valid_from=dt.date(2023, 5, 1)
    )
    result = Result.objects.get(candidate=winner)
    client.force_login(board)
    url = reverse("exams:promotion-apply", args=[exam.pk, result.pk])
    assert client.post(url, {"on": "01/03/2025", "decision_no": "QĐ 45"}).status_code == 302
    record = SalaryRecord.objects.get(employee=winner.employee, reason="promotion")
    assert (record.step, record.coefficient, record.step_since) == (1, Decimal("4.40"), dt.date(2023, 5, 1))
    assert next_regular_raise(employee=winner.employee, on=dt.date(2025, 6, 1)) == dt.date(2026, 5, 1)
    note = AuditEntry.objects.get(note__startswith="promotion applied: ", object_id=str(result.pk)).note
    assert "next raise counted from 2023-05-01" in note
