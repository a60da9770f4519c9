"""A staff member's annual ratings, rewards and discipline: checked against the rules in force, audited.

Ratings and discipline forms are named by their code; the service stores the rule row in force (the
rating levels at the end of the rated year, the discipline form on the day it takes effect).
Every refusal is an ApplicationError naming the input it is about, raised before anything is written.
Every change refreshes the staff member's reminders once it is committed.
"""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from common.dated import short_date
from common.errors import ApplicationError
from common.services import audit_record, snapshot
from hrm.models import AnnualRating, Discipline, DisciplineForm, Employee, RatingLevel, Reward, RuleValue
from hrm.services.reminders import reminders_refresh_after_commit

RATING_MAX_SCORE_KEY = "rating_max_score"  # optional RuleValue: the top of the scored rating's scale


def _latest_per_code(rows, order) -> list:
    chosen = {}
    for row in sorted(rows, key=lambda r: r.valid_from):
        chosen[row.code] = row  # a later row for the same code replaces an earlier one still open
    return sorted(chosen.values(), key=order)


def _best_first(level: RatingLevel):
    return (level.rank_order, level.code)


def _mildest_first(form: DisciplineForm):
    return (form.severity, form.raise_delay_months, form.pk)


def _changed(*, actor, action: str, obj, employee: Employee, before: dict | None = None, after: dict | None = None):
    """Audit a change to one of `employee`'s rows; his reminders (rating missing, raise due) follow after commit."""
    audit_record(actor=actor, action=action, obj=obj, before=before, after=after, unit_id=employee.unit_id)
    reminders_refresh_after_commit(employee_id=employee.pk)


# --- Annual ratings ------------------------------------------------------------------------------
def rating_day(year: int) -> dt.date:
    """A year's rating is judged by the rules in force at the end of that year."""
    return dt.date(year, 12, 31)


def rating_levels_for(*, staff_type: str, year: int) -> list[RatingLevel]:
    """Rating levels in force at the end of `year` for `staff_type`, best first.

    Rows made for that staff type (scored ratings of viên chức from 2026) replace the general ones.
    """
    rows = list(RatingLevel.objects.in_force(rating_day(year)).filter(staff_type__in=["", staff_type]))
    specific = [row for row in rows if row.staff_type]
    return _latest_per_code(specific or rows, _best_first)


def rating_level_choices(*, staff_type: str) -> list[tuple[str, str]]:
    """(code, name) of every rating level that applies to `staff_type` in any year, best first."""
    rows = RatingLevel.objects.filter(staff_type__in=["", staff_type])
    return [(row.code, row.name) for row in _latest_per_code(rows, _best_first)]


def rating_values(rating: AnnualRating) -> dict:
    """The inputs that would record `rating` again (the level by its code)."""
    return {"year": rating.year, "level": rating.level.code, "score": rating.score, "note": rating.note}


def _check_year(*, employee: Employee, year: int) -> None:
    if year > timezone.localdate().year:
        raise ApplicationError(_("A rating cannot be recorded for a future year."), field="year")
    if employee.recruited_on and year < employee.recruited_on.year:
        raise ApplicationError(
            _("The staff member was recruited in %(year)s: no rating before that year.")
            % {"year": employee.recruited_on.year},
            field="year",
        )


def _rating_level(*, employee: Employee, year: int, code: str) -> tuple[RatingLevel, list[RatingLevel]]:
    levels = rating_levels_for(staff_type=employee.staff_type, year=year)
    if not levels:
        raise ApplicationError(_("No rating levels are in force for %(year)s.") % {"year": year}, field="year")
    level = next((row for row in levels if row.code == code), None)
    if level is None:
        names = ", ".join(row.name for row in levels)
        raise ApplicationError(
            _("This level is not in force for %(year)s; the levels are: %(levels)s.") % {"year": year, "levels": names},
            field="level",
        )
    return level, levels


