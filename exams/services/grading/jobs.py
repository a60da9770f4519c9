"""Bulk grading and item analysis run as background jobs (common jobs) with progress; the checks run first, at
once, so a refusal reaches the page or the API as a 400, and nothing is queued."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.models import Job
from common.services import job_claim, job_create, job_enqueue, job_finish, job_progress
from exams.models import Exam, Part

KIND_GRADE = "exams.exam_grade"
KIND_ANALYSE = "exams.exam_analyse"


def _running(exam: Exam, kind: str) -> Job | None:
    jobs = Job.objects.filter(kind=kind, params__exam=exam.pk, status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
    return jobs.first()


def grading_job_start(*, exam: Exam, user, kind: str = KIND_GRADE, part: Part | None = None, reason: str = "") -> Job:
    """Check that `exam` (or `part`) may be graded or analysed now and queue the job; refusals at once."""
    from exams.services.grading.analysis import analysis_parts
    from exams.services.grading.objective import _check_finished, grading_parts
    from exams.tasks import exam_grade_job as task

    if _running(exam, kind) is not None:
        raise ApplicationError(_("This exam is being graded or analysed: wait for that job to end."), field="part")
    parts = grading_parts(exam=exam, part=part) if kind == KIND_GRADE else analysis_parts(exam=exam, part=part)
    if not parts:
        raise ApplicationError(_("This exam has no part taken on computer."), field="part")
    _check_finished(exam, parts)
    verb = _("Grading of %(exam)s") if kind == KIND_GRADE else _("Item analysis of %(exam)s")
    params = {"exam": exam.pk, "part": part.pk if part else None, "reason": reason}
    job = job_create(kind=kind, title=verb % {"exam": exam.code}, owner=user, params=params)
    job_enqueue(job=job, task=task)
    return job


def grading_job_run(*, job_id) -> Job | None:
    """Run a queued grading or analysis job; safe to deliver twice (only the delivery that claims it runs it)."""
    from exams.services.grading.analysis import exam_analyse
    from exams.services.grading.objective import exam_grade

    job = Job.objects.filter(pk=job_id).only("kind").first()
    if job is None or job.kind not in (KIND_GRADE, KIND_ANALYSE):
        return None
    job = job_claim(job_id=job_id, kind=job.kind, message=_("Starting"))
    if job is None:
        return None
    exam = Exam.objects.filter(pk=job.params.get("exam")).first()
    part = Part.objects.filter(pk=job.params.get("part")).first() if job.params.get("part") else None

    def progress(done: int, total: int, message: str) -> None:
        job_progress(job_id=job.pk, done=done, total=total, message=message)

    try:
        if exam is None:
            raise ApplicationError(_("The exam is gone."))
        if job.kind == KIND_GRADE:
            run = exam_grade(
                exam=exam, part=part, actor=job.owner, reason=job.params.get("reason", ""), progress=progress
            )
            result = {"run": run.pk, "graded": run.graded, "changed": len(run.changed)}
            message = _("%(graded)s marks written, %(changed)s changed.") % result
        else:
            result = exam_analyse(exam=exam, part=part, progress=progress)
            message = _("%(items)s items analysed.") % result
    except ValidationError as exc:
        messages = list(exc.messages)
        return job_finish(job=job, result={"errors": messages}, message=" ".join(messages), failed=True)
    except Exception as exc:
        job_finish(job=job, result={"errors": []}, message=str(exc), failed=True)
        raise
    return job_finish(job=job, result=result, message=message)
