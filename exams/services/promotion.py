"""Promotion candidates drawn from the staff registry, and their eligibility computed from it.

Whom a board member may pick: the active staff of the exam's profile staff type, under the exam's organising
agency when the exam names one, in the whole registry otherwise. A promotion exam is run for the province (or
for one agency, then only its staff), and the board is appointed for the exam, so its members pick across the
units the exam covers whatever their own units; each pick is audited under the exam.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.models import AuditEntry
from common.services import audit_bulk, audit_record
from exams.models import Candidate, Exam, Position
from exams.rules.eligibility import EligibilityRuleError, EligibilityRules, eligibility_check, parse_eligibility
from exams.selectors.candidates import staff_pickable
from exams.selectors.eligibility import RankCategories, staff_facts, target_of
from exams.services.applicants import exam_reference_date


def promotion_rules_for(*, exam: Exam) -> EligibilityRules:
    """The eligibility rules of the exam's profile; refused when the profile has none (or malformed ones)."""
    try:
        return parse_eligibility((exam.profile.config or {}).get("rules"))
    except EligibilityRuleError as exc:
        message = _("The exam's regulation profile has no usable eligibility rules (%(key)s).") % {"key": exc}
        raise ApplicationError(message) from exc


def _check(exam: Exam, position: Position | None) -> None:
    if exam.kind != Exam.Kind.PROMOTION:
        raise ApplicationError(_("Staff are drawn from the registry into promotion exams only."))
    if exam.status == Exam.Status.CLOSED:
        raise ApplicationError(_("This exam is closed: its candidates can no longer change."))
    if position is None or position.exam_id != exam.pk:
        raise ApplicationError(_("Choose a position of this exam."), field="position")
    if position.rank_id is None:
        raise ApplicationError(_("Give the position the rank it promotes to first."), field="position")


@transaction.atomic
def staff_candidates_add(*, exam: Exam, actor, employee_ids: list[int], position: Position | None) -> dict:
    """Draw staff members into a promotion exam for `position` and check their eligibility at once; people already
    candidates are skipped. Returns {"added": n, "skipped": n}; audited. Refused: nothing written."""
    _check(exam, position)
    promotion_rules_for(exam=exam)
    ids = list(dict.fromkeys(int(i) for i in employee_ids))
    if not ids:
        raise ApplicationError(_("Tick at least one staff member."), field="employees")
    employees = list(staff_pickable(exam=exam).filter(pk__in=ids))
    if len(employees) != len(ids):
        raise ApplicationError(
            _(
                "Some of the people ticked cannot be drawn into this exam (not active, another staff type or outside "
                "the organising agency)."
            ),
            field="employees",
        )
    taken = set(
        Candidate.objects.filter(exam=exam, person__in=[e.person_id for e in employees]).values_list(
            "person_id", flat=True
        )
    )
    new = [
        Candidate(
            exam=exam,
            person_id=e.person_id,
            employee=e,
            source=Candidate.Source.STAFF,
            position=position,
            agency_id=e.unit_id,
        )
        for e in employees
        if e.person_id not in taken
    ]
    created = Candidate.objects.bulk_create(new)
    if not created or created[0].pk is None:  # databases that do not return ids: read them back
        created = list(Candidate.objects.filter(exam=exam, employee__in=[c.employee_id for c in new]))
    eligibility_recompute(exam=exam, candidates=created)
    audit_bulk([_entry(actor, exam, c, "create") for c in created])
    return {"added": len(created), "skipped": len(employees) - len(created)}


def _entry(actor, exam: Exam, candidate: Candidate, action: str, note: str = "") -> AuditEntry:
    from django.contrib.contenttypes.models import ContentType

    return AuditEntry(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or "",
        action=action,
        model="exams.candidate",
        object_id=str(candidate.pk),
        object_repr=str(candidate)[:255],
        scope_type=ContentType.objects.get_for_model(Exam),
        scope_id=exam.pk,
        note=note,
    )


def eligibility_recompute(*, exam: Exam, candidates=None, actor=None) -> dict:
    """Check (again) the eligibility of the exam's staff candidates from the registry as it stands, with every
    reason; withdrawn candidates keep their status. Returns {"eligible": n, "ineligible": n}."""
    rules = promotion_rules_for(exam=exam)
    on = exam_reference_date(exam=exam)
    if candidates is None:
        candidates = exam.candidates.filter(source=Candidate.Source.STAFF, employee__isnull=False)
    candidates = [c for c in candidates if c.employee_id is not None]
    positions = {p.pk: p for p in Position.objects.filter(exam=exam).select_related("rank")}
    categories = RankCategories()
    facts = staff_facts(employee_ids=[c.employee_id for c in candidates], on=on)
    now, counts = timezone.now(), {"eligible": 0, "ineligible": 0}
    for candidate in candidates:
        position = positions.get(candidate.position_id)
        if position is None or position.rank is None:
            candidate.eligibility = [{"key": "position", "ok": False, "params": {}}]
            eligible = False
        else:
            target = target_of(rank=position.rank, on=on, categories=categories)
            verdict = eligibility_check(facts=facts[candidate.employee_id], target=target, rules=rules, on=on)
            candidate.eligibility, eligible = [r.as_dict() for r in verdict.reasons], verdict.eligible
        if candidate.status != Candidate.Status.WITHDRAWN:
            candidate.status = Candidate.Status.ELIGIBLE if eligible else Candidate.Status.INELIGIBLE
        candidate.eligibility_checked_at = now
        counts["eligible" if eligible else "ineligible"] += 1
    Candidate.objects.bulk_update(candidates, ["eligibility", "status", "eligibility_checked_at"], batch_size=500)
    if actor is not None:
        audit_record(actor=actor, action="update", obj=exam, scope=exam, note=f"eligibility checked: {counts}")
    return counts
