"""External applicants of an exam and the claims of every candidate (priority points, exemptions), with evidence.

An applicant is a person of hrm named by CCCD under hrm's one identity rule: a number the registry knows stands
for that person only when the full name and birth date are his (otherwise the neutral refusal on `cccd`), so an
applicant later hired becomes staff on the same Person. Every write is audited under the exam.
"""

import datetime as dt
import uuid

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.phones import phone_normalize
from common.services import audit_record, snapshot
from exams.models import Candidate, CandidateClaim, CandidateSeat, Exam, Part, Position, PriorityCategory
from hrm.models import OrgUnit, Person
from hrm.services.attachments import attachment_bytes_checked
from hrm.services.cccd import cccd_normalize, cccd_validate
from hrm.services.identity import cccd_refusal, identity_key

EXEMPTIBLE_PARTS = ("language", "it")  # regulations §3.1: foreign language and IT exemptions
SEATED_STATUSES = (Candidate.Status.REGISTERED, Candidate.Status.ELIGIBLE)


# --- the exam's reference data ----------------------------------------------------------------------
def exam_reference_date(*, exam: Exam) -> dt.date:
    """The day the exam's rules are read on: its first shift's day (today without shifts), kept inside its
    profile's period of validity."""
    first = exam.shifts.order_by("starts_at").values_list("starts_at", flat=True).first()
    day = timezone.localdate(first) if first else timezone.localdate()
    profile = exam.profile
    if profile.valid_to is not None and day >= profile.valid_to:
        day = profile.valid_to - dt.timedelta(days=1)
    return max(day, profile.valid_from)


def priority_categories_for(*, exam: Exam) -> dict[str, PriorityCategory]:
    """The priority categories in force for `exam` (on its reference date), by key."""
    on = exam_reference_date(exam=exam)
    return {c.key: c for c in PriorityCategory.objects.in_force(on).order_by("-points")}


def exemptible_parts_for(*, exam: Exam) -> dict[str, str]:
    """The parts of `exam` a candidate may be exempted from (language, IT), key → name."""
    parts = Part.objects.filter(exam=exam, key__in=EXEMPTIBLE_PARTS).order_by("round", "order")
    return {p.key: p.name for p in parts}


# --- applicants -------------------------------------------------------------------------------------
def _check_open(exam: Exam) -> None:
    if exam.status == Exam.Status.CLOSED:
        raise ApplicationError(_("This exam is closed: its candidates can no longer change."))


def _position_and_agency(*, exam: Exam, position: Position | None, agency: OrgUnit | None):
    if position is None or position.exam_id != exam.pk:
        raise ApplicationError(_("Choose a position of this exam."), field="position")
    agencies = list(position.quotas.values_list("agency_id", flat=True))
    if agency is None:
        if len(agencies) > 1:
            raise ApplicationError(
                _("This position has quotas in several agencies: choose the agency applied to."), field="agency"
            )
        return position, OrgUnit.objects.filter(pk__in=agencies).first()
    if agencies and agency.pk not in agencies:
        raise ApplicationError(_("This position has no quota in this agency."), field="agency")
    return position, agency


def applicant_person(*, cccd: str, full_name: str, date_of_birth: dt.date, sex: str, ethnicity: str = "") -> Person:
    """The person these identity details name: the registry's person holding `cccd` when name and birth date are
    his (neutral refusal on `cccd` otherwise), or a new person (not yet saved when `cccd` is new)."""
    cccd = cccd_normalize(cccd)
    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise ApplicationError(_("Give the full name."), field="full_name")
    errors = cccd_validate(cccd=cccd, sex=sex, date_of_birth=date_of_birth)
    if errors:
        raise ApplicationError(" ".join(errors), field="cccd")
    person = Person.objects.filter(cccd=cccd).first()
    if person is not None:
        known = identity_key(full_name=person.full_name, date_of_birth=person.date_of_birth)
        if known != identity_key(full_name=full_name, date_of_birth=date_of_birth):
            raise ApplicationError(cccd_refusal(), field="cccd")
        return person
    return Person(cccd=cccd, full_name=full_name, date_of_birth=date_of_birth, sex=sex, ethnicity=ethnicity or "Kinh")


