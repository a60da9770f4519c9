from celery import shared_task


@shared_task(name="common.jobs_reap_stale")
def jobs_reap_stale() -> int:
    """Periodic: mark jobs whose worker died as failed; safe to run any time."""
    from common.services import jobs_reap_stale as run

    return run()


@shared_task(name="common.audit_export")
def audit_export(job_id: str) -> None:
    """Write an audit trail export job's file; safe to deliver twice."""
    from common.audit_exports import audit_export_job_run

    audit_export_job_run(job_id=job_id)
