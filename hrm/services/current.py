"""A staff record's present columns follow its dated rows in force today; a change from a later date is pending.

`Employee.unit`, `position`, `rank`, `salary_step`, `coefficient`, the allowances and `step_since` are a copy of
the Assignment and SalaryRecord rows in force *today* (common.dated). The staff list, the unit scoping, exports and
reminders read the copy: one indexed table for 100,000 staff. Everything about another date, and every page about
one person, reads the rows themselves. The services that write dated rows call `employee_current_refresh`, so a
change from today or earlier shows at once and one from a later date does not; the periodic task
`hrm.staff_current_refresh` moves the copy on the day such a change comes into force.

The status is present too: a record hired from a later date is "starting later" (Employee.Status.PENDING) until his
first assignment is in force, and one whose leaving is dated later works on (`leaving_status` keeps how he leaves)
until `left_on`; the same task moves them on that day.
"""

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext

from common.dated import in_force_among, in_force_q
from common.errors import ApplicationError
from common.middleware import current_audit_context
from common.models import AuditEntry
from common.services import audit_bulk, audit_record, diff, snapshot
from hrm.models import Assignment, Employee, SalaryRecord
from hrm.services.reminders import reminders_refresh_after_commit, reminders_refresh_for_employees

PRESENT_FIELDS = (  # attnames on Employee
    "unit_id",
    "position",
    "rank_id",
    "salary_step",
    "coefficient",
    "position_allowance",
    "other_allowance",
    "step_since",
)


def _assignments_on(ids: list[int], on: dt.date) -> dict[int, dict]:
    rows = (
        Assignment.objects.filter(in_force_q(on), employee_id__in=ids)
        .order_by("valid_from")  # the latest-starting row wins if rows overlap
        .values_list("employee_id", "unit_id", "position")
    )
    return {employee_id: {"unit_id": unit_id, "position": position} for employee_id, unit_id, position in rows}


def _step_start(history: list[tuple], row: tuple) -> dt.date:
    """The day `row`'s step counts from: its stored step_since, else the start of the unbroken run of rows with its
    rank and step (hrm.services.salary's rule, on loaded rows)."""
    if row[-1] is not None:
        return row[-1]
    start = row[0]
    for earlier in reversed(history[: history.index(row)]):
        if earlier[1] != start or earlier[2:4] != row[2:4]:
            break
        start = earlier[0]
        if earlier[-1] is not None:
            return earlier[-1]
    return start


def _salaries_on(ids: list[int], on: dt.date) -> dict[int, dict]:
    histories = defaultdict(list)
    rows = (
        SalaryRecord.objects.filter(employee_id__in=ids, valid_from__lte=on)
        .order_by("valid_from", "pk")
        .values_list(
            "employee_id",
            "valid_from",
            "valid_to",
            "rank_id",
            "step",
            "coefficient",
            "position_allowance",
            "other_allowance",
            "step_since",
        )
    )
    for employee_id, *row in rows:
        histories[employee_id].append(tuple(row))
    present = {}
    for employee_id, history in histories.items():
        row = in_force_among(history, on)
        if row is not None:
            _from, _to, rank_id, step, coefficient, position_allowance, other_allowance, _since = row
            present[employee_id] = {
                "rank_id": rank_id,
                "salary_step": step,
                "coefficient": coefficient,
                "position_allowance": position_allowance,
                "other_allowance": other_allowance,
                "step_since": _step_start(history, row),
            }
    return present


def employee_present_on(*, employee_ids: list[int], on: dt.date) -> dict[int, dict]:
    """{employee id: the present columns as his rows in force on `on` give them}; a record without a row in force
    that day (not yet recruited, gone) is left out, and so is the pay of one without a salary row then."""
    present = defaultdict(dict)
    for part in (_assignments_on(employee_ids, on), _salaries_on(employee_ids, on)):
        for employee_id, values in part.items():
            present[employee_id].update(values)
    return dict(present)


