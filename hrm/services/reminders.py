"""Reminders for HR officers, rebuilt from the registry and the rules in force (periodic task hrm.reminders_refresh).

Each kind is computed for all active staff with a few set-based queries (no per-person queries), then
the table is brought in line: rows that no longer apply are deleted, new ones created, changed ones
updated. Running it twice leaves the same rows. The services that change what a reminder depends on
(ratings, discipline, a record's details, a transfer) also refresh that one person's reminders after
commit (`reminders_refresh_after_commit`), with the same builders restricted to him.
"""

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.dated import in_force_q, short_date
from hrm.models import AnnualRating, Discipline, Employee, RankGroup, Reminder, SalaryGroup, SalaryRecord
from hrm.services.retirement import SEXES, retirement_compute, retirement_rules_load
from hrm.services.salary import add_months, raise_due_date

RAISE_WINDOW_DAYS = 60  # office policy: warn about step raises due within two months
RETIREMENT_WINDOW_MONTHS = 12  # and about retirements within a year
Kind = Reminder.Kind


def _active():
    return Employee.objects.filter(status=Employee.Status.ACTIVE)


def _raise_rules(today: dt.date) -> dict:
    """rank id → (group code, months per raise, last step), from the rows in force today."""
    groups = {
        (row["code"], row["table"]): (row["regular_raise_months"], row["last"])
        for row in SalaryGroup.objects.filter(in_force_q(today))
        .annotate(last=Max("steps__step"))
        .values("code", "table", "regular_raise_months", "last")
    }
    rules = {}
    for link in (
        RankGroup.objects.filter(in_force_q(today)).order_by("valid_from").values("rank_id", "group_code", "table")
    ):
        if (link["group_code"], link["table"]) in groups:
            rules[link["rank_id"]] = (link["group_code"], *groups[(link["group_code"], link["table"])])
    return rules


def _delays_by_employee(staff) -> dict:
    """employee id → [(discipline start, raise delay months)] for the staff in `staff`."""
    delays = defaultdict(list)
    rows = Discipline.objects.filter(employee__in=staff.values("id"))
    for employee_id, begins, months in rows.values_list("employee_id", "valid_from", "form__raise_delay_months"):
        delays[employee_id].append((begins, months))
    return delays


def _raises_due(today: dt.date, active) -> dict:
    """Regular step raises due by today + the window (overdue ones included), from the current salary fields.

    A salary change already recorded from a later date (pending, hrm.services.current) is the officer's answer:
    no reminder then."""
    rules = _raise_rules(today)
    if not rules:
        return {}
    horizon = today + dt.timedelta(days=RAISE_WINDOW_DAYS)
    shortest = min(months for _code, months, _last in rules.values())
    pending = SalaryRecord.objects.filter(employee=OuterRef("pk"), valid_from__gt=today)
    staff = active.filter(
        rank_id__in=list(rules), salary_step__isnull=False, step_since__lte=add_months(horizon, -shortest)
    ).exclude(Exists(pending))
    delays = _delays_by_employee(staff)
    found = {}
    for emp in staff.values("id", "unit_id", "rank_id", "salary_step", "step_since"):
        code, months, last = rules[emp["rank_id"]]
        if last is None or emp["salary_step"] >= last:
            continue
        due = raise_due_date(start=emp["step_since"], months=months, delays=delays[emp["id"]])
        if due <= horizon:
            detail = _("Group %(group)s: step %(step)s → %(next)s.") % {
                "group": code,
                "step": emp["salary_step"],
                "next": emp["salary_step"] + 1,
            }
            found[(Kind.RAISE_DUE, emp["id"], due)] = (emp["unit_id"], detail)
    return found


def _retirement(result: dict) -> str:
    return _("Retires at %(years)sy%(months)sm; notice by %(notice)s, decision by %(decision)s.") % {
        "years": result["age_years"],
        "months": result["age_months"],
        "notice": short_date(result["notice_date"], blank="—"),
        "decision": short_date(result["decision_date"], blank="—"),
    }


def _retirements_due(today: dt.date, active) -> dict:
    """Active staff whose retirement date falls before today + the window (overdue ones included)."""
    rules = retirement_rules_load()
    totals = [years * 12 + months for rows in rules.ages.values() for _f, _t, years, months in rows]
    if not totals:
        return {}
    horizon = add_months(today, RETIREMENT_WINDOW_MONTHS)
    born_before = dt.date(add_months(horizon, -min(totals)).year + 1, 1, 1)
    staff = active.filter(person__date_of_birth__lt=born_before, person__sex__in=SEXES).values(
        "id", "unit_id", "person__date_of_birth", "person__sex", "person__birth_year_only"
    )
    found = {}
    for emp in staff:
        result = retirement_compute(
            date_of_birth=emp["person__date_of_birth"],
            sex=emp["person__sex"],
            rules=rules,
            birth_year_only=emp["person__birth_year_only"],
        )
        if result and result["retirement_date"] <= horizon:
            found[(Kind.RETIREMENT_DUE, emp["id"], result["retirement_date"])] = (emp["unit_id"], _retirement(result))
    return found


