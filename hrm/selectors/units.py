"""Unit lists of the pages: open units to pick from, the unit tree with its head counts, a unit by id."""

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from common.vietnamese import fold, sort_key
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


def unit_label(unit: OrgUnit) -> str:
    """ "Phòng Nội vụ — Huyện Ba Tri": the unit's name and its parent's (a closed unit says so)."""
    label = f"{unit.name} — {unit.parent.name}" if unit.parent_id else unit.name
    return f"{label} ({_('dissolved')})" if unit.valid_to else label


def _matches(words: list[str], label: str) -> bool:
    """Each word typed begins a word of the label ("xa an" finds "Xã An Quy", not "Xã hội — Huyện Châu Thành")."""
    label_words = fold(label).split()
    return all(any(word.startswith(typed) for word in label_words) for typed in words)


def unit_choices(*, units: QuerySet, query: str = "") -> list[tuple[int, str]]:
    """(id, label with the parent) of `units`, in Vietnamese order; with `query`, those whose label has a word
    beginning with each word typed, with or without accents ("ba tri" finds "Huyện Ba Tri")."""
    words = fold(query).split()
    labelled = [(unit.pk, unit_label(unit)) for unit in units.select_related("parent").order_by()]
    if words:
        labelled = [(pk, label) for pk, label in labelled if _matches(words, label)]
    return sorted(labelled, key=lambda choice: sort_key(choice[1]))


def unit_choices_for_user(*, user, query: str = "", closed: bool = False) -> list[tuple[int, str]]:
    """The units `user` may see (open ones unless `closed`) as (id, label with the parent), in Vietnamese order."""
    units = units_for_user(user=user)
    return unit_choices(units=units if closed else units.open(), query=query)


def unit_labels(*, unit_ids) -> dict[int, str]:
    """{id: "name — parent"} of the units `unit_ids`, in one query (a list's unit column)."""
    units = OrgUnit.objects.filter(pk__in=set(unit_ids)).select_related("parent")
    return {unit.pk: unit_label(unit) for unit in units}
