"""Celery adapters of the registry: each calls one service (conventions B6)."""

from celery import shared_task


@shared_task(name="hrm.reminders_refresh")
def reminders_refresh() -> int:
    """Periodic: rebuild HR officers' reminders (raises due, retirements, ratings, incomplete records)."""
    from hrm.services.reminders import reminders_refresh as run

    return run()


@shared_task(name="hrm.staff_current_refresh")
def staff_current_refresh() -> int:
    """Periodic: move staff records whose pending changes (transfers, salary changes) are in force from today."""
    from hrm.services.current import staff_current_refresh as run

    return len(run())


@shared_task(name="hrm.staff_import", acks_late=True)
def staff_import(job_id: str) -> None:
    """Run a staff import job (all rows or none); safe to deliver twice."""
    from hrm.services.imports import staff_import_job_run

    staff_import_job_run(job_id=job_id)


@shared_task(name="hrm.staff_export")
def staff_export(job_id: str) -> None:
    """Write a staff export job's file."""
    from hrm.services.exports import staff_export_job_run

    staff_export_job_run(job_id=job_id)
