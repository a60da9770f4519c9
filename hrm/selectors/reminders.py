"""Reads of HR reminders, scoped to the units the user may see (hrm.selectors.unit_scope_for_user)."""

from django.db.models import QuerySet

from hrm.access import REPORTS_VIEW
from hrm.models import Reminder
from hrm.selectors.scoping import unit_scope_for_user


def reminder_list_for_user(*, user, kind: str | None = None) -> QuerySet:
    """Reminders of the units `user` may see as an HR officer (optionally one kind), soonest first."""
    reminders = Reminder.objects.select_related("employee__person", "unit").order_by("due_date", "kind", "id")
    reminders = unit_scope_for_user(user=user, action=REPORTS_VIEW).filter(reminders)
    if kind:
        reminders = reminders.filter(kind=kind)
    return reminders
