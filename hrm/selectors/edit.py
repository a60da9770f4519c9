"""Who may change a staff record and its histories: HR officers of its unit subtree and province administrators.

Shared by the edit pages, the history API and the profile page's links, so all three answer alike.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from hrm.access import STAFF_CHANGE
from hrm.models import Employee
from hrm.selectors.scoping import employee_get_for_user, employee_queryset_for_user


def employee_get_for_writer(*, user, employee_id: int) -> Employee | None:
    """A staff record `user` may change (HR scope), else None; the staff member himself only reads."""
    return employee_queryset_for_user(user=user, action=STAFF_CHANGE).filter(pk=employee_id).first()


def employee_writable(*, user, employee: Employee) -> bool:
    """Whether `user` may change `employee`'s record and histories."""
    return employee_get_for_writer(user=user, employee_id=employee.pk) is not None


def employee_for_writer_or_refuse(*, user, employee_id: int) -> Employee:
    """The record to change; 403 for someone who may only read it (himself), 404 for everyone else."""
    employee = employee_get_for_writer(user=user, employee_id=employee_id)
    if employee is not None:
        return employee
    if employee_get_for_user(user=user, employee_id=employee_id) is not None:
        raise PermissionDenied
    raise Http404