def _check_score(*, level: RatingLevel, levels: list[RatingLevel], score: Decimal | None, year: int) -> None:
    if not any(row.min_score is not None for row in levels):
        if score is not None:
            raise ApplicationError(
                _("Ratings for %(year)s are not scored: leave the score empty.") % {"year": year}, field="score"
            )
        return
    if score is None:
        raise ApplicationError(_("Ratings for %(year)s are scored: enter the score.") % {"year": year}, field="score")
    if score < 0:
        raise ApplicationError(_("The score cannot be negative."), field="score")
    top = RuleValue.objects.filter(key=RATING_MAX_SCORE_KEY).in_force_one(rating_day(year))
    if top is not None and score > top.value:
        raise ApplicationError(
            _("The score cannot be above %(max)s.") % {"max": formats.localize(top.value.normalize())}, field="score"
        )
    if level.min_score is not None and score < level.min_score:
        raise ApplicationError(
            _("“%(level)s” needs at least %(min)s points.")
            % {"level": level.name, "min": formats.localize(level.min_score.normalize())},
            field="score",
        )


def _rating_fill(rating: AnnualRating, *, employee, year: int, level: str, score, note: str) -> None:
    _check_year(employee=employee, year=year)
    row, levels = _rating_level(employee=employee, year=year, code=level)
    _check_score(level=row, levels=levels, score=score, year=year)
    rating.year, rating.level, rating.score, rating.note = year, row, score, (note or "").strip()


def _rating_save(rating: AnnualRating) -> None:
    taken = AnnualRating.objects.filter(employee_id=rating.employee_id, year=rating.year).exclude(pk=rating.pk)
    message = _("A rating for %(year)s is already recorded: correct that one instead.") % {"year": rating.year}
    if taken.exists():
        raise ApplicationError(message, field="year")
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:  # recorded by someone else meanwhile (the one-a-year constraint)
        raise ApplicationError(message, field="year") from None


@transaction.atomic
def rating_create(
    *, employee: Employee, year: int, level: str, actor, score: Decimal | None = None, note: str = ""
) -> AnnualRating:
    """Record `employee`'s rating for `year` (one a year) at a level in force for that year; audited."""
    rating = AnnualRating(employee=employee)
    _rating_fill(rating, employee=employee, year=year, level=level, score=score, note=note)
    _rating_save(rating)
    _changed(actor=actor, action="create", obj=rating, employee=employee, after=snapshot(rating))
    return rating


@transaction.atomic
def rating_update(
    *, rating: AnnualRating, year: int, level: str, actor, score: Decimal | None = None, note: str = ""
) -> AnnualRating:
    """Correct a recorded rating (year, level, score, note) under the same rules; audited."""
    before = snapshot(rating)
    _rating_fill(rating, employee=rating.employee, year=year, level=level, score=score, note=note)
    _rating_save(rating)
    _changed(actor=actor, action="update", obj=rating, employee=rating.employee, before=before, after=snapshot(rating))
    return rating


@transaction.atomic
def rating_delete(*, rating: AnnualRating, actor) -> None:
    """Delete a rating recorded by mistake; audited."""
    before, employee = snapshot(rating), rating.employee
    _changed(actor=actor, action="delete", obj=rating, employee=employee, before=before)
    rating.delete()


# --- Rewards -------------------------------------------------------------------------------------
def reward_values(reward: Reward) -> dict:
    """The inputs that would record `reward` again."""
    return {"date": reward.date, "form": reward.form, "authority": reward.authority, "decision_no": reward.decision_no}


def _reward_fill(reward: Reward, *, date: dt.date, form: str, authority: str, decision_no: str) -> None:
    form = (form or "").strip()
    if not form:
        raise ApplicationError(_("Enter the form of the reward."), field="form")
    if date > timezone.localdate():
        raise ApplicationError(_("The date cannot be in the future."), field="date")
    reward.date, reward.form = date, form
    reward.authority, reward.decision_no = (authority or "").strip(), (decision_no or "").strip()


@transaction.atomic
def reward_create(
    *, employee: Employee, date: dt.date, form: str, actor, authority: str = "", decision_no: str = ""
) -> Reward:
    """Record a reward (emulation title, certificate of merit, ...) given to `employee`; audited."""
    reward = Reward(employee=employee)
    _reward_fill(reward, date=date, form=form, authority=authority, decision_no=decision_no)
    reward.save()
    _changed(actor=actor, action="create", obj=reward, employee=employee, after=snapshot(reward))
    return reward