def _stale_ids(on: dt.date) -> set[int]:
    """Staff whose present columns differ from their rows in force on `on`: two joins, no per-person query."""
    e = "employee__"
    moved = Assignment.objects.filter(in_force_q(on)).exclude(unit_id=F(f"{e}unit_id"), position=F(f"{e}position"))
    paid = SalaryRecord.objects.filter(in_force_q(on)).filter(
        ~Q(rank_id=F(f"{e}rank_id"))
        | ~Q(step=F(f"{e}salary_step"))
        | ~Q(coefficient=F(f"{e}coefficient"))
        | ~Q(position_allowance=F(f"{e}position_allowance"))
        | ~Q(other_allowance=F(f"{e}other_allowance"))
        | Q(**{f"{e}rank__isnull": True})
        | Q(**{f"{e}salary_step__isnull": True})
        | Q(**{f"{e}coefficient__isnull": True})
        | Q(**{f"{e}step_since__isnull": True})
    )
    return set(moved.values_list("employee_id", flat=True)) | set(paid.values_list("employee_id", flat=True))


def _entry(*, actor, employee: Employee, before: dict, after: dict, note: str) -> AuditEntry:
    actor = actor or current_audit_context().get("user")
    known = actor is not None and getattr(actor, "pk", None)
    return AuditEntry(
        actor=actor if known else None,
        actor_name=getattr(actor, "username", "") if known else "",
        action=AuditEntry.Action.UPDATE,
        model="hrm.employee",
        object_id=str(employee.pk),
        object_repr=str(employee)[:255],
        unit_id=employee.unit_id,
        changes=diff(before, after),
        note=note,
    )


def _write(changes: dict[int, dict], now) -> None:
    """One UPDATE per set of equal changes: a day's changes share their units, ranks, steps and dates, and a
    plain UPDATE … WHERE id IN (…) is far cheaper than bulk_update's CASE per row and column."""
    groups = defaultdict(list)
    for employee_id, values in changes.items():
        groups[tuple(sorted(values.items()))].append(employee_id)
    for values, ids in groups.items():
        for start in range(0, len(ids), 1000):
            Employee.objects.filter(pk__in=ids[start : start + 1000]).update(updated_at=now, **dict(values))


def _apply(employees: list[Employee], present: dict[int, dict], *, actor, note: str = "") -> list[Employee]:
    """Set each record's present columns to `present`; write and audit the ones that moved. Returns those."""
    moved, entries, changes = [], [], {}
    now = timezone.now()
    for employee in employees:
        before = snapshot(employee)
        for name, value in present.get(employee.pk, {}).items():
            setattr(employee, name, value)
        after = snapshot(employee)
        if after == before:
            continue
        changes[employee.pk] = {name: getattr(employee, name) for name in PRESENT_FIELDS if before[name] != after[name]}
        employee.updated_at = now
        moved.append(employee)
        entries.append(_entry(actor=actor, employee=employee, before=before, after=after, note=note))
    if moved:
        _write(changes, now)
        audit_bulk(entries)
    return moved


def employee_current_refresh(*, employee: Employee, actor, today: dt.date | None = None) -> bool:
    """Bring `employee`'s present columns to his rows in force today (a change from a later date waits); audited
    as the record's change. Returns whether they moved. Callers refresh his reminders."""
    today = today or timezone.localdate()
    return bool(_apply([employee], employee_present_on(employee_ids=[employee.pk], on=today), actor=actor))


def _status_due(today: dt.date) -> list[Employee]:
    """Records whose status moves today: a hire from a later date whose day has come, a leaving whose day has come."""
    started = Exists(Assignment.objects.filter(in_force_q(today), employee=OuterRef("pk")))
    due = Q(started, status=Employee.Status.PENDING) | Q(
        status=Employee.Status.ACTIVE, left_on__lte=today, leaving_status__gt=""
    )
    return list(Employee.objects.select_for_update(of=("self",)).filter(due).select_related("person"))


def _statuses_move(employees: list[Employee], *, note: str) -> list[int]:
    """Move each record's status to what it is from today on; audited as the record's change."""
    entries, now = [], timezone.now()
    for employee in employees:
        before = snapshot(employee)
        if employee.status == Employee.Status.PENDING:
            employee.status = Employee.Status.ACTIVE
        else:
            employee.status, employee.leaving_status = employee.leaving_status, ""
        employee.updated_at = now
        employee.save(update_fields=["status", "leaving_status", "updated_at"])
        entries.append(_entry(actor=None, employee=employee, before=before, after=snapshot(employee), note=note))
    audit_bulk(entries)
    return [employee.pk for employee in employees]


