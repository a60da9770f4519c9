"""Role checks for the exam pages and API (object scoping lives in selectors)."""

from rest_framework.permissions import BasePermission

from hrm.models import Role
from hrm.selectors import user_roles

REFERENCE_READERS = frozenset({Role.ADMIN, Role.EXAM_BOARD, Role.PROCTOR, Role.GRADER})


def can_read_exam_rules(user) -> bool:
    """Whether `user` may read regulation profiles and priority categories (superusers always may)."""
    return bool(user and user.is_authenticated and user_roles(user=user) & REFERENCE_READERS)


class CanReadExamRules(BasePermission):
    """Exam board, proctors, graders and administrators."""

    def has_permission(self, request, view):
        return can_read_exam_rules(request.user)
