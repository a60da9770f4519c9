"""Role checks for the IT-skill pages and API (the roles allowing STANDARD_VIEW say who may)."""

from rest_framework.permissions import BasePermission

STANDARD_VIEW = "skills.standard.view"  # read the IT-skill standard (trainers, HR officers, administrators)


def can_read_it_standard(user) -> bool:
    """Whether `user` may read the IT-skill standard (superusers always may)."""
    from hrm.selectors import may

    return may(user, STANDARD_VIEW)


class CanReadITStandard(BasePermission):
    """Trainers, HR officers and administrators."""

    def has_permission(self, request, view):
        return can_read_it_standard(request.user)
