"""Import an exam's applicants from xlsx or csv: every row is checked first, then all are written or none.

Each bad row is named by its spreadsheet row and column, in the reader's language: a missing value, a bad date or
CCCD, an identity mismatch (hrm's neutral refusal), an unknown position or agency, a duplicate in the file or in the
exam, an unknown priority or exemption. The bounded readers of common.spreadsheets read the file; a large file runs
as a job with progress. The page, the API and `manage.py import_candidates` call the same service.
"""

import datetime as dt
import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.errors import ApplicationError
from common.models import AuditEntry, Job
from common.phones import phone_normalize
from common.services import (
    Outcome,
    audit_bulk,
    audit_record,
    job_claim,
    job_create,
    job_enqueue,
    job_finish,
    job_progress,
)
from common.spreadsheets import csv_check, csv_text_restore, upload_size_check, xlsx_row, xlsx_rows
from common.text import clean_text
from common.vietnamese import fold
from exams.models import Candidate, CandidateClaim, Exam, Position, PositionQuota
from exams.services.applicants import exemptible_parts_for, priority_categories_for
from hrm.models import OrgUnit, Person
from hrm.services.cccd import cccd_normalize, cccd_restore_zeros, cccd_validate
from hrm.services.identity import cccd_refusal, identity_key

KIND = "exams.candidate_import"
Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    help: object


COLUMNS = [
    Column("full_name", "Họ và tên", True, gettext_lazy("Full name")),
    Column("date_of_birth", "Ngày sinh", True, gettext_lazy("dd/mm/yyyy")),
    Column("sex", "Giới tính", True, gettext_lazy("Nam or Nữ")),
    Column("cccd", "Số CCCD", True, gettext_lazy("12 digits")),
    Column("ethnicity", "Dân tộc", False, gettext_lazy("Kinh when empty")),
    Column("phone", "Điện thoại", False, ""),
    Column("email", "Email", False, ""),
    Column("position", "Mã vị trí", True, gettext_lazy("code of a position of the exam")),
    Column("agency", "Mã cơ quan", False, gettext_lazy("needed when the position has quotas in several agencies")),
    Column("priority", "Ưu tiên", False, gettext_lazy("priority category keys, separated by commas")),
    Column("exemptions", "Miễn thi", False, gettext_lazy("language, it (separated by commas)")),
]
HEADERS = {fold(c.header): c for c in COLUMNS}
EXAMPLE = [
    "Nguyễn Thị Lan",
    "15/04/1998",
    "Nữ",
    "083198000123",
    "Kinh",
    "0912345678",
    "lan@example.vn",
    "CV-01",
    "",
    "military_service",
    "",
]
SEXES = {"nam": "male", "male": "male", "nu": "female", "female": "female"}


def _silent(percent: int, message: str) -> None:
    return None


# --- reading ----------------------------------------------------------------------------------------
def file_kind(name: str) -> str:
    suffix = Path(str(name)).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ApplicationError(_("Only .xlsx and .csv files can be imported."), field="file")
    return suffix[1:]


def _cell(value):
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value))


def _raw_rows(path: str) -> list[list]:
    if file_kind(path) == "xlsx":
        return xlsx_rows(source=path)
    import csv

    csv_check(path=path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return [[csv_text_restore(v) for v in row] for row in csv.reader(handle)]
    except UnicodeDecodeError as exc:
        message = _("The csv file is not in UTF-8: save it again as “CSV UTF-8” and import that file.")
        raise ApplicationError(message, field="file") from exc


def rows_read(*, path: str) -> tuple[list[Column | None], list[tuple[int, dict]]]:
    """The columns of the header row and every filled row as (spreadsheet row number, {key: value})."""
    raw = _raw_rows(path)
    if not raw:
        return [], []
    columns = [HEADERS.get(fold(str(h or ""))) for h in raw[0]]
    rows = []
    for number, values in enumerate(raw[1:], start=2):
        cells = [_cell(v) for v in values]
        if not any(cells):
            continue
        rows.append((number, {c.key: v for c, v in zip(columns, cells, strict=False) if c is not None}))
    return columns, rows


# --- checking ---------------------------------------------------------------------------------------
@dataclass
class Checked:
    errors: list[dict] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)


