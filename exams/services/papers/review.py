"""The board's review of a pool (pool mode): preview a paper with its key (audited), approve or reject it."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.models import AuditEntry
from common.services import audit_record
from exams.models import PaperForm, PaperGeneration
from exams.selectors.papers import paper_form_detail
from exams.services.papers.generation import papers_replace_check


def paper_form_preview(*, form: PaperForm, user) -> list[dict]:
    """A paper's items with content and key for the board, recorded in the audit trail (items are confidential)."""
    audit_record(actor=user, action=AuditEntry.Action.VIEW, obj=form, scope=form.part.exam, note=_("Paper preview"))
    return paper_form_detail(form=form)


@dataclass(frozen=True)
class Decision:
    form: PaperForm
    withdrawn: int  # candidates' papers withdrawn because they held a paper now rejected


@transaction.atomic
def paper_form_decide(*, form: PaperForm, user, approve: bool, note: str = "") -> Decision:
    """Approve or reject a paper of a pool before the first shift. Rejecting a paper that candidates already drew
    withdraws the draw (every candidate paper of the part), since the pool it was drawn from has changed."""
    part = form.part
    if part.exam.paper_mode != part.exam.PaperMode.POOL:
        raise ApplicationError(_("Papers are reviewed only in pool mode."), field="form")
    papers_replace_check(exam=part.exam)
    form = PaperForm.objects.select_for_update().get(pk=form.pk)
    status = PaperForm.Status.APPROVED if approve else PaperForm.Status.REJECTED
    before = {"status": form.status}
    withdrawn = 0
    if not approve and part.candidate_papers.filter(form=form).exists():
        withdrawn = part.candidate_papers.count()
        part.candidate_papers.all().delete()
        part.paper_generations.filter(kind=PaperGeneration.Kind.DRAW).delete()
    form.status, form.decided_by, form.decided_at = status, user, timezone.now()
    form.save(update_fields=["status", "decided_by", "decided_at"])
    text = note
    if withdrawn:
        text = (text + " " if text else "") + _("%(count)s candidates' papers withdrawn: draw again.") % {
            "count": withdrawn
        }
    audit_record(
        actor=user,
        action=AuditEntry.Action.UPDATE,
        obj=form,
        scope=part.exam,
        before=before,
        after={"status": status},
        note=text,
    )
    return Decision(form=form, withdrawn=withdrawn)
