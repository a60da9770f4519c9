"""Celery adapters of the exams app: each calls one service (conventions B6)."""

from celery import shared_task


@shared_task(name="exams.questions_import", acks_late=True)
def questions_import(job_id: str) -> None:
    """Run a question import job (all items or none); safe to deliver twice."""
    from exams.services.banks.jobs import questions_import_job_run

    questions_import_job_run(job_id=job_id)


@shared_task(name="exams.candidate_import", acks_late=True)
def candidate_import(job_id: str) -> None:
    """Run a candidate import job (all rows or none); safe to deliver twice."""
    from exams.services.candidate_import import candidate_import_job_run

    candidate_import_job_run(job_id=job_id)


@shared_task(name="exams.papers_generate", acks_late=True)
def papers_generate(job_id: str) -> None:
    """Run a paper generation job (all papers of a part or none); safe to deliver twice."""
    from exams.services.papers.jobs import KIND_GENERATE, papers_job_run

    papers_job_run(job_id=job_id, kind=KIND_GENERATE)


@shared_task(name="exams.papers_draw", acks_late=True)
def papers_draw(job_id: str) -> None:
    """Run a draw job (each candidate of a part draws an approved paper); safe to deliver twice."""
    from exams.services.papers.jobs import KIND_DRAW, papers_job_run

    papers_job_run(job_id=job_id, kind=KIND_DRAW)


@shared_task(name="exams.attempts_close_expired", acks_late=True, ignore_result=True)
def attempts_close_expired() -> int:
    """Close (time out, grade) every live attempt whose deadline has passed; safe to run twice or concurrently."""
    from exams.services.live.closing import attempts_close_expired as close

    return close()


@shared_task(name="exams.exam_grade_job", acks_late=True)
def exam_grade_job(job_id: str) -> None:
    """Run an exam's bulk grading or item analysis job; safe to deliver twice."""
    from exams.services.grading.jobs import grading_job_run

    grading_job_run(job_id=job_id)


@shared_task(name="exams.live_papers_warm_due", acks_late=True, ignore_result=True)
def live_papers_warm_due() -> int:
    """Queue the warm-up of the papers of every room whose shift starts soon (the beat runs it every minute)."""
    from exams.services.live.paper import live_papers_warm_due as due

    return due()


@shared_task(name="exams.live_papers_warm", acks_late=True, ignore_result=True)
def live_papers_warm(room_session_id: int) -> int:
    """Cache the live papers of a started room's candidates before their sockets ask; safe to run twice."""
    from exams.services.live.paper import live_papers_warm as warm

    return warm(room_session_id=room_session_id)
