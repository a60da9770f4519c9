"""Reads of HR reminders, scoped to the units the user may see (hrm.selectors.unit_ids_for_user)."""

from django.db.models import QuerySet

from hrm.models import Reminder
from hrm.selectors.scoping import ALL, unit_ids_for_user


def reminder_list_for_user(*, user, kind: str | None = None) -> QuerySet:
    """Reminders of the units `user` may see as an HR officer (optionally one kind), soonest first."""
    ids = unit_ids_for_user(user=user)
    reminders = Reminder.objects.select_related("employee__person", "unit").order_by("due_date", "kind", "id")
    if ids is not ALL:
        reminders = reminders.filter(unit_id__in=ids)
    if kind:
        reminders = reminders.filter(kind=kind)
    return reminders
