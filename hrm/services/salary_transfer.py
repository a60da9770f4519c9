"""Placing a salary in another rank or title, by TT 02/2007/TT-BNV Mục II (read; common/reference/regulations.json
salary.promotion_transfer): a promotion (nâng ngạch, thăng hạng; chuyển loại goes the same way, khoản 3) and a
transfer within the same category (chuyển ngạch, khoản 2). The placement says the step, the day the step's time
counts from, the seniority allowance carried and the difference kept (hệ số chênh lệch bảo lưu);
hrm.services.salary_changes stores it on the new SalaryRecord."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from common.dated import short_date
from common.errors import ApplicationError
from common.vietnamese import number_vi
from hrm.models import Employee, Rank, SalaryRecord, SalaryStep
from hrm.services.salary import HUNDRED, salary_group_for, seniority_percent, step_start

CENT = Decimal("0.01")


@dataclass(frozen=True)
class PromotionTransfer:
    """Where a promoted or transferred person's salary is placed in the new rank or title."""

    step: int
    coefficient: Decimal
    counted_from: dt.date  # the day his next regular raise (or seniority allowance) in the new rank counts from
    kept_difference: Decimal  # hệ số chênh lệch bảo lưu, else 0
    seniority_percent: int = 0  # the allowance carried over (a transfer to an equal or lower group only)


def transfer_step(
    *,
    steps: list[tuple[int, Decimal]],
    coefficient: Decimal,
    seniority_percent: int = 0,
    old_step_gap: Decimal,
    kept_difference: Decimal = Decimal(0),
) -> tuple[int, Decimal, bool, Decimal]:
    """The rule of TT 02/2007/TT-BNV (Mục II, điểm 1: xếp lương khi nâng ngạch, also applied to thăng hạng chức danh
    nghề nghiệp), on plain values: (step, its coefficient, whether the seniority of the old step is kept, the
    difference kept above the last step).

    a) Without the "vượt khung" seniority allowance: the step of the new rank whose coefficient is *equal or next
       higher* than the one he holds; if that step raises him by less than the gap between two adjacent steps of
       his old rank (`old_step_gap`), his time for the next raise counts from the day he got his old coefficient;
       otherwise from the promotion decision.
    b) With the allowance: coefficient + allowance (coefficient × percent) decides the step the same way, and the
       time counts from the promotion decision.
    c) Above the new rank's last step: the last step, and the difference is kept (hệ số chênh lệch bảo lưu, two
       decimals), paid while he stays in the new rank, his time (and that for the allowance) from the decision; a
       difference he already keeps (`kept_difference`) is added to what he holds and ends with this promotion.
    The sum he holds is rounded to two decimals, as in the circular's examples (4,98 + 6 % VK = 5,28).
    Legal basis: TT 02/2007/TT-BNV Mục II điểm 1, read (common/reference/regulations.json salary.promotion_transfer
    records the source and its verification)."""
    if not steps:
        raise ValueError("the new rank has no steps")
    held = coefficient * (1 + Decimal(seniority_percent) / HUNDRED) + kept_difference
    held = held.quantize(CENT, rounding=ROUND_HALF_UP)  # the circular's examples: 4,98 + 6 % VK = 5,28
    for step, value in steps:
        if value >= held:
            keep = not seniority_percent and value - held < old_step_gap
            return step, value, keep, Decimal(0)
    step, value = steps[-1]
    return step, value, False, held - value  # "tính tròn số sau dấu phẩy 2 số" (Mục II.1.c)


def _step_gap(rank: Rank, step: int, on: dt.date) -> Decimal:
    """The gap between two adjacent steps of `rank`'s group around `step` (the groups have even gaps)."""
    group = salary_group_for(rank=rank, on=on)
    values = dict(SalaryStep.objects.filter(group=group).values_list("step", "coefficient")) if group else {}
    if step + 1 in values and step in values:
        return values[step + 1] - values[step]
    if step - 1 in values and step in values:
        return values[step] - values[step - 1]
    return Decimal(0)