def _ratings_missing(today: dt.date, active) -> dict:
    """Active staff recruited before the end of last year who have no rating for last year."""
    year = today.year - 1
    end = dt.date(year, 12, 31)
    rated = AnnualRating.objects.filter(employee=OuterRef("pk"), year=year)
    staff = active.filter(Q(recruited_on__isnull=True) | Q(recruited_on__lte=end)).filter(~Exists(rated))
    detail = _("No annual rating recorded for %(year)s.") % {"year": year}
    return {(Kind.RATING_MISSING, row["id"], end): (row["unit_id"], detail) for row in staff.values("id", "unit_id")}


def _missing_items(row: dict) -> list[str]:
    checks = [
        (not row["person__cccd"], _("citizen ID (CCCD)")),
        (row["rank_id"] is None, _("rank")),
        (row["salary_step"] is None, _("salary step")),
        (row["step_since"] is None, _("date the step started")),
        (row["person__birth_year_only"], _("exact date of birth")),
    ]
    return [label for missing, label in checks if missing]


def _records_incomplete(today: dt.date, active) -> dict:
    """Active staff records missing a CCCD, a rank, a salary step or its start, or an exact date of birth."""
    gaps = (
        Q(person__cccd__isnull=True)
        | Q(person__cccd="")
        | Q(rank__isnull=True)
        | Q(salary_step__isnull=True)
        | Q(step_since__isnull=True)
        | Q(person__birth_year_only=True)
    )
    staff = active.filter(gaps).values(
        "id",
        "unit_id",
        "created_at",
        "rank_id",
        "salary_step",
        "step_since",
        "person__cccd",
        "person__birth_year_only",
    )
    found = {}
    for row in staff:
        detail = _("Missing: %(items)s.") % {"items": ", ".join(_missing_items(row))}
        since = timezone.localtime(row["created_at"]).date()  # stable: incomplete since the record was created
        found[(Kind.RECORD_INCOMPLETE, row["id"], since)] = (row["unit_id"], detail[:255])
    return found


BUILDERS = (_raises_due, _retirements_due, _ratings_missing, _records_incomplete)


def _wanted(today: dt.date, active) -> dict:
    wanted = {}
    for build in BUILDERS:
        wanted.update(build(today, active))
    return wanted


def _sync(wanted: dict, *, employee_ids: list[int] | None = None) -> None:
    """Make the Reminder table (only these employees' rows, if given) equal to `wanted`.

    `wanted` maps (kind, employee id, due date) → (unit id, detail).
    """
    rows = Reminder.objects.all() if employee_ids is None else Reminder.objects.filter(employee_id__in=employee_ids)
    existing = {}
    for pk, kind, employee_id, due, unit_id, detail in rows.values_list(
        "id", "kind", "employee_id", "due_date", "unit_id", "detail"
    ):
        existing[(kind, employee_id, due)] = (pk, unit_id, detail)
    stale = [pk for key, (pk, _u, _d) in existing.items() if key not in wanted]
    for start in range(0, len(stale), 1000):
        Reminder.objects.filter(id__in=stale[start : start + 1000]).delete()
    changed = [
        Reminder(id=existing[key][0], unit_id=unit_id, detail=detail)
        for key, (unit_id, detail) in wanted.items()
        if key in existing and existing[key][1:] != (unit_id, detail)
    ]
    Reminder.objects.bulk_update(changed, ["unit_id", "detail"], batch_size=1000)
    new = [
        Reminder(kind=kind, employee_id=employee_id, due_date=due, unit_id=unit_id, detail=detail)
        for (kind, employee_id, due), (unit_id, detail) in wanted.items()
        if (kind, employee_id, due) not in existing
    ]
    Reminder.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)


@transaction.atomic
def reminders_refresh(*, today: dt.date | None = None) -> int:
    """Rebuild the reminders of all active staff; safe to run twice (same rows). Returns how many there are."""
    wanted = _wanted(today or timezone.localdate(), _active())
    _sync(wanted)
    return len(wanted)


@transaction.atomic
def reminders_refresh_for_employee(*, employee_id: int, today: dt.date | None = None) -> int:
    """Rebuild one staff member's reminders (none once he is no longer active); safe to run twice.

    The same rules as the daily rebuild, restricted to him: a handful of queries. Returns how many he has.
    """
    wanted = _wanted(today or timezone.localdate(), _active().filter(pk=employee_id))
    _sync(wanted, employee_ids=[employee_id])
    return len(wanted)


@transaction.atomic
def reminders_refresh_for_employees(*, employee_ids: list[int], today: dt.date | None = None) -> int:
    """Rebuild the reminders of these staff members (set-based, as the daily rebuild); safe to run twice."""
    wanted = {}
    for start in range(0, len(employee_ids), 1000):
        ids = employee_ids[start : start + 1000]
        part = _wanted(today or timezone.localdate(), _active().filter(pk__in=ids))
        _sync(part, employee_ids=ids)
        wanted.update(part)
    return len(wanted)


def reminders_refresh_after_commit(*, employee_id: int) -> None:
    """Refresh `employee_id`'s reminders once the current transaction commits (now, outside one).

    A failure there is logged, not raised: the change it follows is already committed, and the daily
    rebuild catches up.
    """

    def refresh() -> None:
        reminders_refresh_for_employee(employee_id=employee_id)

    transaction.on_commit(refresh, robust=True)
