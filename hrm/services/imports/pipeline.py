"""Large imports on PostgreSQL: check the next slice of rows while the database stores the previous one.

A staff import is all or nothing. Done one phase after the other, the database server sits idle while
Python reads and checks 100,000 rows, and Python sits idle while the server stores them and checks their foreign
keys. Here the caller's thread turns the next cells of the file into a slice of rows (reading.StaffFile), checks
it (values repeated across slices included), takes its ids and formats its rows (all the Python work),
and a writer thread, with its own connection and one transaction, sends each slice as soon as it is
ready, with foreign keys checked statement by statement (not all at commit); the first
error anywhere, or any failure of the writer, rolls that transaction back, so nothing is written, and
the rest of the file is still checked so that every bad row is listed.

Used only where it can work: PostgreSQL (SQLite has a single writer), a real import (not a dry run) and
no transaction already open by the caller (the writer's transaction could not be part of it).
"""

import contextvars
import datetime as dt
import queue
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext

from hrm.services.imports.bulk import IdPool
from hrm.services.imports.lookups import Repeats
from hrm.services.imports.planning import Plan, PlanSummary, plan_make
from hrm.services.imports.reading import StaffFile
from hrm.services.imports.validating import errors_sort, frame_headers, frame_prepare, rows_check
from hrm.services.imports.writing import WRITTEN_MODELS, plan_prepare, prepared_write

_COMMIT, _ROLLBACK = object(), object()


def pipeline_fits(*, rows: int, dry_run: bool) -> bool:
    slice_rows = settings.CONGVU_IMPORT_SLICE_ROWS
    return (
        not dry_run
        and slice_rows > 0
        and rows > slice_rows
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
    )


class SliceWriter:
    """Writes plans in a thread of its own, in one transaction committed or rolled back by `finish`."""

    def __init__(self, *, user, on: dt.date, rows: int):
        self.user, self.on = user, on  # read by put() and by the thread
        self.pool = IdPool(counts=dict.fromkeys(WRITTEN_MODELS, rows))
        self.written = 0
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._error: BaseException | None = None
        context = contextvars.copy_context()  # the audit context (address of the request) and the language
        self._thread = threading.Thread(target=context.run, args=(self._run,), name="staff-import-writer")

    def start(self) -> None:
        self._thread.start()

    def put(self, plan: Plan) -> None:
        """Queue a checked slice: its ids and COPY text are made here, in the caller's thread."""
        self._queue.put((plan, plan_prepare(plan=plan, user=self.user, on=self.on, pool=self.pool)))

    def failed(self) -> bool:
        return self._error is not None

    def finish(self, *, commit: bool, waiting: Callable[[], None]) -> None:
        """Commit (or roll back) and wait for the thread; a failure of the writer is raised here."""
        self._queue.put(_COMMIT if commit else _ROLLBACK)
        while self._thread.is_alive():
            self._thread.join(timeout=0.5)
            waiting()
        if commit and self._error is not None:
            raise self._error

    def _run(self) -> None:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # checked while Python checks the next slice
                while (item := self._queue.get()) is not _COMMIT:
                    if item is _ROLLBACK:
                        transaction.set_rollback(True)
                        break
                    plan, prepared = item
                    prepared_write(prepared=prepared, plan=plan, on=self.on, progress=lambda phase: None)
                    self.written += len(plan.rows)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread by finish()
            self._error = exc
        finally:
            connection.close()  # this thread's own connection


def pipeline_run(
    *, staff_file: StaffFile, user, on: dt.date, progress
) -> tuple[list[dict], Plan | None, int, dict[str, str]]:
    """Read, check and write a large file slice by slice; returns (errors, plan (its counts, and of its rows only
    those an answer lists: planning.PlanSummary), rows of data, each column's header as the file writes it:
    validating.frame_headers). With errors nothing is written."""
    size, total = settings.CONGVU_IMPORT_SLICE_ROWS, max(staff_file.rows, 1)
    slices, repeats = staff_file.slices(first=size // 4, size=size), Repeats()
    writer = SliceWriter(user=user, on=on, rows=staff_file.rows)
    writer.start()
    errors, summary, read, done, written, checked_all = [], PlanSummary(), 0, 0, {}, False
    try:
        for part in slices:
            part, written, found = frame_headers(frame=part)
            if not found:
                frame, found = frame_prepare(frame=part, repeats=repeats)
            read += len(part)
            if any(e["row"] == 1 for e in found):  # headers unknown or missing: the cells cannot be read
                errors = found
                break
            checked = rows_check(frame=frame, user=user, on=on)
            errors += found + checked.errors
            done = min(int(frame.index[-1]) - 1, total) if len(frame) else done
            progress(10 + 60 * done // total, gettext("Checked %(done)s of %(n)s rows") % {"done": done, "n": total})
            if errors or writer.failed():
                continue  # keep checking: every bad row is listed, and nothing will be committed
            plan = plan_make(checked=checked)
            summary.add(plan)
            writer.put(plan)
        checked_all = True
    finally:  # an exception here (a bug, a lost connection) rolls the writer back too
        message = gettext("Writing to the registry")
        writer.finish(
            commit=checked_all and not errors,
            waiting=lambda: progress(70 + 25 * writer.written // max(summary.rows(), 1), message),
        )
    return errors_sort(errors), (None if errors else summary.plan()), read, written
