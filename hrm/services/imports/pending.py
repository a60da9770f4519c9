"""Changes dated later in a staff file, stored as the profile's form and the API store them.

A recruitment after the import date is a pending hire ("starting later": hrm.services.staff.hire_status), a leaving
after it a pending leaving (he works on until that day: hrm.services.leaving.leaving_state); the periodic refresh
(hrm.services.current) applies both on their day, as it does for those recorded on the pages. The rules are those
services' own; this module only applies them to the rows of a file, and refuses, row by row and before anything
is written, what a file cannot do to a change already pending (the profile changes or cancels it).
"""

import datetime as dt

from django.db.models import Max, Q
from django.utils.translation import gettext

from common.dated import short_date
from common.errors import ApplicationError
from hrm.models import Assignment, Employee, SalaryRecord
from hrm.services.bounds import leaving_check
from hrm.services.imports.lookups import matching, objects
from hrm.services.leaving import leaving_state
from hrm.services.staff import hire_status

ACTIVE, PENDING = Employee.Status.ACTIVE, Employee.Status.PENDING


def _column(checked, name: str) -> list:
    values = checked.values
    return values[name].tolist() if name in values else [None] * len(values)


def _stored_pending(employee_ids: list) -> dict[int, dict]:
    """The stored records among `employee_ids` with a change pending: a hire or a leaving dated later."""
    if all(i is None for i in employee_ids):
        return {}
    waiting = Employee.objects.filter(Q(status=PENDING) | ~Q(leaving_status=""))
    rows = matching(waiting, "id", employee_ids).values("id", "status", "leaving_status", "left_on", "recruited_on")
    return {r["id"]: r for r in rows}


def _open_starts(employee_ids: list) -> dict[int, dt.date]:
    """The latest start of each record's open assignment or salary row (a leaving must come after it)."""
    starts: dict[int, dt.date] = {}
    for model in (Assignment, SalaryRecord):
        rows = matching(model.objects.open(), "employee_id", employee_ids).values("employee_id")
        for employee_id, start in rows.annotate(start=Max("valid_from")).values_list("employee_id", "start"):
            starts[employee_id] = max(start, starts.get(employee_id, start))
    return starts


class _Rows:
    """The file's rows with the cells these rules read; errors named by the file's headers."""

    def __init__(self, checked, on: dt.date):
        self.checked = checked
        self.headers = {c.field: c.header for c in checked.present}
        self.index = [int(i) for i in checked.values.index]
        self.status = _column(checked, "status")
        self.left_on = _column(checked, "left_on")
        self.recruited = _column(checked, "recruited_on")
        self.employee_ids = _column(checked, "_employee_id")
        later = {day: hire_status(on=day, today=on) == PENDING for day in set(self.recruited) if day is not None}
        self.pending = [later.get(day, False) for day in self.recruited]  # recruited after the import date
        # Nearly every row of a file is none of these: only the others are looked at one by one
        self.special = (
            [i for i, day in enumerate(self.left_on) if day is not None] if "left_on" in checked.values else []
        )
        self.special = sorted(set(self.special) | {i for i, later in enumerate(self.pending) if later})

    def refuse(self, i: int, field: str, message: str) -> None:
        self.checked.errors.append({"row": self.index[i], "column": self.headers[field], "message": message})


def _check_leaving_dates(rows: _Rows, on: dt.date) -> None:
    """A leaving date goes with how he leaves and comes after his recruitment (hrm.services.bounds.leaving_check);
    a staff member recruited after the import date starts working on that day."""
    for i in rows.special:
        status, left_on, recruited = rows.status[i], rows.left_on[i], rows.recruited[i]
        if left_on is not None:
            try:
                leaving_check(status=status or ACTIVE, active=ACTIVE, left_on=left_on, recruited_on=recruited)
            except ApplicationError as exc:
                rows.refuse(i, "left_on", exc.messages[0])
        if rows.pending[i] and status not in (None, ACTIVE):
            message = gettext(
                "Recruited after the import date: the staff member starts working on that day, so the status is "
                "“Đang công tác”."
            )
            rows.refuse(i, "status", message)


