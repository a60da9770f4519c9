"""Reads of the hire page and API: the units a user may hire into (the ranks it offers: hrm.selectors.salary)."""

from django.db.models import QuerySet

from hrm.access import STAFF_CHANGE
from hrm.selectors.scoping import may
from hrm.selectors.units import unit_choices, unit_list_open_for_user


def unit_list_for_hire(*, user) -> QuerySet:
    """The units `user` may hire into: his open units (every open unit for province administrators)."""
    return unit_list_open_for_user(user=user).select_related("parent")


def user_can_hire(*, user) -> bool:
    """HR officers with at least one open unit in their scope, and province administrators."""
    return may(user, STAFF_CHANGE) and unit_list_for_hire(user=user).exists()


def unit_choices_for_hire(*, user) -> list[tuple[int, str]]:
    """(id, "name — parent") of the units `user` may hire into, in Vietnamese order."""
    return unit_choices(units=unit_list_for_hire(user=user))
