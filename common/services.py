"""Writes shared by every app: the audit trail and the life cycle of background jobs."""

import datetime as dt
import decimal
import logging
import threading
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
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
# A job still queued this long after it was created was lost on its way to a worker (the broker was down, or its
# message was dropped); a queue busy with long imports still starts its jobs well within this.
JOB_QUEUED_STALE_AFTER = dt.timedelta(hours=1)


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
    scope: models.Model | None = None,
    note: str = "",
) -> AuditEntry:
    """Append one entry to the audit trail (who, when, from where, before and after).

    `unit_id` and `scope` (an exam, a room session, a class…) say whose part of the trail it is."""
    context = current_audit_context()
    scope_type = ContentType.objects.get_for_model(scope) if scope is not None else None
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
        scope_type=scope_type,
        scope_id=scope.pk if scope is not None else None,
        changes=diff(before, after) if (before is not None or after is not None) else {},
        note=note,
    )


def delete_audited(*, obj: models.Model, actor, scope: models.Model | None = None, before: dict | None = None):
    """Delete `obj` and record the deletion with the state it had (`before`, its snapshot by default).

    Whatever `obj.delete()` raises (ProtectedError…) propagates, and nothing is recorded."""
    before = snapshot(obj) if before is None else before
    model, object_id, label = obj._meta.label_lower, str(obj.pk), str(obj)
    obj.delete()
    audit_record(
        actor=actor, action="delete", model=model, object_id=object_id, object_repr=label, before=before, scope=scope
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


class _LiveProgress:
    """The cache that holds live progress (Redis in services mode). Progress is advisory: when the cache does not
    answer, jobs go on and pages show the state stored in the database, saying so."""

    @staticmethod
    def get(job_id) -> tuple[dict | None, bool]:
        """(live state or None, whether the cache answered)."""
        try:
            return cache.get(_progress_key(job_id)), True
        except Exception:  # a down cache server must not turn a progress read into a 500
            log.warning("live progress of job %s is unavailable", job_id, exc_info=True)
            return None, False

    @staticmethod
    def set(job_id, state: dict) -> None:
        try:
            cache.set(_progress_key(job_id), state, timeout=24 * 3600)
        except Exception:
            log.warning("could not store the live progress of job %s", job_id, exc_info=True)

    @staticmethod
    def delete(job_id) -> None:
        try:
            cache.delete(_progress_key(job_id))
        except Exception:
            log.warning("could not clear the live progress of job %s", job_id, exc_info=True)


def job_create(*, kind: str, title: str, owner, params: dict | None = None, input_file=None) -> Job:
    """Create a queued job owned by `owner`."""
    job = Job(kind=kind, title=title[:255], owner=owner, params=params or {})
    if input_file is not None:
        job.input_file.save(input_file.name, input_file, save=False)
    job.save()
    return job


@dataclass(frozen=True)
class Outcome:
    """What a run-now-or-enqueue service did: `job` when the work was queued (answer 202 Accepted), else the
    work is done (answer 200): `result` for a report, `content` and `filename` for a file."""

    job: Job | None = None
    result: dict | None = None
    content: bytes | None = None
    filename: str = ""

    @property
    def queued(self) -> bool:
        return self.job is not None

    @property
    def status_code(self) -> int:
        return 202 if self.queued else 200


def job_enqueue(*, job: Job, task) -> None:
    """Run `task(job_id)` after commit: on a Celery worker, or in a thread in embedded mode."""

    def dispatch():
        if settings.CELERY_TASK_ALWAYS_EAGER:
            # Embedded mode has no worker: run beside the web process so the page can show progress.
            threading.Thread(target=task.apply, args=((str(job.pk),),), daemon=True, name=f"job-{job.pk}").start()
            return
        try:
            task.apply_async((str(job.pk),))
        except Exception:  # the broker does not answer: say so now rather than leave the job queued forever
            log.error("could not send job %s to the queue", job.pk, exc_info=True)
            message = gettext("The job queue does not answer, so the job was not started. Try again in a few minutes.")
            job_finish(job=job, failed=True, message=message)

    transaction.on_commit(dispatch)


def job_claim(*, job_id, kind: str, total: int = 0, message: str = "") -> Job | None:
    """Start a queued job and return it, or None when it is gone, finished or already running.

    The claim is one conditional UPDATE (queued -> running) that affects one row, so when a task is delivered
    twice (tasks are delivered at least once) only one delivery runs the job; a later one returns quietly, and
    `jobs_reap_stale` ends a running job whose worker died."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, kind=kind, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now, heartbeat_at=now, total=total, done=0, message=message[:500]
    )
    if claimed != 1:
        log.info("job %s (%s) is not queued: this delivery does not run it", job_id, kind)
        return None
    job = Job.objects.get(pk=job_id)
    job_progress(job_id=job.pk, done=0, total=total, message=message)
    return job


def job_progress(*, job_id, done: int, total: int, message: str = "") -> None:
    """Report progress; readable at once by other processes even inside the job's transaction."""
    state = {"status": Job.Status.RUNNING, "done": done, "total": total, "message": message, "at": timezone.now()}
    _LiveProgress.set(job_id, state)
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
    base["notice"] = ""
    if job.status == Job.Status.RUNNING:
        live, answered = _LiveProgress.get(job.pk)
        if live:
            base.update({k: live[k] for k in ("done", "total", "message")})
        if not answered:
            base["notice"] = gettext("Live progress is unavailable at the moment: this is the last saved state.")
    total = base["total"]
    base["percent"] = 100 if job.status == Job.Status.SUCCEEDED else (int(base["done"] * 100 / total) if total else 0)
    return base


def job_finish(*, job: Job, result: dict | None = None, message: str = "", failed: bool = False) -> Job:
    """Store the final state of a job and tell the page; safe to call twice."""
    status = Job.Status.FAILED if failed else Job.Status.SUCCEEDED
    live = _LiveProgress.get(job.pk)[0] or {}
    job.status = status
    job.result = result or {}
    job.message = message[:500]
    job.total = live.get("total", job.total)
    job.done = job.total if not failed else live.get("done", job.done)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "result", "message", "total", "done", "finished_at", "output_file"])
    _LiveProgress.delete(job.pk)
    realtime.job_finished(job.pk, job_progress_get(job=job))
    return job


def jobs_reap_stale() -> int:
    """Mark failed the jobs whose worker died (no heartbeat for 10 minutes) and the jobs that never reached a
    worker (still queued after an hour); returns how many."""
    now = timezone.now()
    limit = now - JOB_STALE_AFTER
    stale_ids = []
    for job_id in Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=limit).values_list("pk", flat=True):
        live, answered = _LiveProgress.get(job_id)
        if answered and (live is None or live["at"] < limit):  # a job inside a long transaction beats only in the cache
            stale_ids.append(job_id)
            _LiveProgress.delete(job_id)
    died = Job.objects.filter(pk__in=stale_ids).update(
        status=Job.Status.FAILED,
        finished_at=now,
        message=gettext("The worker stopped before the job finished; start it again."),
    )
    lost = Job.objects.filter(status=Job.Status.QUEUED, created_at__lt=now - JOB_QUEUED_STALE_AFTER).update(
        status=Job.Status.FAILED,
        finished_at=now,
        message=gettext("The job never reached a worker (the job queue did not answer); start it again."),
    )
    return died + lost