class _Context:
    """What every row is checked against, loaded once."""

    def __init__(self, exam: Exam, rows: list[tuple[int, dict]]):
        self.exam = exam
        self.positions = {p.code.upper(): p for p in Position.objects.filter(exam=exam)}
        self.quotas: dict[int, set[int]] = {}
        for position_id, agency_id in PositionQuota.objects.filter(position__exam=exam).values_list(
            "position_id", "agency_id"
        ):
            self.quotas.setdefault(position_id, set()).add(agency_id)
        codes = {str(r.get("agency", "")).strip().upper() for _n, r in rows} - {""}
        self.agencies = {u.code.upper(): u for u in OrgUnit.objects.filter(code__in=codes)} if codes else {}
        numbers = {_cccd(r.get("cccd")) for _n, r in rows} - {""}
        self.people = {p.cccd: p for p in Person.objects.filter(cccd__in=numbers)}
        self.in_exam = set(
            Candidate.objects.filter(exam=exam, person__cccd__in=numbers).values_list("person__cccd", flat=True)
        )
        self.priorities = set(priority_categories_for(exam=exam))
        self.parts = exemptible_parts_for(exam=exam)
        self.part_names = {fold(name): key for key, name in self.parts.items()}
        self.seen: dict[str, int] = {}


def _cccd(value) -> str:
    return cccd_restore_zeros(cccd_normalize(str(value or "")))


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(str(value).strip(), fmt).date()
        except ValueError:
            continue
    return None


def _split(value) -> list[str]:
    return [v.strip() for v in str(value or "").replace(";", ",").split(",") if v.strip()]


class RowErrors(Exception):
    pass


class _Row:
    def __init__(self, number: int, data: dict, context: _Context):
        self.number, self.data, self.context, self.errors = number, data, context, []

    def error(self, key: str, message: str) -> None:
        header = next(c.header for c in COLUMNS if c.key == key)
        self.errors.append({"row": self.number, "column": header, "message": str(message)})

    def required(self) -> None:
        for column in COLUMNS:
            if column.required and self.data.get(column.key) in (None, ""):
                self.error(column.key, _("This column is required."))

    def identity(self) -> dict:
        data = self.data
        born, sex = _date(data.get("date_of_birth")), SEXES.get(fold(str(data.get("sex") or "")))
        if data.get("date_of_birth") and born is None:
            self.error("date_of_birth", _("Enter a date as dd/mm/yyyy."))
        if data.get("sex") and sex is None:
            self.error("sex", _("Write Nam or Nữ."))
        number = _cccd(data.get("cccd"))
        name = " ".join(str(data.get("full_name") or "").split())
        if number and born and sex:
            self._cccd_checks(number=number, name=name, born=born, sex=sex)
        return {"cccd": number, "full_name": name, "date_of_birth": born, "sex": sex}

    def _cccd_checks(self, *, number: str, name: str, born: dt.date, sex: str) -> None:
        context = self.context
        problems = cccd_validate(cccd=number, sex=sex, date_of_birth=born)
        if problems:
            self.error("cccd", " ".join(problems))
            return
        if number in context.seen:
            self.error("cccd", _("The same CCCD is on row %(row)s of this file.") % {"row": context.seen[number]})
            return
        context.seen[number] = self.number
        known = context.people.get(number)
        if known is not None and identity_key(
            full_name=known.full_name, date_of_birth=known.date_of_birth
        ) != identity_key(full_name=name, date_of_birth=born):
            self.error("cccd", cccd_refusal())
        elif number in context.in_exam:
            self.error("cccd", _("This person is already a candidate of this exam."))

    def position(self) -> tuple:
        context = self.context
        position = context.positions.get(str(self.data.get("position") or "").strip().upper())
        if position is None:
            if self.data.get("position"):
                self.error("position", _("No position of this exam has this code."))
            return None, None
        agencies = context.quotas.get(position.pk, set())
        code = str(self.data.get("agency") or "").strip().upper()
        if not code:
            if len(agencies) > 1:
                self.error("agency", _("This position has quotas in several agencies: give the agency code."))
            return position, next(iter(agencies), None)
        agency = context.agencies.get(code)
        if agency is None:
            self.error("agency", _("No agency has this code."))
        elif agencies and agency.pk not in agencies:
            self.error("agency", _("This position has no quota in this agency."))
        return position, agency.pk if agency else None

    def phone(self) -> str:
        try:
            return phone_normalize(str(self.data.get("phone") or ""))
        except ApplicationError as exc:
            self.error("phone", " ".join(exc.messages))
            return ""

    def claims(self) -> list[tuple[str, str]]:
        out = []
        for key in _split(self.data.get("priority")):
            if key not in self.context.priorities:
                self.error("priority", _("“%(key)s” is not a priority category in force for this exam.") % {"key": key})
            out.append((CandidateClaim.Kind.PRIORITY, key))
        for value in _split(self.data.get("exemptions")):
            key = value if value in self.context.parts else self.context.part_names.get(fold(value))
            if key is None:
                self.error("exemptions", _("“%(key)s” is not the language or IT part of this exam.") % {"key": value})
            out.append((CandidateClaim.Kind.EXEMPTION, key))
        return out