def _check_stored_pending(rows: _Rows, stored: dict[int, dict]) -> None:
    """A hire or a leaving already pending stays as it is: a file may repeat it, not change or cancel it."""
    existing = {i for i, employee_id in enumerate(rows.employee_ids) if employee_id in stored}
    for i in sorted(existing | set(rows.special)):
        employee_id = rows.employee_ids[i]
        record = stored.get(employee_id)
        status, recruited = rows.status[i], rows.recruited[i]
        if record is None:
            if employee_id is not None and rows.pending[i]:
                message = gettext(
                    "This staff number is already working: a recruitment date after the import date is only for a "
                    "new staff record."
                )
                rows.refuse(i, "recruited_on", message)
            continue
        if record["status"] == PENDING:
            if recruited is not None and recruited != record["recruited_on"]:
                message = gettext(
                    "This staff member's hire from %(date)s is pending: to change its date, cancel the hire on the "
                    "profile and record it again."
                )
                rows.refuse(i, "recruited_on", message % {"date": short_date(record["recruited_on"])})
            if status not in (None, ACTIVE):
                message = gettext(
                    "A record hired from a later date starts on that day: to undo the hire, cancel it on the profile."
                )
                rows.refuse(i, "status", message)
            continue
        left_on = rows.left_on[i] if "left_on" in rows.headers else record["left_on"]
        if "status" in rows.headers and (status, left_on) != (record["leaving_status"], record["left_on"]):
            message = gettext(
                "This staff member's leaving from %(date)s is pending: change or cancel it on the profile."
            )
            rows.refuse(i, "status", message % {"date": short_date(record["left_on"])})


def _check_open_rows(rows: _Rows, stored: dict[int, dict]) -> None:
    """A leaving ends the open assignment and salary rows on its date, which must come after their start (as on
    the profile: hrm.services.leaving)."""
    leaving = [
        i
        for i, (employee_id, status, left_on) in enumerate(
            zip(rows.employee_ids, rows.status, rows.left_on, strict=True)
        )
        if employee_id is not None and employee_id not in stored and status not in (None, ACTIVE) and left_on
    ]
    if not leaving:
        return
    starts = _open_starts([rows.employee_ids[i] for i in leaving])
    message = gettext("The leaving date must be after the start of the current assignment (%(date)s).")
    for i in leaving:
        start = starts.get(rows.employee_ids[i])
        if start is not None and start >= rows.left_on[i]:
            rows.refuse(i, "left_on", message % {"date": short_date(start)})


def pending_check(*, checked, on: dt.date) -> None:
    """Check the rows' leavings and later recruitments, then store them as the services do: `status` and
    `leaving_status` (a leaving dated later: working until then) and `_pending_hire` (a recruitment dated later:
    starting later) in the checked values. Needs the existing records' ids (lookups.check_references)."""
    rows = _Rows(checked, on)
    _check_leaving_dates(rows, on)
    stored = _stored_pending(rows.employee_ids)
    _check_stored_pending(rows, stored)
    _check_open_rows(rows, stored)
    values = checked.values
    if "recruited_on" in rows.headers:
        values["_pending_hire"] = objects(values.index, rows.pending)
    if "status" not in rows.headers:
        return
    statuses, leaving = list(rows.status), [""] * len(rows.status)
    existing = [i for i, employee_id in enumerate(rows.employee_ids) if employee_id in stored]
    for i in sorted(set(rows.special) | set(existing)):
        employee_id, status = rows.employee_ids[i], rows.status[i]
        record = stored.get(employee_id)
        if (record is not None and record["status"] == PENDING) or (employee_id is None and rows.pending[i]):
            statuses[i] = PENDING  # starting later, as the hire form stores him
        elif status is not None:  # a blank cell stays blank: what an empty cell stores (planning)
            left_on = rows.left_on[i] if record is None or "left_on" in rows.headers else record["left_on"]
            statuses[i], leaving[i] = leaving_state(status=status, left_on=left_on, today=on)
    values["status"] = objects(values.index, statuses)
    values["leaving_status"] = objects(values.index, leaving)
