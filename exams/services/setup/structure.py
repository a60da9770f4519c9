"""An exam's positions (with quotas per agency) and parts: create, change, delete, each refusal on its field.

A position's code and a part's key are unique in the exam; a position names a rank (civil servants) or a
professional title (public employees) as the exam's profile says; a part's bank is one the board member sits on.
Parts, and whether a position requires a foreign language, are structure: frozen once papers exist.
"""

import re
from decimal import Decimal

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.services import audit_record, delete_audited, snapshot
from exams.models import Exam, Part, Position, PositionQuota
from exams.selectors.banks import bank_list_for_user
from exams.selectors.setup import RANK_KINDS
from exams.services.setup.exams import exam_ensure_editable, exam_ensure_structure_editable
from hrm.models import OrgUnit, Rank

POSITION_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,29}$")
PART_KEY_RE = re.compile(r"^[a-z][a-z0-9_-]{0,29}$")


def _write(*, obj, actor, exam: Exam, values: dict, action: str):
    before = snapshot(obj) if obj.pk else None
    for field, value in values.items():
        setattr(obj, field, value)
    obj.save()
    audit_record(actor=actor, action=action, obj=obj, before=before, after=snapshot(obj), scope=exam)
    return obj


def _delete(*, obj, actor, exam: Exam, refusal: str):
    try:
        delete_audited(obj=obj, actor=actor, scope=exam)
    except ProtectedError as exc:
        raise ApplicationError(refusal) from exc


# --- Positions and quotas ----------------------------------------------------------------------
def _rank(exam: Exam, rank: Rank | None) -> None:
    kinds = RANK_KINDS.get(exam.profile.staff_type)
    if rank is not None and kinds and rank.kind not in kinds:
        raise ApplicationError(
            _("“%(rank)s” is a %(kind)s; this exam follows a profile for %(staff)s.")
            % {"rank": rank, "kind": rank.get_kind_display().lower(), "staff": exam.profile.get_staff_type_display()},
            field="rank",
        )


def _position_values(exam: Exam, position: Position, values: dict) -> dict:
    code = (values.get("code") or "").strip()
    if not POSITION_CODE_RE.match(code):
        raise ApplicationError(
            _("A position code has 1 to 30 letters, digits, dots, dashes or underscores."), field="code"
        )
    if exam.positions.filter(code=code).exclude(pk=position.pk).exists():
        raise ApplicationError(_("Another position of this exam has this code."), field="code")
    if not (values.get("name") or "").strip():
        raise ApplicationError(_("Give the position a name."), field="name")
    _rank(exam, values.get("rank"))
    return {**values, "code": code, "name": values["name"].strip()}


POSITION_FIELDS = ("code", "name", "rank", "requires_language", "description")


@transaction.atomic
def position_create(*, exam: Exam, actor, **values) -> Position:
    """Add a position to the exam (code unique in it); audited on the exam's trail."""
    exam_ensure_editable(exam=exam)
    if values.get("requires_language"):
        exam_ensure_structure_editable(exam=exam, field="requires_language")
    values = {"rank": None, "requires_language": False, "description": "", **values}
    position = Position(exam=exam)
    return _write(
        obj=position, actor=actor, exam=exam, values=_position_values(exam, position, values), action="create"
    )


@transaction.atomic
def position_update(*, position: Position, actor, **changes) -> Position:
    """Change a position; whether it requires a language is frozen once papers exist; audited."""
    exam = position.exam
    exam_ensure_editable(exam=exam)
    if "requires_language" in changes and changes["requires_language"] != position.requires_language:
        exam_ensure_structure_editable(exam=exam, field="requires_language")
    values = {field: getattr(position, field) for field in POSITION_FIELDS} | changes
    return _write(
        obj=position, actor=actor, exam=exam, values=_position_values(exam, position, values), action="update"
    )


@transaction.atomic
def position_delete(*, position: Position, actor) -> None:
    """Delete a position (its quotas go with it); refused once candidates applied for it or it has parts with papers."""
    exam = position.exam
    exam_ensure_editable(exam=exam)
    if position.parts.exists():
        exam_ensure_structure_editable(exam=exam)
    count = position.candidates.count()
    if count:
        raise ApplicationError(
            _("%(count)s candidates applied for this position: it cannot be deleted.") % {"count": count}
        )
    _delete(obj=position, actor=actor, exam=exam, refusal=_("This position is in use and cannot be deleted."))


@transaction.atomic
def quota_set(*, position: Position, agency: OrgUnit, quota: int, actor) -> PositionQuota:
    """Set how many people the position takes in `agency` (a quota of 0 removes it); audited."""
    exam = position.exam
    exam_ensure_editable(exam=exam)
    if agency.valid_to is not None:
        raise ApplicationError(_("This agency has been dissolved."), field="agency")
    if quota is None or quota < 0:
        raise ApplicationError(_("A quota is a whole number of people, 0 or more."), field="quota")
    row = PositionQuota.objects.filter(position=position, agency=agency).first()
    if quota == 0:
        if row is not None:
            quota_delete(quota=row, actor=actor)
        return None
    if row is None:
        row = PositionQuota(position=position, agency=agency)
        return _write(obj=row, actor=actor, exam=exam, values={"quota": quota}, action="create")
    return _write(obj=row, actor=actor, exam=exam, values={"quota": quota}, action="update")


