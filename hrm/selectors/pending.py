"""Changes recorded from a later date (pending): what the profile marks, the list flags and the officers expect.

A pending change is a dated row (Assignment, SalaryRecord) that starts after today, a hire from a later date (the
record is "starting later" until then) or a leaving dated later (the record keeps working until then). Until its day
the record stays where it is: in its unit, with that unit's officers (hrm.services.current keeps the present columns
at what is in force today). The officer of the unit a person is moving into sees him meanwhile only as an arrival
(`staff_incoming_for_user`: name, staff number, date, unit, position), not as his staff: no profile, no changes, not
in his list, his reports or his exports, until the day the transfer is in force. A person hired from a later date is
in nobody's list, report or export until that day; his unit's officers see him among the arrivals and may open his
record (to correct or cancel the hire).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Min, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext

from common.dated import short_date
from hrm.access import STAFF_CHANGE
from hrm.models import Assignment, Employee, SalaryRecord
from hrm.selectors.scoping import unit_get_for_user, unit_scope_for_user

TRANSFER, POSITION, SALARY, HIRE, LEAVING = "transfer", "position", "salary", "hire", "leaving"
MODELS = {"assignment": Assignment, "salary": SalaryRecord}  # the URL's kind of row → its model
RECORD_KINDS = (HIRE, LEAVING)  # changes of the record itself: the URL names the record's own id


def pending_mark(day: dt.date) -> str:
    """The words that mark a pending change: "từ 01/12/2026, chờ hiệu lực"."""
    return gettext("from %(date)s, pending") % {"date": short_date(day)}


@dataclass(frozen=True)
class PendingChange:
    kind: str  # TRANSFER, POSITION (the same unit), SALARY, HIRE or LEAVING
    valid_from: dt.date
    summary: str
    row: Assignment | SalaryRecord | Employee  # the record itself for HIRE and LEAVING

    @property
    def mark(self) -> str:
        return pending_mark(self.valid_from)

    @property
    def row_kind(self) -> str:
        if self.kind in RECORD_KINDS:
            return self.kind
        return "assignment" if isinstance(self.row, Assignment) else "salary"


def _assignment_summary(row: Assignment, previous: Assignment | None) -> tuple[str, str]:
    if previous is not None and previous.unit_id == row.unit_id:
        return POSITION, gettext("Position: %(position)s") % {"position": row.position or "—"}
    summary = gettext("Transfer to %(unit)s") % {"unit": row.unit.name}
    return TRANSFER, f"{summary} — {row.position}" if row.position else summary


def _salary_summary(row: SalaryRecord) -> str:
    return gettext("%(reason)s: %(rank)s %(name)s, step %(step)s, coefficient %(coefficient)s") % {
        "reason": row.get_reason_display(),
        "rank": row.rank.code,
        "name": row.rank.name,
        "step": row.step,
        "coefficient": formats.number_format(row.coefficient, 2, use_l10n=True),
    }


def _pending(rows: list, today: dt.date) -> list[tuple]:
    """(row, the row before it) for the rows starting after `today`, among rows sorted by their start."""
    return [(row, rows[i - 1] if i else None) for i, row in enumerate(rows) if row.valid_from > today]


def employee_pending_changes(*, employee: Employee, today: dt.date | None = None) -> list[PendingChange]:
    """The changes of `employee` recorded from a later date than `today` (transfers, position and salary changes),
    the earliest first."""
    today = today or timezone.localdate()
    current = Q(valid_to__isnull=True) | Q(valid_to__gt=today)
    assignments = list(
        Assignment.objects.filter(current, employee=employee).select_related("unit").order_by("valid_from")
    )
    salaries = list(
        SalaryRecord.objects.filter(current, employee=employee).select_related("rank").order_by("valid_from")
    )
    changes, starts = [], None
    if employee.status == Employee.Status.PENDING and assignments:  # the hire itself, not its first rows, is pending
        first = assignments[0]
        starts = first.valid_from
        summary = gettext("Recruitment into %(unit)s") % {"unit": first.unit.name}
        changes.append(
            PendingChange(HIRE, starts, f"{summary} — {first.position}" if first.position else summary, employee)
        )
    for row, previous in _pending(assignments, today):
        if row.valid_from != starts:
            kind, summary = _assignment_summary(row, previous)
            changes.append(PendingChange(kind, row.valid_from, summary, row))
    for row, _previous in _pending(salaries, today):
        if row.valid_from != starts:
            changes.append(PendingChange(SALARY, row.valid_from, _salary_summary(row), row))
    if employee.leaving_status and employee.left_on and employee.left_on > today:
        status = Employee.Status(employee.leaving_status).label
        changes.append(
            PendingChange(LEAVING, employee.left_on, gettext("Leaving: %(status)s") % {"status": status}, employee)
        )
    return sorted(changes, key=lambda change: (change.valid_from, change.kind))


def employee_pending_from(*, employee_ids: list[int], today: dt.date | None = None) -> dict[int, dt.date]:
    """{employee id: the first day one of his pending changes comes into force} for those of `employee_ids` with one
    (two grouped queries: for a page of the list)."""
    today = today or timezone.localdate()
    found: dict[int, dt.date] = {}
    for model in (Assignment, SalaryRecord):
        rows = (
            model.objects.filter(employee_id__in=employee_ids, valid_from__gt=today)
            .values("employee_id")
            .annotate(first=Min("valid_from"))
            .values_list("employee_id", "first")
        )
        for employee_id, first in rows:
            found[employee_id] = min(first, found.get(employee_id, first))
    leaving = Employee.objects.filter(pk__in=employee_ids, left_on__gt=today, leaving_status__gt="")
    for employee_id, day in leaving.values_list("pk", "left_on"):
        found[employee_id] = min(day, found.get(employee_id, day))
    return found


def staff_incoming_for_user(*, user, today: dt.date | None = None) -> QuerySet:
    """Pending arrivals into `user`'s units, the earliest first: the first assignment of people hired from a later
    date, and assignments starting after today of working staff who are not his staff today (they are still in a
    unit outside his scope). `employee.status` tells them apart (PENDING: a hire)."""
    today = today or timezone.localdate()
    scope = unit_scope_for_user(user=user)
    if scope.empty:
        return Assignment.objects.none()
    hires = Q(employee__status=Employee.Status.PENDING)
    if scope.everywhere:  # every working person is already his staff: only the hires arrive
        arriving = hires
    else:
        arriving = scope.q("unit") & (hires | (Q(employee__status=Employee.Status.ACTIVE) & ~scope.q("employee__unit")))
    return (
        Assignment.objects.filter(arriving, valid_from__gt=today)
        .select_related("employee__person", "employee__unit", "unit")
        .order_by("valid_from", "employee__person__name_sort", "pk")
    )


def pending_row_for_writer(*, user, employee: Employee, kind: str, pk: int, today: dt.date | None = None):
    """A pending row of `employee` that `user` may cancel (he may change the record, and a transfer's unit is one
    of his, as for recording it), else None."""
    today = today or timezone.localdate()
    if kind in RECORD_KINDS:  # the hire or the leaving of the record: `pk` is its own id
        pending = employee.status == Employee.Status.PENDING if kind == HIRE else bool(employee.leaving_status)
        if pk != employee.pk or not pending:
            return None
        return employee if unit_get_for_user(user=user, unit_id=employee.unit_id, action=STAFF_CHANGE) else None
    model = MODELS.get(kind)
    if model is None:
        return None
    row = model.objects.filter(employee=employee, pk=pk, valid_from__gt=today).first()
    if row is None:
        return None
    if model is Assignment and unit_get_for_user(user=user, unit_id=row.unit_id, action=STAFF_CHANGE) is None:
        return None
    return row


def employee_pending_for_user(*, user, employee: Employee, today: dt.date | None = None) -> list[dict]:
    """The profile's pending changes of `employee`, each {"change", "cancellable"}: whether `user` may cancel it."""
    from hrm.selectors.edit import employee_writable

    changes = employee_pending_changes(employee=employee, today=today)
    writable = bool(changes) and employee_writable(user=user, employee=employee)
    return [
        {
            "change": change,
            "cancellable": writable
            and pending_row_for_writer(
                user=user, employee=employee, kind=change.row_kind, pk=change.row.pk, today=today
            )
            is not None,
        }
        for change in changes
    ]
