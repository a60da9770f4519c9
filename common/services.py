"""Writes shared by every app: the audit trail and the life cycle of background jobs."""

import datetime as dt
import decimal
import logging
import threading
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from common import realtime
from common.middleware import current_audit_context
from common.models import AuditEntry, Job

log = logging.getLogger(__name__)
JOB_STALE_AFTER = dt.timedelta(minutes=10)


# --- Audit trail ---------------------------------------------------------------------------------
def _plain(value):
    if isinstance(value, (dt.date, dt.datetime, decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def snapshot(obj: models.Model) -> dict:
    """The concrete field values of a row, JSON-ready (foreign keys as ids)."""
    return {f.attname: _plain(getattr(obj, f.attname)) for f in obj._meta.concrete_fields}


def diff(before: dict | None, after: dict | None) -> dict:
    before, after = before or {}, after or {}
    keys = set(before) | set(after)
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    model: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict | None = None,
    after: dict | None = None,
    unit_id: int | None = None,
    note: str = "",
) -> AuditEntry:
    """Append one entry to the audit trail (who, when, from where, before and after)."""
    context = current_audit_context()
    actor = actor or context.get("user")
    if obj is not None:
        model = model or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    return AuditEntry.objects.create(
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") if actor is not None else "",
        ip=context.get("ip"),
        action=action,
        model=model,
        object_id=object_id,
        object_repr=object_repr[:255],
        unit_id=unit_id,
        changes=diff(before, after) if (before is not None or after is not None) else {},
        note=note,
    )


def audit_bulk(entries: list[AuditEntry]) -> None:
    """Append many prepared entries at once (imports and restructuring write thousands)."""
    context = current_audit_context()
    for entry in entries:
        entry.ip = entry.ip or context.get("ip")
    AuditEntry.objects.bulk_create(entries, batch_size=2000)


# --- Background jobs -----------------------------------------------------------------------------
def _progress_key(job_id) -> str:
    return f"common.job.{job_id}.progress"


def job_create(*, kind: str, title: str, owner, params: dict | None = None, input_file=None) -> Job:
    """Create a queued job owned by `owner`."""
    job = Job(kind=kind, title=title[:255], owner=owner, params=params or {})
    if input_file is not None:
        job.input_file.save(input_file.name, input_file, save=False)
    job.save()
    return job


def job_enqueue(*, job: Job, task) -> None:
    """Run `task(job_id)` after commit: on a Celery worker, or in a thread in embedded mode."""

    def dispatch():
        if settings.CELERY_TASK_ALWAYS_EAGER:
            # Embedded mode has no worker: run beside the web process so the page can show progress.
            threading.Thread(target=task.apply, args=((str(job.pk),),), daemon=True, name=f"job-{job.pk}").start()
        else:
            task.apply_async((str(job.pk),))

    transaction.on_commit(dispatch)


def job_claim(*, job_id, kind: str) -> Job | None:
    """The job a task was sent to run, or None when it is gone or an earlier delivery finished it
    (tasks are delivered at least once: running a finished job again must change nothing)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id, kind=kind).first()
        return None if job is None or job.finished else job


def job_start(*, job: Job, total: int = 0, message: str = "") -> Job:
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, started_at=now, heartbeat_at=now, total=total, done=0, message=message
    )
    job.refresh_from_db()
    job_progress(job_id=job.pk, done=0, total=total, message=message)
    return job


def job_progress(*, job_id, done: int, total: int, message: str = "") -> None:
    """Report progress; readable at once by other processes even inside the job's transaction."""
    state = {"status": Job.Status.RUNNING, "done": done, "total": total, "message": message, "at": timezone.now()}
    cache.set(_progress_key(job_id), state, timeout=24 * 3600)
    realtime.job_progress(job_id, state)


def job_progress_get(*, job: Job) -> dict:
    """The freshest progress of a job: the live value while running, else the stored one."""
    base = {
        "id": str(job.pk),
        "status": job.status,
        "done": job.done,
        "total": job.total,
        "message": job.message,
        "result": job.result,
        "output_url": reverse("common:job-download", args=[job.pk]) if job.output_file else "",
    }
    if job.status == Job.Status.RUNNING:
        live = cache.get(_progress_key(job.pk))
        if live:
            base.update({k: live[k] for k in ("done", "total", "message")})
    total = base["total"]
    base["percent"] = 100 if job.status == Job.Status.SUCCEEDED else (int(base["done"] * 100 / total) if total else 0)
    return base


def job_finish(*, job: Job, result: dict | None = None, message: str = "", failed: bool = False) -> Job:
    """Store the final state of a job and tell the page; safe to call twice."""
    status = Job.Status.FAILED if failed else Job.Status.SUCCEEDED
    live = cache.get(_progress_key(job.pk)) or {}
    job.status = status
    job.result = result or {}
    job.message = message[:500]
    job.total = live.get("total", job.total)
    job.done = job.total if not failed else live.get("done", job.done)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "result", "message", "total", "done", "finished_at", "output_file"])
    cache.delete(_progress_key(job.pk))
    transaction.on_commit(lambda: realtime.job_progress(job.pk, job_progress_get(job=job)))
    return job


def jobs_reap_stale() -> int:
    """Mark jobs failed whose worker died (no heartbeat for 10 minutes); returns how many."""
    limit = timezone.now() - JOB_STALE_AFTER
    stale_ids = []
    for job_id in Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=limit).values_list("pk", flat=True):
        live = cache.get(_progress_key(job_id))
        if live is None or live["at"] < limit:  # a job inside a long transaction beats only in the cache
            stale_ids.append(job_id)
            cache.delete(_progress_key(job_id))
    return Job.objects.filter(pk__in=stale_ids).update(
        status=Job.Status.FAILED,
        finished_at=timezone.now(),
        message=gettext("The worker stopped before the job finished; start it again."),
    )
