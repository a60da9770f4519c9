"""The page and the API: a small file now, a large one as a job with progress."""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.models import Job
from common.services import (
    Outcome,
    job_claim,
    job_create,
    job_enqueue,
    job_finish,
    job_progress,
)
from common.spreadsheets import upload_saved
from exams.models import Exam
from exams.services.candidate_import.columns import KIND
from exams.services.candidate_import.reading import file_kind, rows_read
from exams.services.candidate_import.writing import candidate_import, import_errors_xlsx


def _as_path(upload) -> str:
    return upload_saved(upload=upload, suffix="." + file_kind(upload.name))


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
