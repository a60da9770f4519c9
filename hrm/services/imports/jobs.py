"""Uploads: small files import at once, large ones become a background job with progress."""

import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.utils.translation import gettext

from common.errors import ApplicationError
from common.models import Job
from common.services import Outcome, job_claim, job_create, job_enqueue, job_finish, job_progress
from common.spreadsheets import upload_saved
from hrm.services.imports.reading import file_kind

KIND = "hrm.staff_import"


def _as_path(upload) -> str:
    return upload_saved(upload=upload, suffix="." + file_kind(upload.name))


def staff_import_start(*, user, upload, dry_run: bool = False) -> Outcome:
    """Import an uploaded file now (small files → Outcome with the result) or queue a job (large files → Outcome
    with the job).

    Only for HR officers with units and province administrators (PermissionDenied otherwise)."""
    from hrm.services.imports import rows_count, staff_import, staff_import_check_allowed
    from hrm.tasks import staff_import as staff_import_task

    staff_import_check_allowed(user=user)
    path = _as_path(upload)
    try:
        if rows_count(path=path) <= settings.CONGVU_IMPORT_SYNC_MAX_ROWS:
            return Outcome(result=staff_import(path=path, user=user, dry_run=dry_run))
    finally:
        os.unlink(path)
    upload.seek(0)
    title = gettext("Staff import (dry run): %(name)s") if dry_run else gettext("Staff import: %(name)s")
    job = job_create(
        kind=KIND,
        title=title % {"name": Path(upload.name).name},
        owner=user,
        params={"dry_run": bool(dry_run)},
        input_file=upload,
    )
    job_enqueue(job=job, task=staff_import_task)
    return Outcome(job=job)


def staff_import_job_run(*, job_id) -> Job | None:
    """Run a queued import job to the end; safe to deliver twice (only the delivery that claims it runs it)."""
    from hrm.services.imports import staff_import, staff_import_error_report

    job = job_claim(job_id=job_id, kind=KIND, total=100, message=gettext("Reading the file"))
    if job is None:
        return None

    def progress(percent: int, message: str) -> None:
        job_progress(job_id=job.pk, done=percent, total=100, message=message)

    try:
        result = staff_import(
            path=job.input_file.path, user=job.owner, dry_run=job.params.get("dry_run", False), progress=progress
        )
    except ApplicationError as exc:  # the file itself is unusable: the user's problem, not the worker's
        errors = [{"row": "", "column": "", "message": m} for m in exc.messages]
        return job_finish(job=job, result={"errors": errors}, message=exc.messages[0], failed=True)
    except PermissionDenied:  # his HR role ended while the job waited
        message = gettext("You no longer manage staff: nothing was imported.")
        return job_finish(job=job, result={"errors": []}, message=message, failed=True)
    except Exception as exc:
        job_finish(job=job, result={"errors": []}, message=str(exc), failed=True)
        raise
    if result["errors"]:
        report = staff_import_error_report(errors=result["errors"])
        job.output_file.save(f"import-errors-{job.pk}.xlsx", ContentFile(report), save=False)
        return job_finish(job=job, result=result, message=gettext("Nothing was imported: fix the errors."), failed=True)
    return job_finish(job=job, result=result, message=_summary(result))


def _summary(result: dict) -> str:
    text = gettext("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % result
    return (gettext("Dry run: ") + text) if result["dry_run"] else text
