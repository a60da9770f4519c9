"""Role checks for the exam pages and API (object scoping lives in selectors)."""

from rest_framework.permissions import BasePermission

from exams.roles import RULES_VIEW
from hrm.selectors import may


def can_read_exam_rules(user) -> bool:
    """Whether `user` may read regulation profiles and priority categories (superusers always may)."""
    return may(user, RULES_VIEW)


class CanReadExamRules(BasePermission):
    """Exam board, proctors, graders and administrators."""

    def has_permission(self, request, view):
        return can_read_exam_rules(request.user)
