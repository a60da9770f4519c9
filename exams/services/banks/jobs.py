"""Question imports from the page and the API: small files at once, large ones as a background job with progress."""

import os
import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from common.errors import ApplicationError
from common.models import Job
from common.services import Outcome, job_claim, job_create, job_enqueue, job_finish, job_progress
from exams.models import QuestionBank
from exams.services.banks.items import board_check
from exams.services.banks.transfer import file_format, import_max_bytes, questions_import

KIND = "exams.questions_import"
SYNC_MAX_BYTES = 256 * 1024  # about a thousand GIFT questions: larger files go to a job with a progress bar


def _upload_check(upload) -> str:
    fmt = file_format(upload.name)
    limit = import_max_bytes()
    if upload.size is not None and upload.size > limit:
        raise ApplicationError(
            gettext("The file is too large: at most %(n)s MB.") % {"n": round(limit / 1024**2, 1)}, field="file"
        )
    return fmt


def questions_import_start(*, user, bank: QuestionBank, upload, dry_run: bool = False) -> Outcome:
    """Import an uploaded question file into `bank`: now for a small file (Outcome.result), as a job for a large one
    (Outcome.job). Only the bank's board may."""
    board_check(actor=user, bank=bank)
    fmt = _upload_check(upload)
    if upload.size is not None and upload.size > SYNC_MAX_BYTES:
        return _enqueue(user=user, bank=bank, upload=upload, dry_run=dry_run)
    handle, path = tempfile.mkstemp(suffix=f".{fmt}")
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return Outcome(
            result=questions_import(path=path, name=upload.name, bank_code=bank.code, user=user, dry_run=dry_run)
        )
    finally:
        os.unlink(path)


def _enqueue(*, user, bank: QuestionBank, upload, dry_run: bool) -> Outcome:
    from exams.tasks import questions_import as questions_import_task

    name = Path(upload.name).name
    title = gettext("Question import (dry run): %(name)s") if dry_run else gettext("Question import: %(name)s")
    job = job_create(
        kind=KIND,
        title=title % {"name": f"{bank.code} · {name}"},
        owner=user,
        params={"bank": bank.code, "name": name, "dry_run": bool(dry_run)},
        input_file=upload,
    )
    job_enqueue(job=job, task=questions_import_task)
    return Outcome(job=job)


def questions_import_job_run(*, job_id) -> Job | None:
    """Run a queued question import to the end; safe to deliver twice (only the delivery that claims it runs it)."""
    job = job_claim(job_id=job_id, kind=KIND, total=100, message=gettext("Reading the file"))
    if job is None:
        return None

    def progress(percent: int, message: str) -> None:
        job_progress(job_id=job.pk, done=percent, total=100, message=message)

    params = job.params
    try:
        result = questions_import(
            path=job.input_file.path,
            name=params["name"],
            bank_code=params["bank"],
            user=job.owner,
            dry_run=params.get("dry_run", False),
            progress=progress,
        )
    except (ApplicationError, PermissionDenied) as exc:
        messages = getattr(exc, "messages", None) or [gettext("You may no longer import into this bank.")]
        return job_finish(
            job=job, result={"errors": [{"line": "", "message": m} for m in messages]}, message=messages[0], failed=True
        )
    except Exception as exc:
        job_finish(job=job, result={"errors": []}, message=str(exc)[:500], failed=True)
        raise
    if result["errors"]:  # the job page lists errors by row and column: a question file's are by line
        result["errors"] = [{**e, "row": e["line"], "column": ""} for e in result["errors"]]
        return job_finish(job=job, result=result, message=gettext("Nothing was imported: fix the errors."), failed=True)
    text = gettext("%(created)s added, %(duplicates)s already in the bank.") % result
    return job_finish(job=job, result=result, message=(gettext("Dry run: ") + text) if result["dry_run"] else text)