@transaction.atomic
def staff_current_refresh(*, today: dt.date | None = None) -> list[int]:
    """Bring every staff record's present columns to the rows in force today: pending changes whose day has come
    move the record (audited, reminders rebuilt). Safe to run twice: the second run finds nothing to move.
    Returns the ids moved."""
    today = today or timezone.localdate()
    note = gettext("A change recorded earlier is in force from today.")
    started_or_left = _statuses_move(_status_due(today), note=note)
    ids = sorted(_stale_ids(today))
    moved = []
    if ids:
        employees = list(Employee.objects.select_for_update(of=("self",)).filter(pk__in=ids).select_related("person"))
        moved = _apply(employees, employee_present_on(employee_ids=ids, on=today), actor=None, note=note)
    ids = sorted({employee.pk for employee in moved} | set(started_or_left))
    if ids:  # reminders carry the unit and the status, and a raise done is no longer due
        reminders_refresh_for_employees(employee_ids=ids, today=today)
    return ids


# --- Cancelling a pending change -----------------------------------------------------------------
def _row_audit(*, actor, action: str, row, before: dict | None = None) -> None:
    after = None if action == "delete" else snapshot(row)
    unit_id = getattr(row, "unit_id", None) or row.employee.unit_id
    audit_record(actor=actor, action=action, obj=row, before=before, after=after, unit_id=unit_id)


def employee_leaving_restore(*, employee: Employee, left_on: dt.date) -> None:
    """Undo a leaving on `left_on` that is not in force yet: the rows ended that day run on (unless a later row
    follows), the record keeps no leaving date. Not saved here: the caller saves and audits the record."""
    for model in (Assignment, SalaryRecord):
        row = model.objects.select_for_update().filter(employee=employee, valid_to=left_on).first()
        if row is not None and not model.objects.filter(employee=employee, valid_from__gte=left_on).exists():
            row.valid_to = None
            row.save(update_fields=["valid_to"])
    employee.status, employee.leaving_status, employee.left_on = Employee.Status.ACTIVE, "", None


def _hire_cancel(*, employee: Employee, actor) -> None:
    """A hire from a later date, undone before that day: the record and its rows go (audited); the person stays in
    the registry, so a later hire finds him again by his CCCD."""
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    if employee.status != Employee.Status.PENDING:
        raise ApplicationError(gettext("This change is already in force: record a correction instead."))
    audit_record(actor=actor, action="delete", obj=employee, before=snapshot(employee), unit_id=employee.unit_id)
    employee.delete()  # its assignment, salary rows and reminders with it


def _leaving_cancel(*, employee: Employee, actor) -> None:
    """A leaving dated later, undone before that day: he works on, his rows run on; audited."""
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    if not employee.leaving_status:
        raise ApplicationError(gettext("This change is already in force: record a correction instead."))
    before = snapshot(employee)
    employee_leaving_restore(employee=employee, left_on=employee.left_on)
    employee.save()
    audit_record(
        actor=actor, action="update", obj=employee, before=before, after=snapshot(employee), unit_id=employee.unit_id
    )
    reminders_refresh_after_commit(employee_id=employee.pk)


@transaction.atomic
def pending_change_cancel(*, row: Assignment | SalaryRecord | Employee, actor, today: dt.date | None = None) -> None:
    """Cancel a change recorded from a later date (a transfer, a position or salary change; a hire or a leaving, for
    which `row` is the staff record) before its day: its row goes and the row before it runs on, as if it had never
    been recorded; audited. A change in force already is corrected by recording another, never cancelled."""
    if isinstance(row, Employee):
        if row.status == Employee.Status.PENDING:
            return _hire_cancel(employee=row, actor=actor)
        return _leaving_cancel(employee=row, actor=actor)
    today = today or timezone.localdate()
    model = type(row)
    row = model.objects.select_for_update().select_related("employee").get(pk=row.pk)
    if row.valid_from <= today:
        raise ApplicationError(gettext("This change is already in force: record a correction instead."))
    if row.valid_to is not None:
        raise ApplicationError(gettext("A later change follows this one: cancel that one first."))
    previous = model.objects.select_for_update().filter(employee_id=row.employee_id, valid_to=row.valid_from).first()
    if previous is None:
        raise ApplicationError(gettext("This is the record's first row: it cannot be cancelled here."))
    _row_audit(actor=actor, action="delete", row=row, before=snapshot(row))
    row.delete()
    before = snapshot(previous)
    previous.valid_to = None
    previous.save(update_fields=["valid_to"])
    _row_audit(actor=actor, action="update", row=previous, before=before)
    employee_current_refresh(employee=row.employee, actor=actor)  # nothing moves: the change was not in force
    reminders_refresh_after_commit(employee_id=row.employee_id)
