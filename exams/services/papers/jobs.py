"""Generation and draws run as background jobs (common jobs) with progress; the checks run first, at once, so a
refusal reaches the page or the API as a 400 naming its field or cell, and nothing is queued."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.models import Job
from common.services import job_claim, job_create, job_enqueue, job_finish, job_progress
from exams.models import Part
from exams.services.papers.generation import (
    papers_draw,
    papers_draw_check,
    papers_generate,
    papers_generate_check,
)

KIND_GENERATE = "exams.papers_generate"
KIND_DRAW = "exams.papers_draw"
KINDS = (KIND_GENERATE, KIND_DRAW)


def papers_job_running(*, part: Part) -> Job | None:
    """The generation or draw job of `part` that is queued or running, if any."""
    jobs = Job.objects.filter(kind__in=KINDS, params__part=part.pk, status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
    return jobs.order_by("-created_at").first()


def _busy_check(part: Part) -> None:
    if papers_job_running(part=part) is not None:
        raise ApplicationError(_("Papers of this part are being made: wait for that job to end."), field="part")


def papers_generate_start(*, part: Part, user) -> Job:
    """Check that `part`'s papers may be generated (refusals at once) and queue the generation job."""
    from exams.tasks import papers_generate as task

    _busy_check(part)
    papers_generate_check(part=part)
    title = _("Papers of %(part)s (%(exam)s)") % {"part": part.name, "exam": part.exam.code}
    job = job_create(kind=KIND_GENERATE, title=title, owner=user, params={"part": part.pk})
    job_enqueue(job=job, task=task)
    return job


def papers_draw_start(*, part: Part, user) -> Job:
    """Check that candidates may draw their papers of `part` (refusals at once) and queue the draw job."""
    from exams.tasks import papers_draw as task

    _busy_check(part)
    papers_draw_check(part=part)
    title = _("Draw of the papers of %(part)s (%(exam)s)") % {"part": part.name, "exam": part.exam.code}
    job = job_create(kind=KIND_DRAW, title=title, owner=user, params={"part": part.pk})
    job_enqueue(job=job, task=task)
    return job


def papers_job_run(*, job_id, kind: str) -> Job | None:
    """Run a queued generation or draw job; safe to deliver twice (only the delivery that claims it runs it)."""
    job = job_claim(job_id=job_id, kind=kind, message=_("Starting"))
    if job is None:
        return None
    part = Part.objects.select_related("exam__profile").filter(pk=job.params.get("part")).first()

    def progress(done: int, total: int, message: str) -> None:
        job_progress(job_id=job.pk, done=done, total=total, message=message)

    service = papers_generate if kind == KIND_GENERATE else papers_draw
    try:
        if part is None:
            raise ApplicationError(_("The part is gone."))
        result = service(part=part, user=job.owner, progress=progress)
    except ValidationError as exc:  # refused after it was queued (the bank or the seating changed meanwhile)
        messages = [m for m in exc.messages]
        return job_finish(job=job, result={"errors": messages}, message=" ".join(messages), failed=True)
    except Exception as exc:
        job_finish(job=job, result={"errors": []}, message=str(exc), failed=True)
        raise
    message = _("%(forms)s papers, %(papers)s candidates' papers.") % result
    return job_finish(job=job, result=result, message=message)
