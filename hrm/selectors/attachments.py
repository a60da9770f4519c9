"""Reads of a staff record's attachments: only within the scope of the record (the same answer as the profile)."""

from django.db.models import QuerySet

from hrm.models import Attachment, Employee
from hrm.selectors.scoping import employee_get_for_user


def attachment_list_for_user(*, user, employee: Employee) -> QuerySet:
    """The documents of `employee` (a record the caller already got through a `_for_user` selector), newest first."""
    return Attachment.objects.filter(employee=employee).select_related("uploaded_by")


def attachment_get_for_user(*, user, employee_id: int, attachment_id: int) -> Attachment | None:
    """A document of a record `user` may see (HR scope or his own record), else None."""
    employee = employee_get_for_user(user=user, employee_id=employee_id)
    if employee is None:
        return None
    return Attachment.objects.filter(employee=employee, pk=attachment_id).select_related("employee").first()