@transaction.atomic
def quota_delete(*, quota: PositionQuota, actor) -> None:
    """Remove an agency's quota from a position; audited."""
    exam = quota.position.exam
    exam_ensure_editable(exam=exam)
    _delete(obj=quota, actor=actor, exam=exam, refusal=_("This quota is in use."))


# --- Parts -------------------------------------------------------------------------------------
PART_FIELDS = ("round", "key", "name", "mode", "position", "bank", "questions", "minutes", "max_score", "order")


def _part_key(exam: Exam, part: Part, key: str, position: Position | None) -> str:
    key = (key or "").strip().lower()
    if not PART_KEY_RE.match(key):
        raise ApplicationError(
            _("A part key has 1 to 30 lower-case letters, digits, dashes or underscores, starting with a letter."),
            field="key",
        )
    if exam.parts.filter(key=key, position=position).exclude(pk=part.pk).exists():
        raise ApplicationError(_("Another part of this exam has this key for the same candidates."), field="key")
    return key


def _part_numbers(values: dict) -> None:
    if not values.get("round") or values["round"] < 1:
        raise ApplicationError(_("The round is 1 or more."), field="round")
    if not values.get("minutes") or values["minutes"] < 1:
        raise ApplicationError(_("A part lasts at least one minute."), field="minutes")
    if values.get("max_score") is None or Decimal(values["max_score"]) <= 0:
        raise ApplicationError(_("The maximum score must be more than 0."), field="max_score")
    if values["mode"] == Part.Mode.COMPUTER and not values.get("questions"):
        raise ApplicationError(_("A part on computer needs a number of questions."), field="questions")


def _part_shifts(part: Part, minutes: int) -> None:
    """A part made longer must still fit in the shifts that take it."""
    from exams.services.setup.rooms import shift_minutes_needed

    if not part.pk or minutes <= part.minutes:
        return
    for shift in part.shifts.all():
        parts = [p if p.pk != part.pk else Part(minutes=minutes, position=part.position) for p in shift.parts.all()]
        needed = shift_minutes_needed(parts=parts, exam=part.exam)
        if needed > shift.duration_minutes:
            raise ApplicationError(
                _("Shift “%(shift)s” lasts %(duration)s minutes; with this part its parts need %(needed)s.")
                % {"shift": shift.name, "duration": shift.duration_minutes, "needed": needed},
                field="minutes",
            )


def _part_values(exam: Exam, part: Part, values: dict, user) -> dict:
    position, bank = values.get("position"), values.get("bank")
    if position is not None and position.exam_id != exam.pk:
        raise ApplicationError(_("This position belongs to another exam."), field="position")
    if bank is not None and not bank_list_for_user(user=user).filter(pk=bank.pk).exists():
        raise ApplicationError(_("You do not sit on the board of this question bank."), field="bank")
    if not (values.get("name") or "").strip():
        raise ApplicationError(_("Give the part a name."), field="name")
    values["key"] = _part_key(exam, part, values.get("key"), position)
    values["name"] = values["name"].strip()
    _part_numbers(values)
    _part_shifts(part, values["minutes"])
    return values


@transaction.atomic
def part_create(*, exam: Exam, actor, **values) -> Part:
    """Add a part to the exam (refused once papers exist); audited."""
    exam_ensure_structure_editable(exam=exam)
    defaults = {"round": 1, "mode": Part.Mode.COMPUTER, "position": None, "bank": None, "questions": 0}
    defaults |= {"max_score": Decimal(100), "order": exam.parts.count() + 1}
    part = Part(exam=exam)
    values = _part_values(exam, part, {**defaults, **values}, actor)
    return _write(obj=part, actor=actor, exam=exam, values=values, action="create")


@transaction.atomic
def part_update(*, part: Part, actor, **changes) -> Part:
    """Change a part (refused once papers exist; a longer part must fit its shifts); audited."""
    exam = part.exam
    exam_ensure_structure_editable(exam=exam)
    values = {field: getattr(part, field) for field in PART_FIELDS} | changes
    return _write(obj=part, actor=actor, exam=exam, values=_part_values(exam, part, values, actor), action="update")


@transaction.atomic
def part_delete(*, part: Part, actor) -> None:
    """Delete a part with its blueprint (refused once papers exist); audited."""
    exam = part.exam
    exam_ensure_structure_editable(exam=exam)
    _delete(obj=part, actor=actor, exam=exam, refusal=_("This part is in use and cannot be deleted."))
