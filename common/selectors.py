"""Reads of jobs and of the audit trail, filtered by what the user may see."""

from django.db.models import QuerySet

from common.models import AuditEntry, Job
from hrm.selectors import ALL, unit_ids_for_user


def job_get_for_user(*, job_id, user) -> Job | None:
    """A job if `user` owns it (administrators see all), else None."""
    if user is None or not user.is_authenticated:
        return None
    jobs = Job.objects.all() if user.is_superuser else Job.objects.filter(owner=user)
    return jobs.filter(pk=job_id).first()


def job_list_for_user(*, user) -> QuerySet:
    return Job.objects.filter(owner=user)


def audit_list_for_user(*, user) -> QuerySet:
    """Audit entries about records in the units `user` may see (all of them for administrators)."""
    ids = unit_ids_for_user(user=user)
    entries = AuditEntry.objects.select_related("actor")
    return entries if ids is ALL else entries.filter(unit_id__in=ids)
