"""A passed promotion applied to the registry (issue #16): the new rank or title and the salary transfer, in one
audited step through hrm's own salary change (its rules, not a copy of them)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.services import audit_record
from exams.models import Exam, Result, ResultSheet
from hrm.models import SalaryRecord
from hrm.services.salary import salary_group_for
from hrm.services.salary_changes import salary_change


def _check(result: Result) -> None:
    exam = result.exam
    if exam.kind != Exam.Kind.PROMOTION:
        raise ApplicationError(_("Only the results of a promotion exam are applied to the registry."))
    if not ResultSheet.objects.filter(exam=exam, status=ResultSheet.Status.PUBLISHED).exists():
        raise ApplicationError(_("The results are not published yet."))
    if result.outcome != Result.Outcome.SELECTED:
        raise ApplicationError(_("Only a selected candidate is promoted."))
    if result.applied_at is not None:
        raise ApplicationError(_("This promotion is already applied to the registry."))
    candidate = result.candidate
    if candidate.employee_id is None:
        raise ApplicationError(_("This candidate has no staff record."))
    if candidate.position is None or candidate.position.rank_id is None:
        raise ApplicationError(_("The position names no rank or title to promote to."))


@transaction.atomic
def result_promotion_apply(*, result: Result, actor, on: dt.date, decision_no: str) -> SalaryRecord:
    """Promote the selected candidate: the position's rank from `on` through hrm.services.salary_change, which
    places him by TT 02/2007/TT-BNV (equal or next higher coefficient, the seniority allowance counted) and stores
    where his next raise counts from (his old step's time kept when the raise is smaller than a step) and the
    difference kept above the last step; refusals name their field; audited, never twice."""
    result = (
        Result.objects.select_for_update(of=("self",))
        .select_related("exam", "candidate__position__rank")
        .get(pk=result.pk)
    )
    _check(result)
    if not (decision_no or "").strip():
        raise ApplicationError(_("Give the number of the promotion decision."), field="decision_no")
    employee = result.candidate.employee
    rank = result.candidate.position.rank
    if salary_group_for(rank=rank, on=on) is None:
        raise ApplicationError(_("The rank %(rank)s has no salary group on that date.") % {"rank": rank}, field="on")
    record = salary_change(
        employee=employee, actor=actor, on=on, reason=SalaryRecord.Reason.PROMOTION, rank=rank,
        decision_no=decision_no.strip(),
    )  # fmt: skip
    result.applied_at = timezone.now()
    result.save(update_fields=["applied_at"])
    note = (
        f"promotion applied: {rank} step {record.step} ({record.coefficient}) from {on.isoformat()} "
        f"({decision_no.strip()}); next raise counted from {record.step_since.isoformat()}"
        + (f"; difference kept {record.kept_difference}" if record.kept_difference else "")
    )
    audit_record(actor=actor, action="update", obj=result, scope=result.exam, note=note, unit_id=employee.unit_id)
    return record
