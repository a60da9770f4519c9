"""Staff export: what the staff list shows (its filters, scope and order) as xlsx or csv in the import's own columns,
with the unit's name beside its code; a file that imports back unchanged (the name column is ignored on import)."""

import io
import itertools
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from common.errors import ApplicationError
from common.models import Job
from common.services import Outcome, audit_record, job_claim, job_create, job_enqueue, job_finish
from common.spreadsheets import csv_rows_write, xlsx_row
from hrm.models import Employee
from hrm.selectors import units_for_user
from hrm.selectors.staff import employee_list_for_hr
from hrm.selectors.units import unit_labels
from hrm.services.imports.columns import COLUMNS, DATE_FORMAT, HEADERS, STATUS, UNIT, UNIT_NAME

FORMATS = ("xlsx", "csv")
KIND = "hrm.staff_export"
# The staff list's own filters (hrm.selectors.staff), the unit by its code, and ids: rows selected in the list
FILTERS = (
    "unit",
    "staff_type",
    "status",
    "q",
    "sex",
    "rank",
    "position",
    "education",
    "party",
    "age",
    "retiring",
    "raise_due",
    "sort",
    "ids",
)
_PATHS = {"unit_id": "unit__code", "rank_id": "rank__code"}
# The unit's name is written beside its code as the list shows it ("Xã An Khánh — Huyện Châu Thành")
EXPORT_HEADERS: list[str] = [h for c in COLUMNS for h in ((c.header, UNIT_NAME) if c.header == UNIT else (c.header,))]


def _path(column) -> str:
    name = _PATHS.get(column.field, column.field)
    return name if column.model is Employee else f"person__{name}"


def staff_export_queryset(*, user, filters: dict) -> QuerySet:
    """What the staff list shows `user` with these filters (hrm.selectors.staff.employee_list_for_hr), in its order;
    the unit is given by its code and must be one of his."""
    filters = dict(filters)
    if filters.get("unit"):
        unit = units_for_user(user=user).filter(code=filters["unit"]).first()
        if unit is None:
            raise ApplicationError(gettext("No unit you manage has this code."), field="unit")
        filters["unit"] = unit
    return employee_list_for_hr(user=user, filters=filters)


def _cell(column, value):
    """A file cell: numbers stay numbers (the xlsx writer gives them a number format), dates dd/mm/yyyy."""
    if value is None or value == "":
        return ""
    if column.kind == "date":
        return value.strftime(DATE_FORMAT)
    if column.kind == "choice":
        return column.labels.get(value, value)
    return value


def staff_rows(*, queryset: QuerySet):
    """Each staff record as a list of cells in EXPORT_HEADERS' order (the unit's name and parent beside its code)."""
    paths = [_path(c) for c in COLUMNS]
    unit_at = HEADERS.index(UNIT)
    labels = unit_labels(unit_ids=queryset.order_by().values_list("unit_id", flat=True).distinct())
    status_at = HEADERS.index(STATUS)
    for unit_id, leaving_status, *values in queryset.values_list("unit_id", "leaving_status", *paths).iterator(
        chunk_size=5000
    ):
        if leaving_status:  # a leaving dated later: the file says how he leaves and when, as the import reads it
            values[status_at] = leaving_status
        row = [_cell(c, v) for c, v in zip(COLUMNS, values, strict=True)]
        row.insert(unit_at + 1, labels.get(unit_id, ""))
        yield row


def rows_write(*, rows, out, fmt: str, headers: list[str] = EXPORT_HEADERS) -> None:
    """Write a header and `rows` to the binary stream `out` as xlsx or csv; no text is ever written as a formula;
    numbers are numeric cells with a number format in xlsx, plain numbers (3.00) in csv."""
    if fmt == "csv":
        csv_rows_write(rows=itertools.chain([headers], rows), out=out)
        return
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Cán bộ")
    sheet.append(headers)
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    book.save(out)


def _check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ApplicationError(gettext("The format must be xlsx or csv."), field="format")
    return fmt


def staff_export(*, user, filters: dict, fmt: str, out) -> int:
    """Write the filtered staff list to `out`; returns how many records; audited as one export."""
    _check_format(fmt)
    queryset = staff_export_queryset(user=user, filters=filters)
    count = queryset.count()
    rows_write(rows=staff_rows(queryset=queryset), out=out, fmt=fmt)
    note = ", ".join(f"{k}={filters[k]}" for k in FILTERS if filters.get(k) and k != "ids")
    if filters.get("ids"):
        note = ", ".join(filter(None, [note, f"{len(filters['ids'])} selected"]))
    audit_record(actor=user, action="export", model="hrm.employee", object_repr=f"{count} staff ({fmt})", note=note)
    return count


def export_filename(*, fmt: str) -> str:
    return f"can-bo-{timezone.localdate():%Y%m%d}.{fmt}"


def staff_export_start(*, user, filters: dict, fmt: str) -> Outcome:
    """Small lists → an Outcome with the file's content and name at once; large ones → with a queued job."""
    _check_format(fmt)
    filters = {k: filters[k] for k in FILTERS if filters.get(k)}
    count = staff_export_queryset(user=user, filters=filters).count()
    if count <= settings.CONGVU_EXPORT_SYNC_MAX_ROWS:
        out = io.BytesIO()
        staff_export(user=user, filters=filters, fmt=fmt, out=out)
        return Outcome(content=out.getvalue(), filename=export_filename(fmt=fmt))
    from hrm.tasks import staff_export as staff_export_task

    job = job_create(
        kind=KIND,
        title=gettext("Staff export (%(n)s records)") % {"n": count},
        owner=user,
        params={"filters": filters, "format": fmt},
    )
    job_enqueue(job=job, task=staff_export_task)
    return Outcome(job=job)


def staff_export_job_run(*, job_id) -> Job | None:
    """Write a queued export job's file; safe to deliver twice (only the delivery that claims it runs it)."""
    job = job_claim(job_id=job_id, kind=KIND, total=1, message=gettext("Writing the file"))
    if job is None:
        return None
    fmt = job.params.get("format", "xlsx")
    out = io.BytesIO()
    count = staff_export(user=job.owner, filters=job.params.get("filters", {}), fmt=fmt, out=out)
    job.output_file.save(export_filename(fmt=fmt), ContentFile(out.getvalue()), save=False)
    return job_finish(job=job, result={"count": count}, message=gettext("%(n)s records exported.") % {"n": count})


def staff_export_to_path(*, user, filters: dict, path) -> int:
    """Write the export to a file whose extension (.xlsx or .csv) picks the format."""
    fmt = _check_format(Path(path).suffix.lower().lstrip("."))
    with open(path, "wb") as out:
        return staff_export(user=user, filters=filters, fmt=fmt, out=out)