def promotion_transfer(*, employee: Employee, rank: Rank, on: dt.date) -> PromotionTransfer | None:
    """The salary transfer of `employee` promoted to `rank` on `on` (transfer_step on his salary in force that
    day, with the seniority allowance he has then); None when the rank has no salary group on `on`."""
    group = salary_group_for(rank=rank, on=on)
    if group is None:
        return None
    steps = list(SalaryStep.objects.filter(group=group).order_by("step").values_list("step", "coefficient"))
    if not steps:
        return None
    current = SalaryRecord.objects.filter(employee=employee).in_force_one(on)
    if current is None:
        step, value = steps[0]
        return PromotionTransfer(step, value, on, Decimal(0))
    seniority = seniority_percent(employee=employee, on=on)
    step, value, keep, kept = transfer_step(
        steps=steps,
        coefficient=current.coefficient,
        seniority_percent=seniority,
        old_step_gap=_step_gap(current.rank, current.step, on),
        kept_difference=current.kept_difference,
    )
    return PromotionTransfer(step, value, step_start(current) if keep else on, kept)


def rank_transfer(*, employee: Employee, rank: Rank, on: dt.date) -> PromotionTransfer | None:
    """The salary of `employee` transferred to `rank` (chuyển ngạch in the same category) on `on`, TT 02/2007/TT-BNV
    Mục II khoản 2: a) a rank paid the same at his step (same group): the same step and seniority allowance, his
    time kept; b) paid more at that step: placed as on a promotion (khoản 1); c) paid less: the same step and
    allowance, his time kept, and a kept difference up to what he held (coefficient with the allowance, and any
    difference he kept before). None when the rank has no salary group on `on`."""
    group = salary_group_for(rank=rank, on=on)
    if group is None:
        return None
    steps = dict(SalaryStep.objects.filter(group=group).values_list("step", "coefficient"))
    current = SalaryRecord.objects.filter(employee=employee).in_force_one(on)
    if not steps or current is None or current.step not in steps:  # nothing to keep: placed as on a promotion
        return promotion_transfer(employee=employee, rank=rank, on=on)
    value = steps[current.step]
    if value > current.coefficient:
        return promotion_transfer(employee=employee, rank=rank, on=on)
    seniority = seniority_percent(employee=employee, on=on)
    share = 1 + Decimal(seniority) / HUNDRED
    held = (current.coefficient * share + current.kept_difference).quantize(CENT, rounding=ROUND_HALF_UP)
    kept = held - (value * share).quantize(CENT, rounding=ROUND_HALF_UP)
    return PromotionTransfer(current.step, value, step_start(current), max(kept, Decimal(0)), seniority)


def placement(*, employee: Employee, rank: Rank, on: dt.date, promotion: bool) -> PromotionTransfer:
    """Where a promotion (or else a transfer) to `rank` on `on` places `employee`; refused on the rank when it has
    no salary table that day."""
    place = (promotion_transfer if promotion else rank_transfer)(employee=employee, rank=rank, on=on)
    if place is None:
        message = _("Rank %(rank)s is not in any salary group on %(date)s.")
        raise ApplicationError(message % {"rank": rank.code, "date": short_date(on)}, field="rank")
    return place


def placement_check(*, place: PromotionTransfer, step: int | None, promotion: bool) -> None:
    """A step given by hand must be the one the rules place him on."""
    if step is None or step == place.step:
        return
    if promotion:
        message = _(
            "On a promotion the step is the one with the coefficient equal or next higher than the present salary: "
            "step %(step)s (%(coefficient)s)."
        )
    else:
        message = _("On this transfer the rules place him on step %(step)s (%(coefficient)s).")
    raise ApplicationError(message % {"step": place.step, "coefficient": number_vi(place.coefficient)}, field="step")