@transaction.atomic
def reward_update(
    *, reward: Reward, date: dt.date, form: str, actor, authority: str = "", decision_no: str = ""
) -> Reward:
    """Correct a recorded reward; audited."""
    before = snapshot(reward)
    _reward_fill(reward, date=date, form=form, authority=authority, decision_no=decision_no)
    reward.save()
    _changed(actor=actor, action="update", obj=reward, employee=reward.employee, before=before, after=snapshot(reward))
    return reward


@transaction.atomic
def reward_delete(*, reward: Reward, actor) -> None:
    """Delete a reward recorded by mistake; audited."""
    _changed(actor=actor, action="delete", obj=reward, employee=reward.employee, before=snapshot(reward))
    reward.delete()


# --- Discipline ----------------------------------------------------------------------------------
def discipline_form_choices(*, staff_type: str | None = None) -> list[tuple[str, str]]:
    """(code, name) of every form of discipline in the rules (those for `staff_type` when given), mildest first."""
    rows = _latest_per_code(DisciplineForm.objects.all(), _mildest_first)
    return [(row.code, row.name) for row in rows if staff_type is None or row.applies_to(staff_type)]


def discipline_values(discipline: Discipline) -> dict:
    """The inputs that would record `discipline` again (the form by its code)."""
    return {
        "form": discipline.form.code,
        "valid_from": discipline.valid_from,
        "valid_to": discipline.valid_to,
        "reason": discipline.reason,
        "decision_no": discipline.decision_no,
    }


def _discipline_form(*, code: str, on: dt.date, employee: Employee) -> DisciplineForm:
    row = DisciplineForm.objects.filter(code=code).in_force_one(on)
    if row is None:
        raise ApplicationError(
            _("This form of discipline is not in force on %(date)s.") % {"date": short_date(on)}, field="form"
        )
    if not row.applies_to(employee.staff_type):
        message = _("%(form)s is not a form of discipline for %(type)s.")
        raise ApplicationError(message % {"form": row.name, "type": employee.get_staff_type_display()}, field="form")
    return row


def _discipline_fill(
    discipline: Discipline, *, form: str, valid_from: dt.date, valid_to: dt.date | None, reason: str, decision_no: str
) -> None:
    if valid_to is not None and valid_to <= valid_from:
        raise ApplicationError(_("The end date must be after the start date."), field="valid_to")
    discipline.form = _discipline_form(code=form, on=valid_from, employee=discipline.employee)
    discipline.valid_from, discipline.valid_to = valid_from, valid_to
    discipline.reason, discipline.decision_no = (reason or "").strip(), (decision_no or "").strip()


@transaction.atomic
def discipline_create(
    *,
    employee: Employee,
    form: str,
    valid_from: dt.date,
    actor,
    valid_to: dt.date | None = None,
    reason: str = "",
    decision_no: str = "",
) -> Discipline:
    """Record a discipline in effect from `valid_from` (it delays the next regular step raise); audited."""
    discipline = Discipline(employee=employee)
    _discipline_fill(
        discipline, form=form, valid_from=valid_from, valid_to=valid_to, reason=reason, decision_no=decision_no
    )
    discipline.save()
    _changed(actor=actor, action="create", obj=discipline, employee=employee, after=snapshot(discipline))
    return discipline


@transaction.atomic
def discipline_update(
    *,
    discipline: Discipline,
    form: str,
    valid_from: dt.date,
    actor,
    valid_to: dt.date | None = None,
    reason: str = "",
    decision_no: str = "",
) -> Discipline:
    """Correct a recorded discipline, or record the day it was lifted (`valid_to`); audited."""
    before = snapshot(discipline)
    _discipline_fill(
        discipline, form=form, valid_from=valid_from, valid_to=valid_to, reason=reason, decision_no=decision_no
    )
    discipline.save()
    _changed(
        actor=actor,
        action="update",
        obj=discipline,
        employee=discipline.employee,
        before=before,
        after=snapshot(discipline),
    )
    return discipline


@transaction.atomic
def discipline_delete(*, discipline: Discipline, actor) -> None:
    """Delete a discipline recorded by mistake; audited."""
    _changed(actor=actor, action="delete", obj=discipline, employee=discipline.employee, before=snapshot(discipline))
    discipline.delete()
