"""Staff import: read a file, check every row, then write all rows in one transaction or none.

Public: staff_import (path → result), staff_import_start (upload → result or queued job),
staff_import_job_run (the Celery task's service), staff_import_error_report.
"""

import contextlib
import datetime as dt
import gc
import io
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext

from common.errors import ApplicationError
from common.spreadsheets import csv_check, xlsx_check, xlsx_row
from hrm.selectors import user_has_hr_scope
from hrm.services.imports.columns import COLUMNS, HEADERS
from hrm.services.imports.pipeline import pipeline_fits, pipeline_run
from hrm.services.imports.planning import LISTED_ACTIONS, Plan, plan_make
from hrm.services.imports.reading import StaffFile, file_kind
from hrm.services.imports.validating import frame_check, frame_headers
from hrm.services.imports.writing import plan_write, tables_analyze_after_import

Progress = Callable[[int, str], None]  # (per cent, message)


def _silent(percent: int, message: str) -> None:
    return None


def _actions(plan: Plan) -> list[dict]:
    by_field = {c.field: c.header for c in COLUMNS}
    out = []
    for row in plan.rows:
        if row.action != "unchanged" and len(out) < LISTED_ACTIONS:
            changed = [by_field.get(k, k) for k in {**row.person_changes, **row.employee_changes}]
            out.append({"row": row.row, "code": row.employee.get("code", ""), "action": row.action, "columns": changed})
    return out


def _as_written(errors: list[dict], written: dict[str, str]) -> list[dict]:
    """Errors naming each column as the file's header writes it (an older file's "Số hiệu", a new one's "Số hiệu
    CBCCVC")."""
    return [{**e, "column": written.get(e["column"], e["column"])} for e in errors]


def _result(*, errors: list, plan: Plan | None, dry_run: bool, rows: int) -> dict:
    counts = plan.counts() if plan is not None and not errors else {"created": 0, "updated": 0, "unchanged": 0}
    actions = _actions(plan) if plan is not None and not errors else []
    return {"errors": errors, **counts, "rows": rows, "dry_run": dry_run, "actions": actions}


def _write_phases(progress: Progress) -> Callable[[str], None]:
    steps = {
        "people": (50, gettext("Writing people")),
        "staff": (65, gettext("Writing staff records")),
        "history": (80, gettext("Writing assignments and salary")),
        "audit": (90, gettext("Writing the audit trail")),
    }
    return lambda phase: progress(*steps[phase])


def staff_import(
    *, path, user, dry_run: bool = False, on: dt.date | None = None, progress: Progress | None = None
) -> dict:
    """Import a staff file (xlsx or csv): every row or none; the same file twice changes nothing.

    Only for HR officers with units and province administrators (PermissionDenied otherwise, before reading)."""
    staff_import_check_allowed(user=user)
    on, progress = on or timezone.localdate(), progress or _silent
    progress(0, gettext("Reading the file"))
    with _collector_paused():
        staff_file = StaffFile(path=path)
        if pipeline_fits(rows=staff_file.rows, dry_run=dry_run):
            return _pipeline_import(staff_file=staff_file, user=user, on=on, progress=progress)
        frame, written, errors = frame_headers(frame=staff_file.frame())
        if errors:
            return _result(errors=errors, plan=None, dry_run=dry_run, rows=len(frame))
        return _frame_import(frame=frame, written=written, user=user, dry_run=dry_run, on=on, progress=progress)


@contextlib.contextmanager
def _collector_paused():
    """No cyclic garbage collection while a file is imported: its cells and rows are hundreds of thousands of
    objects that live until the end, and every automatic collection would walk them all again (the process's
    other threads only see their own garbage collected later)."""
    enabled = gc.isenabled()
    gc.freeze()  # what exists already is not walked either
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.unfreeze()


def _no_rows(dry_run: bool) -> dict:
    errors = [{"row": 2, "column": HEADERS[0], "message": gettext("The file has no rows.")}]
    return _result(errors=errors, plan=None, dry_run=dry_run, rows=0)


def _pipeline_import(*, staff_file: StaffFile, user, on: dt.date, progress: Progress) -> dict:
    try:
        errors, plan, rows, written = pipeline_run(staff_file=staff_file, user=user, on=on, progress=progress)
    except IntegrityError as exc:
        raise ApplicationError(gettext("The registry changed while importing; import the file again.")) from exc
    if rows == 0 and not errors:
        return _no_rows(dry_run=False)
    if plan is not None:
        tables_analyze_after_import(plan=plan)
    return _result(errors=_as_written(errors, written), plan=plan, dry_run=False, rows=rows)


def _frame_import(*, frame, written: dict, user, dry_run: bool, on: dt.date, progress: Progress) -> dict:
    if frame.empty:
        return _no_rows(dry_run)
    progress(10, gettext("Checking %(n)s rows") % {"n": len(frame)})
    checked = frame_check(frame=frame, user=user, on=on)
    if checked.errors:
        return _result(errors=_as_written(checked.errors, written), plan=None, dry_run=dry_run, rows=len(frame))
    progress(40, gettext("Comparing with the registry"))
    plan = plan_make(checked=checked)
    if not dry_run and (plan.of("create") or plan.of("update")):
        try:
            plan_write(plan=plan, user=user, on=on, progress=_write_phases(progress))
        except IntegrityError as exc:
            raise ApplicationError(gettext("The registry changed while importing; import the file again.")) from exc
        tables_analyze_after_import(plan=plan)
    return _result(errors=[], plan=plan, dry_run=dry_run, rows=len(frame))


def staff_import_check_allowed(*, user) -> None:
    """Refuse (PermissionDenied) anyone who manages no unit as HR: an import is also a lookup of the registry."""
    if not user_has_hr_scope(user=user):
        raise PermissionDenied


def staff_import_error_report(*, errors: list[dict]) -> bytes:
    """An xlsx listing every error: row, column, reason."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(gettext("Errors"))
    sheet.append([gettext("Row"), gettext("Column"), gettext("Reason")])
    for error in errors:
        sheet.append(xlsx_row(sheet, [error["row"], error["column"], error["message"]]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rows_count(*, path) -> int:
    """Rows of data in a staff file, cheaply (the header row not counted); refuses a file beyond the bounds."""
    if file_kind(path) == "csv":
        csv_check(path=path)
        with open(path, "rb") as handle:
            return max(sum(1 for line in handle if line.strip()) - 1, 0)
    return max(xlsx_check(source=str(path)) - 1, 0)  # streamed, bounded: the sheet is not loaded to count


from hrm.services.imports.jobs import staff_import_job_run, staff_import_start  # noqa: E402

__all__ = [
    "COLUMNS",
    "HEADERS",
    "rows_count",
    "staff_import",
    "staff_import_error_report",
    "staff_import_job_run",
    "staff_import_start",
]
