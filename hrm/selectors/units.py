"""Unit lists of the pages: open units to pick from, the unit tree with its head counts, a unit by id."""

from django.db.models import Count, Q, QuerySet

from hrm.models import Employee, OrgUnit
from hrm.selectors.scoping import units_for_user


def unit_list_open() -> QuerySet:
    """Every open unit, in tree order (the restructuring page picks among them)."""
    return OrgUnit.objects.open().order_by("path")


def unit_list_open_for_user(*, user) -> QuerySet:
    """The open units `user` may see as an HR officer, in tree order."""
    return units_for_user(user=user).open().order_by("path")


def unit_tree_for_user(*, user, closed: bool = False) -> QuerySet:
    """The units `user` may see with today's quota and active head count; closed units only when asked."""
    active = Count("staff", filter=Q(staff__status=Employee.Status.ACTIVE))
    units = units_for_user(user=user).with_quota_today().annotate(active_staff=active)
    return units if closed else units.open()


def unit_get(*, unit_id: int) -> OrgUnit | None:
    """Any unit by id, open or closed (province administrators' restructuring and quotas), or None."""
    return OrgUnit.objects.filter(pk=unit_id).first()
