"""Exams: create, edit, and move through draft → open → closed, with the profile the exam follows checked.

What each status allows: a draft is prepared by the board (everything may change); an open exam registers,
seats and examines candidates (its setup still changes until papers exist, after which its structure is frozen);
a closed exam changes no more (reopen it first). Papers freeze the structure: the kind, profile, paper mode, parts
and the positions' language requirement.
"""

import datetime as dt
import re

from django.db import transaction
from django.utils.translation import gettext as _

from common.dated import short_date
from common.errors import ApplicationError
from common.services import audit_record, snapshot
from exams.models import Exam, RegulationProfile
from exams.selectors.setup import exam_has_papers, user_may_create_exams
from exams.services.live.seb import seb_keys_clean
from hrm.models import OrgUnit

CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,29}$")
EXAM_FIELDS = (
    "code",
    "name",
    "kind",
    "profile",
    "held_on",
    "organiser",
    "description",
    "paper_mode",
    "pool_size",
    "shuffle_questions",
    "shuffle_options",
    "partial_credit",
    "seb_browser_exam_keys",
    "seb_config_keys",
)
FROZEN_FIELDS = ("kind", "profile", "paper_mode", "pool_size")  # once papers exist
TRANSITIONS = {
    Exam.Status.DRAFT: {Exam.Status.OPEN},
    Exam.Status.OPEN: {Exam.Status.DRAFT, Exam.Status.CLOSED},
    Exam.Status.CLOSED: {Exam.Status.OPEN},
}


def exam_ensure_editable(*, exam: Exam) -> None:
    """Refuse any change to a closed exam."""
    if exam.status == Exam.Status.CLOSED:
        raise ApplicationError(_("This exam is closed: reopen it before changing it."))


def exam_ensure_structure_editable(*, exam: Exam, field: str | None = None) -> None:
    """Refuse a change of structure (parts, languages, paper mode) once papers exist or the exam is closed."""
    exam_ensure_editable(exam=exam)
    if exam_has_papers(exam=exam):
        raise ApplicationError(
            _("Papers have been generated for this exam: its structure can no longer change."),
            field=field,
        )


def _code(code: str, *, exam: Exam | None) -> str:
    code = (code or "").strip().upper()
    if not CODE_RE.match(code):
        raise ApplicationError(
            _("An exam code has 1 to 30 capital letters, digits, dots, dashes or underscores."), field="code"
        )
    if Exam.objects.filter(code=code).exclude(pk=exam.pk if exam else None).exists():
        raise ApplicationError(_("Another exam already has this code."), field="code")
    return code


def profile_check(*, kind: str, profile: RegulationProfile, held_on: dt.date) -> None:
    """Refuse a profile of another kind of exam, or one not in force on the exam's date (saying why)."""
    if profile.kind != kind:
        raise ApplicationError(
            _("“%(profile)s” is a profile for %(its)s, not for %(kind)s.")
            % {"profile": profile.name, "its": profile.get_kind_display(), "kind": Exam.Kind(kind).label},
            field="profile",
        )
    if not profile.in_force_on(held_on):
        period = _("from %(start)s") % {"start": short_date(profile.valid_from)}
        if profile.valid_to:
            period = _("from %(start)s until the day before %(end)s") % {
                "start": short_date(profile.valid_from),
                "end": short_date(profile.valid_to),
            }
        raise ApplicationError(
            _("“%(profile)s” is not in force on the exam date %(date)s: it applies %(period)s.")
            % {"profile": profile.name, "date": short_date(held_on), "period": period},
            field="profile",
        )


def _pool(paper_mode: str, pool_size: int) -> int:
    if paper_mode == Exam.PaperMode.POOL:
        if not pool_size or pool_size < 1:
            raise ApplicationError(_("A pool needs at least one paper."), field="pool_size")
        return pool_size
    return 0


def _organiser(organiser: OrgUnit | None) -> None:
    if organiser is not None and organiser.valid_to is not None:
        raise ApplicationError(_("This agency has been dissolved."), field="organiser")


