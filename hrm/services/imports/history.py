"""Keep the open Assignment and SalaryRecord of imported staff equal to the staff record."""

import datetime as dt

from hrm.models import Assignment, Employee, SalaryRecord
from hrm.services.imports.bulk import BATCH, InsertSelect, rows_insert, rows_update
from hrm.services.imports.planning import Row

ACTIVE = Employee.Status.ACTIVE
WORKING = (Employee.Status.ACTIVE, Employee.Status.PENDING)
PLACE = ("unit_id", "position")
PAY = ("rank_id", "salary_step", "coefficient", "position_allowance")


def active(row: Row) -> bool:
    """Working on with no leaving recorded (a pending hire counts: his rows start on his day)."""
    return row.employee.get("status", ACTIVE) in WORKING and not row.employee.get("leaving_status")


def leaving_day(row: Row, on: dt.date) -> dt.date:
    """The day a leaver's rows end: his leaving date, or the import date when the file does not say (as on the
    profile, a leaving dated later ends them on that later day: hrm.services.leaving)."""
    return row.employee.get("left_on") or on


def closed_for_leavers(rows: list[Row], new: list[dict | None], on: dt.date) -> list[dict]:
    """The history rows of new records, those of leavers ended on their leaving day: nobody is counted in a unit
    after he left."""
    out = []
    for row, values in zip(rows, new, strict=True):
        if values is None:
            continue
        if not active(row):
            day = leaving_day(row, on)
            if values["valid_from"] >= day:
                continue
            values = {**values, "valid_to": day}
        out.append(values)
    return out


def assignment_new(row: Row, on: dt.date) -> dict:
    e = row.employee
    return {
        "employee_id": row.employee_id,
        "unit_id": e["unit_id"],
        "position": e.get("position", ""),
        "reason": Assignment.Reason.IMPORT,
        "valid_from": e.get("recruited_on") or on,
        "valid_to": None,
    }


def salary_new(row: Row, on: dt.date, start: dt.date | None = None) -> dict | None:
    e = row.employee
    if not e.get("rank_id") or not e.get("salary_step") or e.get("coefficient") is None:
        return None
    return {
        "employee_id": row.employee_id,
        "rank_id": e["rank_id"],
        "step": e["salary_step"],
        "coefficient": e["coefficient"],
        "position_allowance": e.get("position_allowance") or 0,
        "reason": SalaryRecord.Reason.IMPORT,
        "valid_from": start or e.get("step_since") or e.get("recruited_on") or on,
        "valid_to": None,
    }


# --- The same rows made by the server (PostgreSQL) ------------------------------------------------------
# The rows above, for records just written: INSERT … SELECT from the stored records, so that 100,000 rows are not
# formatted in Python. The same rules: the assignment from the recruitment (or the import date), the salary from
# the step's start when a rank, step and coefficient are given; a leaver's rows end on his leaving day (none when
# they would start on it or later). Tests run both (SQLite, PostgreSQL). The sources read the new records from
# NEW_STAFF, the rows of the shared query writing.rows_of_new makes (hrm_employee's columns, looked up by id once
# for all the tables it fills).
NEW_STAFF = "new_staff"
_NEW = """(SELECT e.*, {start} AS valid_from,
      CASE WHEN e.status = ANY(%(working)s) AND e.leaving_status = '' THEN NULL
           ELSE COALESCE(e.left_on, %(on)s) END AS valid_to
    FROM new_staff e WHERE TRUE{where}) AS n
  WHERE n.valid_to IS NULL OR n.valid_from < n.valid_to"""