def _already_refusal() -> ApplicationError:
    return ApplicationError(_("This person is already a candidate of this exam."), field="cccd")


@transaction.atomic
def applicant_register(
    *,
    exam: Exam,
    actor,
    cccd: str,
    full_name: str,
    date_of_birth: dt.date,
    sex: str,
    position: Position | None,
    agency: OrgUnit | None = None,
    phone: str = "",
    email: str = "",
    ethnicity: str = "",
) -> Candidate:
    """Register an external applicant for `exam` (recruitment exams); audited. Refused: nothing written."""
    _check_open(exam)
    if exam.kind != Exam.Kind.RECRUITMENT:
        raise ApplicationError(_("A promotion exam takes its candidates from the staff registry."))
    position, agency = _position_and_agency(exam=exam, position=position, agency=agency)
    phone = phone_normalize(phone)  # the registry's one rule for Vietnamese numbers, refused on `phone`
    person = applicant_person(cccd=cccd, full_name=full_name, date_of_birth=date_of_birth, sex=sex, ethnicity=ethnicity)
    if person.pk is not None and Candidate.objects.filter(exam=exam, person=person).exists():
        raise _already_refusal()
    try:
        with transaction.atomic():
            if person.pk is None:
                person.save()
            candidate = Candidate.objects.create(
                exam=exam,
                person=person,
                source=Candidate.Source.APPLICANT,
                position=position,
                agency=agency,
                phone=phone,
                email=(email or "").strip(),
            )
    except IntegrityError as exc:  # another request registered the same number first
        raise ApplicationError(cccd_refusal(), field="cccd") from exc
    audit_record(actor=actor, action="create", obj=candidate, after=snapshot(candidate), scope=exam)
    return candidate


@transaction.atomic
def candidate_update(
    *, candidate: Candidate, actor, position: Position | None, agency: OrgUnit | None = None, phone="", email=""
) -> Candidate:
    """Change a candidate's position, agency or contact; audited."""
    _check_open(candidate.exam)
    if candidate.status == Candidate.Status.WITHDRAWN:
        raise ApplicationError(_("This candidate has withdrawn."))
    if agency is None and position is not None and not position.quotas.exists():
        agency = candidate.agency  # no quota to choose from: a staff candidate keeps his own agency
    position, agency = _position_and_agency(exam=candidate.exam, position=position, agency=agency)
    before = snapshot(candidate)
    candidate.position, candidate.agency = position, agency
    candidate.phone, candidate.email = phone_normalize(phone), (email or "").strip()
    candidate.save(update_fields=["position", "agency", "phone", "email"])
    audit_record(
        actor=actor, action="update", obj=candidate, before=before, after=snapshot(candidate), scope=candidate.exam
    )
    return candidate


@transaction.atomic
def candidate_withdraw(*, candidate: Candidate, actor, note: str = "") -> Candidate:
    """Withdraw a candidate: his seats go, his access code stops working (his number is kept); audited."""
    _check_open(candidate.exam)
    before = snapshot(candidate)
    CandidateSeat.objects.filter(candidate=candidate).delete()
    candidate.status = Candidate.Status.WITHDRAWN
    candidate.room_session, candidate.seat, candidate.access_code_hash = None, "", ""
    candidate.save(update_fields=["status", "room_session", "seat", "access_code_hash"])
    audit_record(
        actor=actor,
        action="update",
        obj=candidate,
        before=before,
        after=snapshot(candidate),
        scope=candidate.exam,
        note=(note or "withdrawn")[:500],
    )
    return candidate


