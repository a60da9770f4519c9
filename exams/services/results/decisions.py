"""The head of the agency's decision on a tie at the last place of a quota, and the sheet's publication state
(publish, reopen): every step audited under the exam."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.services import audit_record
from exams.models import Exam, Position, PositionQuota, Result, ResultSheet, TieDecision

Outcome = Result.Outcome


def _sheet(exam: Exam) -> ResultSheet:
    sheet = ResultSheet.objects.select_for_update().filter(exam=exam).first()
    if sheet is None:
        raise ApplicationError(_("The results have not been computed yet."))
    return sheet


def _editable_sheet(exam: Exam) -> ResultSheet:
    sheet = _sheet(exam)
    if sheet.status == ResultSheet.Status.PUBLISHED:
        raise ApplicationError(_("The results are published: reopen them first."))
    return sheet


def _group(exam: Exam, position: Position, agency) -> QuerySet[Result]:
    results = Result.objects.filter(exam=exam, candidate__position=position)
    return results.filter(candidate__agency=agency) if agency is not None else results


def _quota(position: Position, agency) -> int:
    quotas = PositionQuota.objects.filter(position=position)
    if agency is not None:
        quotas = quotas.filter(agency=agency)
    values = list(quotas.values_list("quota", flat=True))
    if len(values) != 1:
        raise ApplicationError(_("Name the agency whose quota this decision fills."), field="agency")
    return values[0]


def _decision_check(*, tied: list[int], chosen: list[int], room: int, head_name: str, reason: str, document: str):
    if not tied:
        raise ApplicationError(_("Nobody is tied for the last place here."), field="selected")
    for name, value in (("head_name", head_name), ("reason", reason), ("document", document)):
        if not (value or "").strip():
            raise ApplicationError(_("This field is required."), field=name)
    if set(chosen) - set(tied):
        raise ApplicationError(_("Only candidates tied for the last place can be chosen."), field="selected")
    if len(set(chosen)) != room:
        message = _("The quota leaves %(n)s place(s) for the tied candidates: choose exactly %(n)s.")
        raise ApplicationError(message % {"n": room}, field="selected")


@transaction.atomic
def tie_decide(
    *,
    exam: Exam,
    position: Position,
    agency=None,
    selected: list[int],
    head_name: str,
    reason: str,
    document: str,
    actor,
) -> TieDecision:
    """Record the head of the agency's choice among the candidates tied for the last places (who, by whom, why,
    which document); refused unless it fills exactly the places left; audited."""
    _editable_sheet(exam)
    group = _group(exam, position, agency)
    tied = sorted(group.filter(outcome=Outcome.UNDECIDED).values_list("candidate_id", flat=True))
    room = _quota(position, agency) - group.filter(outcome=Outcome.SELECTED).count() if tied else 0
    chosen = [int(pk) for pk in selected]
    _decision_check(tied=tied, chosen=chosen, room=room, head_name=head_name, reason=reason, document=document)
    decision = TieDecision.objects.create(
        exam=exam, position=position, agency=agency, selected=sorted(set(chosen)), tied=tied,
        head_name=head_name.strip(), reason=reason.strip(), document=document.strip(), recorded_by=actor,
    )  # fmt: skip
    why = _("Decided by %(head)s (%(doc)s): %(why)s") % {
        "head": decision.head_name, "doc": decision.document, "why": decision.reason
    }  # fmt: skip
    for result in group.filter(candidate_id__in=tied):
        result.outcome = Outcome.SELECTED if result.candidate_id in chosen else Outcome.NOT_SELECTED
        result.decision = decision
        result.reasons = [*result.reasons[:-1], why]  # the last reason said "the head decides"
        result.save(update_fields=["outcome", "decision", "reasons"])
    note = f"tie decided by {decision.head_name} ({decision.document}): selected {decision.selected} of {tied}"
    audit_record(actor=actor, action="create", obj=decision, scope=exam, note=note)
    return decision


@transaction.atomic
def results_publish(*, exam: Exam, actor) -> ResultSheet:
    """Publish the computed results (frozen until reopened); refused while a tie waits for the head's decision."""
    sheet = _editable_sheet(exam)
    waiting = list(
        Result.objects.filter(exam=exam, outcome=Outcome.UNDECIDED)
        .order_by("candidate__candidate_number")
        .values_list("candidate__candidate_number", flat=True)
    )
    if waiting:
        message = _("A tie at the last place waits for the head of the agency's decision: %(numbers)s.")
        raise ApplicationError(message % {"numbers": ", ".join(waiting)})
    sheet.status, sheet.published_at, sheet.published_by = ResultSheet.Status.PUBLISHED, timezone.now(), actor
    sheet.notified_at = sheet.notified_at or sheet.published_at  # the first notice opens the review window
    sheet.save(update_fields=["status", "published_at", "published_by", "notified_at"])
    audit_record(actor=actor, action="update", obj=sheet, scope=exam, note="results published")
    return sheet


@transaction.atomic
def results_reopen(*, exam: Exam, actor, reason: str) -> ResultSheet:
    """Take published results back to computed (so they can be recomputed), with the reason; audited."""
    sheet = _sheet(exam)
    if sheet.status != ResultSheet.Status.PUBLISHED:
        raise ApplicationError(_("The results are not published."))
    if not (reason or "").strip():
        raise ApplicationError(_("Say why the results are reopened."), field="reason")
    sheet.status = ResultSheet.Status.COMPUTED
    sheet.save(update_fields=["status"])
    audit_record(actor=actor, action="update", obj=sheet, scope=exam, note=f"results reopened: {reason.strip()}")
    return sheet