def _check_headers(columns: list) -> list[dict]:
    present = {c.key for c in columns if c is not None}
    return [
        {"row": 1, "column": c.header, "message": _("This column is missing.")}
        for c in COLUMNS
        if c.required and c.key not in present
    ]


def rows_check(*, exam: Exam, columns: list, rows: list[tuple[int, dict]], progress: Progress = _silent) -> Checked:
    """Every row checked against the exam and the registry; nothing written."""
    checked = Checked(errors=_check_headers(columns))
    if checked.errors:
        return checked
    context = _Context(exam, rows)
    for index, (number, data) in enumerate(rows):
        row = _Row(number, data, context)
        row.required()
        person = row.identity()
        position, agency_id = row.position()
        claims = row.claims()
        phone = row.phone()
        checked.errors += row.errors
        if not row.errors:
            checked.rows.append(
                {
                    "person": person,
                    "known": context.people.get(person["cccd"]),
                    "position": position,
                    "agency_id": agency_id,
                    "claims": claims,
                    "phone": phone,
                    "email": str(data.get("email") or "")[:254],
                    "ethnicity": str(data.get("ethnicity") or "Kinh")[:50],
                }
            )
        if index % 500 == 0:
            progress(10 + 40 * index // max(len(rows), 1), _("Checking the rows"))
    return checked


# --- writing ----------------------------------------------------------------------------------------
def _write(*, exam: Exam, actor, rows: list[dict]) -> int:
    new_people = []
    for row in rows:
        if row["known"] is None:
            person = Person(**row["person"], ethnicity=row["ethnicity"])
            person.set_name_keys()
            new_people.append(person)
            row["known"] = person
    Person.objects.bulk_create(new_people, batch_size=1000)
    if new_people and new_people[0].pk is None:  # databases that do not return ids
        by_cccd = dict(Person.objects.filter(cccd__in=[p.cccd for p in new_people]).values_list("cccd", "pk"))
        for person in new_people:
            person.pk = by_cccd[person.cccd]
    candidates = [
        Candidate(
            exam=exam,
            person_id=row["known"].pk,
            source=Candidate.Source.APPLICANT,
            position=row["position"],
            agency_id=row["agency_id"],
            phone=row["phone"],
            email=row["email"],
        )
        for row in rows
    ]
    Candidate.objects.bulk_create(candidates, batch_size=1000)
    if candidates and candidates[0].pk is None:
        by_person = dict(Candidate.objects.filter(exam=exam).values_list("person_id", "pk"))
        for candidate in candidates:
            candidate.pk = by_person[candidate.person_id]
    claims = [
        CandidateClaim(
            candidate_id=c.pk,
            kind=kind,
            priority_key=key if kind == CandidateClaim.Kind.PRIORITY else "",
            part_key=key if kind == CandidateClaim.Kind.EXEMPTION else "",
        )
        for c, row in zip(candidates, rows, strict=True)
        for kind, key in row["claims"]
    ]
    CandidateClaim.objects.bulk_create(claims, batch_size=1000)
    _audit(exam=exam, actor=actor, candidates=candidates)
    return len(candidates)


def _audit(*, exam: Exam, actor, candidates: list[Candidate]) -> None:
    exam_type = ContentType.objects.get_for_model(Exam)
    who = actor if getattr(actor, "pk", None) else None
    audit_bulk(
        [
            AuditEntry(
                actor=who,
                actor_name=getattr(actor, "username", "") or "",
                action=AuditEntry.Action.IMPORT,
                model="exams.candidate",
                object_id=str(c.pk),
                scope_type=exam_type,
                scope_id=exam.pk,
            )
            for c in candidates
        ]
    )


def candidate_import(*, exam: Exam, path, actor, dry_run: bool = False, progress: Progress | None = None) -> dict:
    """Import applicants from a file into `exam`: {"errors": [...], "created": n, "rows": n, "dry_run": bool};
    with any error nothing is written."""
    progress = progress or _silent
    if exam.kind != Exam.Kind.RECRUITMENT:
        raise ApplicationError(_("A promotion exam takes its candidates from the staff registry."), field="file")
    if exam.status == Exam.Status.CLOSED:
        raise ApplicationError(_("This exam is closed: its candidates can no longer change."), field="file")
    progress(0, _("Reading the file"))
    columns, rows = rows_read(path=str(path))
    if not rows:
        return {
            "errors": [{"row": 2, "column": "", "message": _("The file has no rows.")}],
            "created": 0,
            "rows": 0,
            "dry_run": dry_run,
        }
    checked = rows_check(exam=exam, columns=columns, rows=rows, progress=progress)
    result = {"errors": checked.errors, "created": 0, "rows": len(rows), "dry_run": dry_run}
    if checked.errors or dry_run:
        result["created"] = 0 if checked.errors else len(checked.rows)
        return result
    progress(60, _("Writing the candidates"))
    try:
        with transaction.atomic():
            result["created"] = _write(exam=exam, actor=actor, rows=checked.rows)
            audit_record(actor=actor, action="import", obj=exam, scope=exam, note=f"{result['created']} candidates")
    except IntegrityError as exc:
        raise ApplicationError(
            _("The candidates changed while importing; import the file again."), field="file"
        ) from exc
    return result


def candidate_import_template() -> bytes:
    """The import template: the column headers and one example row (xlsx)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Candidates"))
    sheet.append([c.header for c in COLUMNS])
    sheet.append(xlsx_row(sheet, EXAMPLE))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_errors_xlsx(*, errors: list[dict]) -> bytes:
    """Every error of an import as an xlsx: row, column, reason."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Errors"))
    sheet.append([_("Row"), _("Column"), _("Reason")])
    for error in errors:
        sheet.append(xlsx_row(sheet, [error["row"], error["column"], error["message"]]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- page and API: now, or as a job -----------------------------------------------------------------
def _as_path(upload) -> str:
    suffix = "." + file_kind(upload.name)
    upload_size_check(upload=upload)
    handle, path = tempfile.mkstemp(suffix=suffix)
    with os.fdopen(handle, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


def candidate_import_start(*, exam: Exam, actor, upload, dry_run: bool = False) -> Outcome:
    """Import an uploaded file now (small: Outcome with the result) or as a job with progress (large)."""
    from exams.tasks import candidate_import as candidate_import_task

    path = _as_path(upload)
    try:
        columns, rows = rows_read(path=path)
        if len(rows) <= settings.CONGVU_IMPORT_SYNC_MAX_ROWS:
            return Outcome(result=candidate_import(exam=exam, path=path, actor=actor, dry_run=dry_run))
    finally:
        os.unlink(path)
    upload.seek(0)
    title = _("Candidate import into %(exam)s: %(name)s") % {"exam": exam.code, "name": Path(upload.name).name}
    job = job_create(
        kind=KIND, title=title, owner=actor, params={"exam": exam.pk, "dry_run": bool(dry_run)}, input_file=upload
    )
    job_enqueue(job=job, task=candidate_import_task)
    return Outcome(job=job)


def candidate_import_job_run(*, job_id) -> Job | None:
    """Run a queued candidate import to the end; safe to deliver twice (only the claiming delivery runs)."""
    job = job_claim(job_id=job_id, kind=KIND, total=100, message=_("Reading the file"))
    if job is None:
        return None
    exam = Exam.objects.filter(pk=job.params.get("exam")).first()

    def progress(percent: int, message: str) -> None:
        job_progress(job_id=job.pk, done=percent, total=100, message=message)

    try:
        if exam is None:
            raise ApplicationError(_("The exam no longer exists."))
        result = candidate_import(
            exam=exam,
            path=job.input_file.path,
            actor=job.owner,
            dry_run=job.params.get("dry_run", False),
            progress=progress,
        )
    except ApplicationError as exc:
        errors = [{"row": "", "column": "", "message": m} for m in exc.messages]
        return job_finish(job=job, result={"errors": errors}, message=exc.messages[0], failed=True)
    if result["errors"]:
        job.output_file.save(
            f"import-errors-{job.pk}.xlsx", ContentFile(import_errors_xlsx(errors=result["errors"])), save=False
        )
        return job_finish(job=job, result=result, message=_("Nothing was imported: fix the errors."), failed=True)
    message = _("%(n)s candidates imported.") % {"n": result["created"]}
    return job_finish(job=job, result=result, message=(_("Dry run: ") + message) if result["dry_run"] else message)
