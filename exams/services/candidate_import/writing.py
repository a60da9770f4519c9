"""Writing the checked rows (all or none), audited; the template and the error report."""

import io

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.models import AuditEntry
from common.services import (
    audit_bulk,
    audit_record,
)
from common.spreadsheets import xlsx_row
from exams.models import Candidate, CandidateClaim, Exam
from exams.services.candidate_import.checking import rows_check
from exams.services.candidate_import.columns import COLUMNS, EXAMPLE, Progress, _silent
from exams.services.candidate_import.reading import rows_read
from hrm.models import Person


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
