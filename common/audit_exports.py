"""The audit trail as an xlsx file: any filtered, scoped list, itself recorded in the trail as an export."""

import datetime as dt
import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext

from common.models import AuditEntry, Job
from common.selectors import audit_changes_text, audit_list_for_user, audit_rows_for_user
from common.services import Outcome, audit_record, job_claim, job_create, job_enqueue, job_finish
from common.spreadsheets import xlsx_row

KIND = "common.audit_export"
FILTERS = ("date_from", "date_to", "action", "actor", "model", "object_id", "q")
DATES = ("date_from", "date_to")
CHUNK = 2000
CELL_MAX = 32_000  # an xlsx cell holds at most 32,767 characters


def _headers() -> list[str]:
    return [
        gettext("Time"),
        gettext("User"),
        gettext("Action"),
        gettext("Record type"),
        gettext("Record ID"),
        gettext("Record"),
        gettext("Changes"),
        gettext("Note"),
    ]


def _rows(*, user, entries):
    """Each entry as cells; read and made readable a chunk at a time so a long trail fits in memory."""
    chunk = []
    for entry in entries.iterator(chunk_size=CHUNK):
        chunk.append(entry)
        if len(chunk) == CHUNK:
            yield from _cells(user=user, entries=chunk)
            chunk = []
    yield from _cells(user=user, entries=chunk)


def _cells(*, user, entries):
    for row in audit_rows_for_user(user=user, entries=entries, links=False, full=True):
        entry = row["entry"]
        yield [
            row["at"].strftime("%d/%m/%Y %H:%M"),
            row["actor"],
            row["action"],
            row["model"],
            entry.object_id,
            row["record"],
            audit_changes_text(row)[:CELL_MAX],
            row["note"][:CELL_MAX],
        ]


def audit_filters_plain(filters: dict) -> dict:
    """The filters as JSON values (dates as yyyy-mm-dd), for a job's parameters and the audit note."""
    return {k: (filters[k].isoformat() if k in DATES else filters[k]) for k in FILTERS if filters.get(k)}


def _filters_typed(plain: dict) -> dict:
    return {k: (dt.date.fromisoformat(v) if k in DATES else v) for k, v in plain.items() if k in FILTERS and v}


def audit_export(*, user, filters: dict, out) -> int:
    """Write the entries `user` may see, filtered, to `out` as xlsx; returns how many; audited as one export."""
    from openpyxl import Workbook

    entries = audit_list_for_user(user=user, filters=filters)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(gettext("Audit trail")[:31])
    sheet.append(_headers())
    count = 0
    for cells in _rows(user=user, entries=entries):
        sheet.append(xlsx_row(sheet, cells))
        count += 1
    book.save(out)
    note = ", ".join(f"{k}={v}" for k, v in audit_filters_plain(filters).items())
    audit_record(
        actor=user,
        action=AuditEntry.Action.EXPORT,
        model=AuditEntry._meta.label_lower,
        object_repr=f"{count} audit entries (xlsx)",
        note=note,
    )
    return count


def audit_export_filename() -> str:
    return f"nhat-ky-{timezone.localdate():%Y%m%d}.xlsx"


def audit_export_start(*, user, filters: dict) -> Outcome:
    """Short lists → an Outcome with the file's content and name at once; long ones → with a queued job."""
    count = audit_list_for_user(user=user, filters=filters).count()
    if count <= settings.CONGVU_EXPORT_SYNC_MAX_ROWS:
        out = io.BytesIO()
        audit_export(user=user, filters=filters, out=out)
        return Outcome(content=out.getvalue(), filename=audit_export_filename())
    from common.tasks import audit_export as audit_export_task

    job = job_create(
        kind=KIND,
        title=gettext("Audit trail export (%(n)s entries)") % {"n": count},
        owner=user,
        params={"filters": audit_filters_plain(filters)},
    )
    job_enqueue(job=job, task=audit_export_task)
    return Outcome(job=job)


def audit_export_job_run(*, job_id) -> Job | None:
    """Write a queued audit export job's file, scoped to its owner; only the delivery that claims it runs it."""
    job = job_claim(job_id=job_id, kind=KIND, total=1, message=gettext("Writing the file"))
    if job is None:
        return None
    out = io.BytesIO()
    count = audit_export(user=job.owner, filters=_filters_typed(job.params.get("filters", {})), out=out)
    job.output_file.save(audit_export_filename(), ContentFile(out.getvalue()), save=False)
    return job_finish(job=job, result={"count": count}, message=gettext("%(n)s entries exported.") % {"n": count})