def histories_of_new(*, on: dt.date) -> tuple[list[InsertSelect], dict]:
    """The inserts opening the assignment and salary rows of new staff records (PostgreSQL), and their parameters."""
    kept = {name: f"n.{name}" for name in ("valid_from", "valid_to")}
    assignments = InsertSelect(
        model=Assignment,
        values={
            **kept,
            "employee_id": "n.id",
            "unit_id": "n.unit_id",
            "position": "n.position",
            "reason": "%(assignment_reason)s",
        },
        source=_NEW.format(start="COALESCE(e.recruited_on, %(on)s)", where=""),
    )
    paid = (
        " AND e.rank_id IS NOT NULL AND e.salary_step IS NOT NULL AND e.salary_step <> 0 AND e.coefficient IS NOT NULL"
    )
    salaries = InsertSelect(
        model=SalaryRecord,
        values={
            **kept,
            "employee_id": "n.id",
            "rank_id": "n.rank_id",
            "step": "n.salary_step",
            "coefficient": "n.coefficient",
            "position_allowance": "COALESCE(n.position_allowance, 0)",
            "reason": "%(salary_reason)s",
        },
        source=_NEW.format(start="COALESCE(e.step_since, e.recruited_on, %(on)s)", where=paid),
    )
    params = {
        "on": on,
        "working": list(WORKING),
        "assignment_reason": Assignment.Reason.IMPORT,
        "salary_reason": SalaryRecord.Reason.IMPORT,
    }
    return [assignments, salaries], params


def _open_rows(model, employee_ids: list[int]) -> dict[int, object]:
    return {o.employee_id: o for o in model.objects.open().filter(employee_id__in=employee_ids)}


def _roll(model, rows: list[Row], on: dt.date, make, starts) -> None:
    """Close each open row the day the new one starts and add the new one (or amend it if it starts that day)."""
    current = _open_rows(model, [r.employee_id for r in rows])
    closing, amended, new = [], [], []
    for row in rows:
        start = starts(row)
        fresh, old = make(row, on, start), current.get(row.employee_id)
        if old is not None and old.valid_from >= start:
            if fresh is None:
                continue  # an open row that started today with data now removed stays: history is not deleted
            for name, value in fresh.items():
                if name not in ("valid_from", "valid_to", "reason"):
                    setattr(old, name, value)
            amended.append(old)
            continue
        if old is not None:
            old.valid_to = start
            closing.append(old)
        if fresh is not None:
            new.append(fresh)
    rows_update(model=model, items=[(o.pk, {"valid_to": o.valid_to}) for o in closing], fields=["valid_to"])
    fields = ["unit", "position"] if model is Assignment else ["rank", "step", "coefficient", "position_allowance"]
    model.objects.bulk_update(amended, fields, batch_size=BATCH)
    rows_insert(model=model, rows=new)


def _salary_start(row: Row, on: dt.date) -> dt.date:
    since = row.employee.get("step_since")
    return since if since and since <= on else on


def _close(model, rows: list[Row], on: dt.date) -> None:
    current = _open_rows(model, [r.employee_id for r in rows])
    days = {r.employee_id: leaving_day(r, on) for r in rows}
    ending = [(o.pk, {"valid_to": days[o.employee_id]}) for o in current.values() if o.valid_from < days[o.employee_id]]
    rows_update(model=model, items=ending, fields=["valid_to"])


LEAVING = ("status", "leaving_status")


def histories_update(*, rows: list[Row], on: dt.date) -> None:
    """Roll the open history rows of changed staff records whose place or pay changed; end those of
    people who leave (on their leaving day) and open new ones for people taken back."""
    changed_status = [r for r in rows if any(k in r.employee_changes for k in LEAVING)]
    leaving = [r for r in changed_status if not active(r)]
    back = {r.row for r in changed_status if active(r)}
    _close(Assignment, leaving, on)
    _close(SalaryRecord, leaving, on)
    staying = [r for r in rows if active(r)]
    moved = [r for r in staying if r.row in back or any(k in r.employee_changes for k in PLACE)]
    paid = [r for r in staying if r.row in back or any(k in r.employee_changes for k in PAY)]
    _roll(Assignment, moved, on, lambda r, on_, start: {**assignment_new(r, on_), "valid_from": start}, lambda r: on)
    _roll(SalaryRecord, paid, on, salary_new, lambda r: on if r.row in back else _salary_start(r, on))
