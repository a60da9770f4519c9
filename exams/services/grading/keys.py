"""Key corrections: an exam's own key for an item version (items are immutable versions), applied by bulk grading.

A corrected key names other options of a choice item; "every answer accepted" gives the points to every candidate
who answered the item. Each change is audited on the exam's trail; re-grading then lists whose mark changed.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.services import audit_record, delete_audited, snapshot
from exams.models import CandidatePaper, Exam, ItemOption, ItemVersion, KeyCorrection
from exams.rules.grading import CHOICE_KINDS


def _on_exam_papers(exam: Exam, version: ItemVersion) -> bool:
    layouts = CandidatePaper.objects.filter(part__exam=exam).values_list("form__items", flat=True).distinct()
    return any(version.pk == v for items in layouts.iterator(chunk_size=500) for v, _points in items)


def _check(exam: Exam, version: ItemVersion, correct: list[int], accept_all: bool, reason: str) -> list[int]:
    if not reason.strip():
        raise ApplicationError(_("Say why the key is corrected."), field="reason")
    if not _on_exam_papers(exam, version):
        raise ApplicationError(_("This question is on no paper of this exam."), field="version")
    if accept_all:
        return []
    if version.kind not in CHOICE_KINDS:
        message = _("Only a choice question's key can be corrected; for this one accept every answer.")
        raise ApplicationError(message, field="correct")
    options = set(ItemOption.objects.filter(version=version).values_list("pk", flat=True))
    chosen = sorted({int(option) for option in correct})
    if not chosen:
        raise ApplicationError(_("Choose the right options, or accept every answer."), field="correct")
    if not set(chosen) <= options:
        raise ApplicationError(_("These options are not options of this question."), field="correct")
    if version.kind != "multiple" and len(chosen) != 1:
        raise ApplicationError(_("A single-choice question has one right option."), field="correct")
    return chosen


@transaction.atomic
def key_correction_set(
    *, exam: Exam, version: ItemVersion, actor, reason: str, correct: list[int] = (), accept_all: bool = False
) -> KeyCorrection:
    """Correct the key of `version` for `exam` (or accept every answer), audited; grading applies it next run."""
    chosen = _check(exam, version, list(correct), accept_all, reason)
    fix = KeyCorrection.objects.filter(exam=exam, version=version).first()
    before = snapshot(fix) if fix else None
    if fix is None:
        fix = KeyCorrection(exam=exam, version=version)
    fix.correct, fix.accept_all, fix.reason = chosen, accept_all, reason.strip()
    fix.created_by = actor if getattr(actor, "pk", None) else None
    fix.save()
    audit_record(
        actor=actor, action="update" if before else "create", obj=fix, scope=exam, before=before, after=snapshot(fix)
    )
    return fix


@transaction.atomic
def key_correction_remove(*, fix: KeyCorrection, actor) -> None:
    """Withdraw a key correction (the item's own key applies again at the next grading), audited."""
    delete_audited(obj=fix, actor=actor, scope=fix.exam)
