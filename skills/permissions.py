"""Role checks for the IT-skill pages and API."""

from rest_framework.permissions import BasePermission

from hrm.models import Role
from hrm.selectors import user_roles

STANDARD_READERS = frozenset({Role.ADMIN, Role.TRAINER, Role.HR_OFFICER})


def can_read_it_standard(user) -> bool:
    """Whether `user` may read the IT-skill standard (superusers always may)."""
    return bool(user and user.is_authenticated and user_roles(user=user) & STANDARD_READERS)


class CanReadITStandard(BasePermission):
    """Trainers, HR officers and administrators."""

    def has_permission(self, request, view):
        return can_read_it_standard(request.user)