def _date_vs_shifts(exam: Exam, held_on: dt.date) -> None:
    early = exam.shifts.filter(starts_at__date__lt=held_on).order_by("starts_at").first()
    if early is not None:
        raise ApplicationError(
            _("Shift “%(shift)s” starts before %(date)s: move it first.")
            % {"shift": early.name, "date": short_date(held_on)},
            field="held_on",
        )


def _validate(exam: Exam, values: dict) -> dict:
    values["code"] = _code(values["code"], exam=exam if exam.pk else None)
    values["name"] = (values.get("name") or "").strip()
    if not values["name"]:
        raise ApplicationError(_("Give the exam a name."), field="name")
    profile_check(kind=values["kind"], profile=values["profile"], held_on=values["held_on"])
    values["pool_size"] = _pool(values["paper_mode"], values.get("pool_size") or 0)
    _organiser(values.get("organiser"))
    for field in ("seb_browser_exam_keys", "seb_config_keys"):
        values[field] = seb_keys_clean(values.get(field) or "", field=field)
    if exam.pk:
        _date_vs_shifts(exam, values["held_on"])
    return values


@transaction.atomic
def exam_create(*, actor, **values) -> Exam:
    """Create an exam (a draft) following a profile of its kind in force on its date; only a board member of every
    exam may (he already manages it, so no grant is needed); audited."""
    if not user_may_create_exams(user=actor):
        raise ApplicationError(_("Only a board member of every exam may create an exam."))
    unknown = set(values) - set(EXAM_FIELDS)
    if unknown:
        raise TypeError(f"unknown exam fields: {sorted(unknown)}")
    defaults = {"description": "", "paper_mode": Exam.PaperMode.PER_CANDIDATE, "organiser": None}
    exam = Exam(status=Exam.Status.DRAFT)
    values = _validate(exam, {**defaults, **values})
    for field, value in values.items():
        setattr(exam, field, value)
    exam.save()
    audit_record(actor=actor, action="create", obj=exam, after=snapshot(exam), scope=exam)
    return exam


@transaction.atomic
def exam_update(*, exam: Exam, actor, **changes) -> Exam:
    """Change an exam's fields (those not given keep their value); refused on a closed exam, and for its kind,
    profile and paper mode once papers exist; audited."""
    exam = Exam.objects.select_for_update().get(pk=exam.pk)
    exam_ensure_editable(exam=exam)
    current = {field: getattr(exam, field) for field in EXAM_FIELDS}
    changed = {field for field, value in changes.items() if current.get(field) != value}
    frozen = [field for field in FROZEN_FIELDS if field in changed]
    if frozen:
        exam_ensure_structure_editable(exam=exam, field=frozen[0])
    values = _validate(exam, {**current, **changes})
    before = snapshot(exam)
    for field, value in values.items():
        setattr(exam, field, value)
    exam.save()
    audit_record(actor=actor, action="update", obj=exam, before=before, after=snapshot(exam), scope=exam)
    return exam


def _opening_check(exam: Exam) -> None:
    if not exam.parts.exists():
        raise ApplicationError(_("Add the exam's parts before opening it."), field="status")
    profile_check(kind=exam.kind, profile=exam.profile, held_on=exam.held_on)


@transaction.atomic
def exam_status_set(*, exam: Exam, actor, status: str) -> Exam:
    """Move an exam draft → open → closed (or back: open → draft before papers exist, closed → open); audited."""
    exam = Exam.objects.select_for_update().get(pk=exam.pk)
    if status == exam.status:
        return exam
    if status not in TRANSITIONS.get(exam.status, set()):
        raise ApplicationError(
            _("An exam cannot go from “%(from)s” to “%(to)s”.")
            % {"from": exam.get_status_display(), "to": Exam.Status(status).label},
            field="status",
        )
    if status == Exam.Status.OPEN and exam.status == Exam.Status.DRAFT:
        _opening_check(exam)
    if status == Exam.Status.DRAFT and exam_has_papers(exam=exam):
        raise ApplicationError(_("Papers exist for this exam: it cannot go back to draft."), field="status")
    before = snapshot(exam)
    exam.status = status
    exam.save(update_fields=["status"])
    audit_record(actor=actor, action="update", obj=exam, before=before, after=snapshot(exam), scope=exam)
    return exam
