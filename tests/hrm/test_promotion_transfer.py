"""Salary transfer on a promotion (TT 02/2007/TT-BNV, Mục II điểm 1), worked by hand on the tables of NĐ 204/2004
(A1: 2.34 + 0.33 per step, 9 steps; A2.1: 4.40 + 0.34 per step, 8 steps; B: 1.86 + 0.20, 12 steps)."""

import datetime as dt
from decimal import Decimal

import pytest

from hrm.models import Rank, SalaryRecord
from hrm.services.salary_transfer import promotion_transfer, transfer_step

D = Decimal
A21 = [(n, D("4.40") + D("0.34") * (n - 1)) for n in range(1, 9)]
A1_GAP, B_GAP = D("0.33"), D("0.20")


@pytest.mark.parametrize(
    ("coefficient", "seniority", "gap", "expected"),
    [
        # chuyên viên bậc 3 (3.00) → chuyên viên chính bậc 1 (4.40): raised by 1.40 ≥ 0.33, time from the decision
        (D("3.00"), 0, A1_GAP, (1, D("4.40"), False, D(0))),
        # bậc 7 (4.32) → 4.40: raised by only 0.08 < 0.33, his old step's time is kept
        (D("4.32"), 0, A1_GAP, (1, D("4.40"), True, D(0))),
        # bậc 9 (4.98) → the next higher, bậc 3 (5.08): 0.10 < 0.33, kept
        (D("4.98"), 0, A1_GAP, (3, D("5.08"), True, D(0))),
        # equal coefficient: that step (4.74 = A2.1 bậc 2), raised by 0 < the gap, kept
        (D("4.74"), 0, A1_GAP, (2, D("4.74"), True, D(0))),
        # bậc 9 with vượt khung 10 %: 4.98 × 1.10 = 5.478 → bậc 5 (5.76); time from the decision
        (D("4.98"), 10, A1_GAP, (5, D("5.76"), False, D(0))),
        # a B step 12 (4.06) with vượt khung 5 % = 4.263 → bậc 1 (4.40), from the decision
        (D("4.06"), 5, B_GAP, (1, D("4.40"), False, D(0))),
        # above the last step (6.78): the last step and the difference kept (7.20 − 6.78)
        (D("7.20"), 0, D("0.36"), (8, D("6.78"), False, D("0.42"))),
        # the circular's Ví dụ 1: chuyên viên 4.98 + 6 % VK = 5.28 → chuyên viên chính bậc 4 (5.42), from the decision
        (D("4.98"), 6, A1_GAP, (4, D("5.42"), False, D(0))),
    ],
)
def test_worked_cases(coefficient, seniority, gap, expected):
    got = transfer_step(steps=A21, coefficient=coefficient, seniority_percent=seniority, old_step_gap=gap)
    assert got == expected


def test_the_circulars_second_example_keeps_and_then_spends_the_difference():
    """TT 02/2007/TT-BNV Mục II.1 Ví dụ 2: kiểm ngân viên 3.63 + 15 % VK = 4.17 → cán sự (then B, last step 12 =
    4.06): bậc 12 and 0.11 kept; later, with 5 % VK in cán sự, 4.06 + 0.11 + 5 % × 4.06 = 4.37 → chuyên viên bậc 8
    (4.65), the kept 0.11 ends."""
    b = [(n, D("1.86") + D("0.20") * (n - 1)) for n in range(1, 13)]
    a1 = [(n, D("2.34") + A1_GAP * (n - 1)) for n in range(1, 10)]
    assert transfer_step(steps=b, coefficient=D("3.63"), seniority_percent=15, old_step_gap=D("0.18")) == (
        12, D("4.06"), False, D("0.11"),
    )  # fmt: skip
    got = transfer_step(
        steps=a1, coefficient=D("4.06"), seniority_percent=5, old_step_gap=B_GAP, kept_difference=D("0.11")
    )
    assert got == (8, D("4.65"), False, D(0))


@pytest.mark.django_db
def test_the_registry_case_keeps_the_old_steps_time_when_the_raise_is_small(province):
    from tests.exams.factories_cands import staff_with_history

    employee = staff_with_history(unit=province["dept"], rank="01.003")
    SalaryRecord.objects.filter(employee=employee).update(step=7, coefficient="4.32", valid_from=dt.date(2023, 5, 1))
    on = dt.date(2025, 3, 1)
    transfer = promotion_transfer(employee=employee, rank=Rank.objects.get(code="01.002"), on=on)
    assert (transfer.step, transfer.coefficient) == (1, D("4.40"))
    assert transfer.counted_from == dt.date(2023, 5, 1) and transfer.kept_difference == 0
    far = promotion_transfer(employee=employee, rank=Rank.objects.get(code="01.001"), on=on)  # A3.1 from 6.20
    assert (far.step, far.counted_from) == (1, on)
