"""Staff export: any filtered, scoped list of staff as xlsx or csv in the import's own columns."""

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
from common.vietnamese import fold
from hrm.models import Employee, OrgUnit
from hrm.selectors import employee_queryset_for_user, units_for_user
from hrm.services.imports.columns import COLUMNS, DATE_FORMAT, HEADERS

FORMATS = ("xlsx", "csv")
KIND = "hrm.staff_export"
FILTERS = ("unit", "staff_type", "status", "q", "ids")  # ids: rows selected in the list
_PATHS = {"unit_id": "unit__code", "rank_id": "rank__code"}


def _path(column) -> str:
    name = _PATHS.get(column.field, column.field)
    return name if column.model is Employee else f"person__{name}"


def staff_export_queryset(*, user, filters: dict) -> QuerySet:
    """The staff `user` may see, narrowed by unit subtree code, staff type, status, a name search and selected ids."""
    staff = employee_queryset_for_user(user=user)
    if filters.get("unit"):
        unit = units_for_user(user=user).filter(code=filters["unit"]).first()
        if unit is None:
            raise ApplicationError(gettext("No unit you manage has this code."), field="unit")
        staff = staff.filter(unit__in=OrgUnit.objects.filter(path__startswith=unit.path))
    if filters.get("staff_type"):
        staff = staff.filter(staff_type=filters["staff_type"])
    if filters.get("status"):
        staff = staff.filter(status=filters["status"])
    if filters.get("q"):
        staff = staff.filter(person__name_search__contains=fold(filters["q"]))
    if filters.get("ids"):
        staff = staff.filter(pk__in=filters["ids"])
    return staff.order_by("person__name_sort", "code")


def _cell(column, value):
    if value is None or value == "":
        return ""
    if column.kind == "date":
        return value.strftime(DATE_FORMAT)
    if column.kind == "choice":
        return column.labels.get(value, value)
    if column.kind == "decimal":
        return f"{value:.2f}"
    return str(value) if column.kind == "int" else value


def staff_rows(*, queryset: QuerySet):
    """Each staff record as a list of cells in the file's column order."""
    paths = [_path(c) for c in COLUMNS]
    for values in queryset.values_list(*paths).iterator(chunk_size=5000):
        yield [_cell(c, v) for c, v in zip(COLUMNS, values, strict=True)]


def rows_write(*, rows, out, fmt: str) -> None:
    """Write a header and `rows` to the binary stream `out` as xlsx or csv; no text is ever written as a formula."""
    if fmt == "csv":
        csv_rows_write(rows=itertools.chain([HEADERS], rows), out=out)
        return
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Cán bộ")
    sheet.append(HEADERS)
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