# --- claims -----------------------------------------------------------------------------------------
def _claim_values(*, candidate: Candidate, kind: str, priority_key: str, part_key: str) -> tuple[str, str]:
    exam = candidate.exam
    if kind == CandidateClaim.Kind.PRIORITY:
        if priority_key not in priority_categories_for(exam=exam):
            raise ApplicationError(_("Not a priority category in force for this exam."), field="priority_key")
        if candidate.claims.filter(kind=kind, priority_key=priority_key).exists():
            raise ApplicationError(_("The candidate already claims this category."), field="priority_key")
        return priority_key, ""
    if kind == CandidateClaim.Kind.EXEMPTION:
        if part_key not in exemptible_parts_for(exam=exam):
            raise ApplicationError(
                _("Exemptions are from the foreign-language or IT part of this exam."), field="part_key"
            )
        if candidate.claims.filter(kind=kind, part_key=part_key).exists():
            raise ApplicationError(_("The candidate already claims this exemption."), field="part_key")
        return "", part_key
    raise ApplicationError(_("Choose priority points or an exemption."), field="kind")


def _evidence_save(claim: CandidateClaim, upload) -> None:
    data, content_type, suffix = attachment_bytes_checked(upload)
    claim.evidence.save(f"{uuid.uuid4().hex}.{suffix}", ContentFile(data), save=False)
    claim.evidence_content_type, claim.evidence_size = content_type, len(data)


def _kept_or_removed(claim: CandidateClaim, save) -> CandidateClaim:
    try:
        with transaction.atomic():
            save()
    except Exception:
        if claim.evidence:
            claim.evidence.storage.delete(claim.evidence.name)  # the row is not there: keep no stray file
        raise
    return claim


def claim_add(
    *,
    candidate: Candidate,
    actor,
    kind: str,
    priority_key: str = "",
    part_key: str = "",
    reason: str = "",
    upload=None,
) -> CandidateClaim:
    """Record a priority or exemption claim with its scanned evidence (PDF, JPEG or PNG, checked by content and
    size like staff attachments); audited. Refused: nothing kept."""
    _check_open(candidate.exam)
    priority_key, part_key = _claim_values(
        candidate=candidate, kind=kind, priority_key=(priority_key or "").strip(), part_key=(part_key or "").strip()
    )
    claim = CandidateClaim(
        candidate=candidate, kind=kind, priority_key=priority_key, part_key=part_key, reason=(reason or "")[:255]
    )
    if upload is not None:
        _evidence_save(claim, upload)

    def save():
        claim.save()
        audit_record(actor=actor, action="create", obj=claim, after=snapshot(claim), scope=candidate.exam)

    return _kept_or_removed(claim, save)


def claim_evidence_attach(*, claim: CandidateClaim, actor, upload) -> CandidateClaim:
    """Attach (or replace) a claim's scanned evidence; the claim goes back to 'claimed'; audited."""
    _check_open(claim.candidate.exam)
    before = snapshot(claim)
    old = claim.evidence.name if claim.evidence else ""
    _evidence_save(claim, upload)
    claim.status, claim.decided_by, claim.decided_at = CandidateClaim.Status.CLAIMED, None, None

    def save():
        claim.save()
        audit_record(
            actor=actor, action="update", obj=claim, before=before, after=snapshot(claim), scope=claim.candidate.exam
        )
        if old:
            storage = claim.evidence.storage
            transaction.on_commit(lambda: storage.delete(old))

    return _kept_or_removed(claim, save)


@transaction.atomic
def claim_decide(*, claim: CandidateClaim, actor, accept: bool, note: str = "") -> CandidateClaim:
    """The board accepts or rejects a claim (a claim is accepted only on its evidence); audited."""
    _check_open(claim.candidate.exam)
    if accept and not claim.evidence:
        raise ApplicationError(_("Attach the scanned evidence before accepting the claim."), field="evidence")
    before = snapshot(claim)
    claim.status = CandidateClaim.Status.ACCEPTED if accept else CandidateClaim.Status.REJECTED
    claim.decided_by, claim.decided_at, claim.note = actor, timezone.now(), (note or "")[:255]
    claim.save(update_fields=["status", "decided_by", "decided_at", "note"])
    audit_record(
        actor=actor, action="update", obj=claim, before=before, after=snapshot(claim), scope=claim.candidate.exam
    )
    return claim


def claim_evidence_viewed(*, claim: CandidateClaim, actor) -> None:
    """Record that `actor` opened a claim's evidence (personal data)."""
    audit_record(actor=actor, action="view", obj=claim, scope=claim.candidate.exam, note="evidence")
