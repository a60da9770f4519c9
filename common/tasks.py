from celery import shared_task


@shared_task(name="common.jobs_reap_stale")
def jobs_reap_stale() -> int:
    """Periodic: mark jobs whose worker died as failed; safe to run any time."""
    from common.services import jobs_reap_stale as run

    return run()
