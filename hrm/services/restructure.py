"""Restructuring the unit tree on a date: move, merge, dissolve, rename.

Each operation runs in one transaction and keeps history: the open OrgUnitVersion rows are closed at
`on` and new ones opened, so "unit X and everything under it on date D" still answers with the old tree
for earlier dates. Staff of closed units get a new assignment from `on`, written set-based. Staff quotas
(StaffQuota) of closed units end at `on`; a merged unit's successor gets the sum unless one is given.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.dated import short_date
from common.errors import ApplicationError
from common.middleware import current_audit_context
from common.models import AuditEntry
from common.services import audit_bulk, audit_record, snapshot
from hrm.models import Assignment, Employee, Grant, OrgUnit, OrgUnitVersion
from hrm.services.org import (
    staff_quota_set,
    staff_quota_total_on,
    staff_quotas_after,
    staff_quotas_end,
    unit_create,
)

ACTION = AuditEntry.Action.RESTRUCTURE


# --- Checks (all run before anything is written) -------------------------------------------------
def _open_version(unit: OrgUnit) -> OrgUnitVersion | None:
    return OrgUnitVersion.objects.open().filter(unit=unit).first()


def _check_active(unit: OrgUnit, on: dt.date, field: str) -> None:
    """Refuse closed units and dates before the unit's current version (or before it existed)."""
    if unit.valid_to is not None:
        raise ApplicationError(_("The unit %(unit)s is closed.") % {"unit": unit.name}, field=field)
    version = _open_version(unit)
    start = version.valid_from if version else unit.valid_from
    if on < start or on < unit.valid_from:
        raise ApplicationError(
            _("The date is before the current version of %(unit)s (%(start)s).")
            % {"unit": unit.name, "start": short_date(start)},
            field="on",
        )


def _check_closable(unit: OrgUnit, on: dt.date, field: str) -> None:
    _check_active(unit, on, field)
    if unit.valid_from >= on:
        raise ApplicationError(_("A unit cannot be closed on the day it was created."), field="on")


def _check_not_inside(unit: OrgUnit, roots: list[OrgUnit], field: str, message: str) -> None:
    if any(unit.pk == root.pk or unit.path.startswith(root.path) for root in roots):
        raise ApplicationError(message, field=field)


def _subtree_q(roots: list[OrgUnit]) -> Q:
    q = Q(pk__in=[])
    for root in roots:
        q |= Q(path__startswith=root.path)
    return q


def _check_subtree_dates(roots: list[OrgUnit], on: dt.date) -> None:
    subtree = OrgUnit.objects.filter(_subtree_q(roots)).values("pk")
    first = OrgUnitVersion.objects.open().filter(valid_from__gt=on, unit__in=subtree).first()
    if first is not None:
        raise ApplicationError(
            _("The date is before the current version of %(unit)s.") % {"unit": first.name}, field="on"
        )


def _check_staff_dates(unit_ids: list[int], on: dt.date) -> None:
    late = Assignment.objects.open().filter(unit_id__in=unit_ids, valid_from__gt=on)
    if late.exists():
        raise ApplicationError(_("Some staff of these units have assignments starting after that date."), field="on")


def _check_quota_dates(unit_ids: list[int], on: dt.date) -> None:
    late = staff_quotas_after(unit_ids=unit_ids, on=on)
    if late is not None:
        raise ApplicationError(
            _("A staff quota of %(unit)s starts after that date (%(start)s).")
            % {"unit": late.unit.name, "start": short_date(late.valid_from)},
            field="on",
        )


def _check_quota_value(quota: int | None) -> None:
    if quota is not None and quota < 0:
        raise ApplicationError(_("The staff quota must be a whole number, zero or more."), field="staff_quota")


# --- Dated tree writes ---------------------------------------------------------------------------
def _versions_replace(changes: dict[int, dict], on: dt.date) -> None:
    """Give each unit id in `changes` a new open version from `on` with the changed fields (parent_id, path, name)."""
    opened = list(OrgUnitVersion.objects.open().filter(unit_id__in=list(changes)))
    same_day = [v for v in opened if v.valid_from == on]
    for version in same_day:  # a second change on the same day edits that day's version
        for field, value in changes[version.unit_id].items():
            setattr(version, field, value)
    if same_day:
        OrgUnitVersion.objects.bulk_update(same_day, ["parent", "path", "name"])
    earlier = [v for v in opened if v.valid_from < on]
    OrgUnitVersion.objects.filter(pk__in=[v.pk for v in earlier]).update(valid_to=on)
    fresh = []
    for version in earlier:
        values = {"parent_id": version.parent_id, "path": version.path, "name": version.name}
        values.update(changes[version.unit_id])
        fresh.append(OrgUnitVersion(unit_id=version.unit_id, valid_from=on, **values))
    OrgUnitVersion.objects.bulk_create(fresh)


def _versions_close(unit_ids: list[int], on: dt.date) -> None:
    # A version opened on `on` itself never applied: drop it, the previous one ends at `on` already.
    OrgUnitVersion.objects.open().filter(unit_id__in=unit_ids, valid_from=on).delete()
    OrgUnitVersion.objects.open().filter(unit_id__in=unit_ids).update(valid_to=on)


def _subtrees_move(*, roots: list[OrgUnit], new_parent: OrgUnit | None, on: dt.date) -> int:
    """Put each root (with everything under it) under `new_parent` from `on`; returns units moved."""
    if not roots:
        return 0
    base = new_parent.path if new_parent else "/"
    units = list(OrgUnit.objects.filter(_subtree_q(roots)))
    changes = {}
    for unit in units:
        root = next(r for r in roots if unit.path.startswith(r.path))
        unit.path = f"{base}{root.pk}/{unit.path[len(root.path) :]}"
        unit.depth = unit.path.count("/") - 2
        change = {"path": unit.path}
        if unit.pk == root.pk:
            unit.parent = new_parent
            change["parent_id"] = new_parent.pk if new_parent else None
        if unit.valid_to is None:
            changes[unit.pk] = change
    OrgUnit.objects.bulk_update(units, ["path", "depth", "parent"], batch_size=500)
    _versions_replace(changes, on)
    return len(units)


def _units_close(*, units: list[OrgUnit], on: dt.date, successor: OrgUnit | None, actor, note: str) -> None:
    ids = [u.pk for u in units]
    OrgUnit.objects.filter(pk__in=ids).update(valid_to=on, successor=successor)
    _versions_close(ids, on)
    staff_quotas_end(unit_ids=ids, on=on, actor=actor, note=note)
    for unit in units:
        unit.valid_to, unit.successor = on, successor


def _grants_follow(*, unit_ids: list[int], target: OrgUnit, actor, note: str) -> int:
    """HR officers of closed units keep their people: their grants move to the unit that took them."""
    grants = list(Grant.objects.filter(unit_id__in=unit_ids))
    for grant in grants:
        audit_record(
            actor=actor,
            action="restructure",
            obj=grant,
            before={"unit_id": grant.unit_id},
            after={"unit_id": target.pk},
            unit_id=target.pk,
            note=note,
        )
    return Grant.objects.filter(pk__in=[g.pk for g in grants]).update(unit=target)


def _grants_end(*, unit_ids: list[int], on: dt.date, actor, note: str) -> int:
    """A dissolved unit's grants end: the receiving unit may be far larger, so no one gains it silently."""
    grants = list(Grant.objects.open().filter(unit_id__in=unit_ids))
    for grant in grants:
        audit_record(
            actor=actor,
            action="restructure",
            obj=grant,
            before={"valid_to": None},
            after={"valid_to": str(on)},
            unit_id=grant.unit_id,
            note=note,
        )
    return Grant.objects.filter(pk__in=[g.pk for g in grants]).update(valid_to=on)


# --- Staff ---------------------------------------------------------------------------------------
def _audit_entry(*, actor, **fields) -> AuditEntry:
    actor = actor or current_audit_context().get("user")
    known = actor is not None and getattr(actor, "pk", None)
    return AuditEntry(
        actor=actor if known else None,
        actor_name=getattr(actor, "username", "") if known else "",
        action=ACTION,
        **fields,
    )


def _staff_audit(*, old_unit: dict[int, int], target: OrgUnit, actor, note: str) -> None:
    people = Employee.objects.filter(pk__in=list(old_unit)).values_list("pk", "code", "person__full_name")
    entries = [
        _audit_entry(
            actor=actor,
            model="hrm.employee",
            object_id=str(pk),
            object_repr=f"{name} ({code})"[:255],
            unit_id=target.pk,
            changes={"unit_id": [old_unit[pk], target.pk]},
            note=note,
        )
        for pk, code, name in people
    ]
    audit_bulk(entries)


def _staff_move(*, unit_ids: list[int], target: OrgUnit, on: dt.date, actor, note: str) -> int:
    """Reassign every open assignment in `unit_ids` to `target` from `on`, set-based; returns how many."""
    rows = list(Assignment.objects.select_for_update().open().filter(unit_id__in=unit_ids))
    same_day = [a for a in rows if a.valid_from == on]
    for assignment in same_day:
        assignment.unit = target
    Assignment.objects.bulk_update(same_day, ["unit"], batch_size=1000)
    earlier = [a for a in rows if a.valid_from < on]
    Assignment.objects.filter(pk__in=[a.pk for a in earlier]).update(valid_to=on)
    Assignment.objects.bulk_create(
        [
            Assignment(
                employee_id=a.employee_id,
                unit=target,
                position=a.position,
                valid_from=on,
                reason=Assignment.Reason.RESTRUCTURING,
            )
            for a in earlier
        ],
        batch_size=1000,
    )
    old_unit = {a.employee_id: a.unit_id for a in rows}
    if on <= timezone.localdate():  # from a later date the move is pending: hrm.services.current moves them then
        Employee.objects.filter(pk__in=list(old_unit)).update(unit=target, updated_at=timezone.now())
    _staff_audit(old_unit=old_unit, target=target, actor=actor, note=note)
    if rows:  # reminders carry the unit: the officers of the new unit get them at once
        transaction.on_commit(_reminders_follow, robust=True)
    return len(rows)


def _reminders_follow() -> None:
    from hrm.tasks import reminders_refresh as reminders_refresh_task

    reminders_refresh_task.delay()


def _audit_unit(*, actor, unit: OrgUnit, before: dict, note: str) -> None:
    audit_record(actor=actor, action=ACTION, obj=unit, before=before, after=snapshot(unit), unit_id=unit.pk, note=note)


# --- Public services -----------------------------------------------------------------------------
@transaction.atomic
def unit_move(*, unit: OrgUnit, new_parent: OrgUnit | None, on: dt.date, actor) -> OrgUnit:
    """Move `unit` and its subtree under `new_parent` from `on`; staff keep their units. Audited."""
    _check_active(unit, on, "unit")
    if new_parent is not None:
        _check_active(new_parent, on, "new_parent")
        _check_not_inside(new_parent, [unit], "new_parent", _("A unit cannot be moved under itself or its own units."))
    if unit.parent_id == (new_parent.pk if new_parent else None):
        raise ApplicationError(_("The unit is already there."), field="new_parent")
    _check_subtree_dates([unit], on)
    before = snapshot(unit)
    moved = _subtrees_move(roots=[unit], new_parent=new_parent, on=on)
    unit.refresh_from_db()
    _audit_unit(actor=actor, unit=unit, before=before, note=f"moved on {short_date(on)} ({moved} units)")
    return unit


@transaction.atomic
def unit_rename(*, unit: OrgUnit, name: str, on: dt.date, actor) -> OrgUnit:
    """Give `unit` a new name from `on`; earlier dates keep the old name. Audited."""
    name = " ".join((name or "").split())
    if not name:
        raise ApplicationError(_("Enter the new name."), field="name")
    _check_active(unit, on, "unit")
    if name == unit.name:
        raise ApplicationError(_("The unit already has that name."), field="name")
    before = snapshot(unit)
    _versions_replace({unit.pk: {"name": name}}, on)
    unit.name = name
    unit.save(update_fields=["name"])
    _audit_unit(actor=actor, unit=unit, before=before, note=f"renamed on {short_date(on)}")
    return unit


def _merged_quota(*, source_ids: list[int], target: OrgUnit, on: dt.date, explicit: int | None) -> int | None:
    """The successor's quota from `on`: `explicit`, else its own plus the sources' (None: leave it unchanged)."""
    if explicit is not None:
        return explicit
    sources = staff_quota_total_on(unit_ids=source_ids, on=on)
    if sources is None:
        return None
    return sources + (staff_quota_total_on(unit_ids=[target.pk], on=on) or 0)


def _merge_target(*, sources, target, on, actor, new_code, new_name, new_parent, kind) -> OrgUnit:
    if target is not None:
        _check_active(target, on, "target")
        _check_not_inside(target, sources, "target", _("A unit cannot be merged into itself or into its own units."))
        return target
    if not (new_code and new_name):
        raise ApplicationError(_("Enter the code and name of the new unit."), field="new_name")
    parent = new_parent if new_parent is not None else sources[0].parent
    if parent is not None:
        _check_active(parent, on, "new_parent")
        _check_not_inside(parent, sources, "new_parent", _("The new unit cannot be placed under a merged unit."))
    if OrgUnit.objects.filter(code=new_code).exists():
        raise ApplicationError(_("This unit code is already used."), field="new_code")
    return unit_create(
        code=new_code, name=new_name, kind=kind or sources[0].kind, parent=parent, valid_from=on, actor=actor
    )


@transaction.atomic
def units_merge(
    *,
    sources: list[OrgUnit],
    target: OrgUnit | None,
    on: dt.date,
    actor,
    new_code: str | None = None,
    new_name: str | None = None,
    new_parent: OrgUnit | None = None,
    kind: str | None = None,
    staff_quota: int | None = None,
    quota_decision_no: str = "",
) -> OrgUnit:
    """Merge `sources` into `target` (or a new unit) from `on`: children and staff follow, sources close.

    The successor's quota from `on` is `staff_quota` if given, else its own plus the sources' quotas then.
    """
    sources = list({s.pk: s for s in sources}.values())
    if not sources:
        raise ApplicationError(_("Choose the units to merge."), field="sources")
    for source in sources:
        _check_closable(source, on, "sources")
    source_ids = [s.pk for s in sources]
    children = list(OrgUnit.objects.open().filter(parent_id__in=source_ids))
    _check_subtree_dates(children, on)
    _check_staff_dates(source_ids, on)
    _check_quota_dates(source_ids, on)
    _check_quota_value(staff_quota)
    target = _merge_target(
        sources=sources,
        target=target,
        on=on,
        actor=actor,
        new_code=new_code,
        new_name=new_name,
        new_parent=new_parent,
        kind=kind,
    )
    quota = _merged_quota(source_ids=source_ids, target=target, on=on, explicit=staff_quota)
    if quota is not None:
        _check_quota_dates([target.pk], on)
    _subtrees_move(roots=children, new_parent=target, on=on)
    note = f"merged into {target.name} ({target.code}) on {short_date(on)}"
    _staff_move(unit_ids=source_ids, target=target, on=on, actor=actor, note=note)
    befores = {s.pk: snapshot(s) for s in sources}
    _units_close(units=sources, on=on, successor=target, actor=actor, note=note)
    if quota is not None:
        staff_quota_set(unit=target, quota=quota, valid_from=on, decision_no=quota_decision_no, actor=actor, note=note)
    _grants_follow(unit_ids=source_ids, target=target, actor=actor, note=note)
    for source in sources:
        _audit_unit(actor=actor, unit=source, before=befores[source.pk], note=note)
    return target


@transaction.atomic
def unit_dissolve(*, unit: OrgUnit, on: dt.date, transfer_to: OrgUnit, actor) -> OrgUnit:
    """Close `unit` from `on` and transfer its staff to `transfer_to`; its units must be moved first."""
    _check_closable(unit, on, "unit")
    children = list(OrgUnit.objects.open().filter(parent=unit).values_list("name", flat=True))
    if children:
        raise ApplicationError(
            _("Move or merge these units first: %(units)s.") % {"units": ", ".join(children)}, field="unit"
        )
    _check_active(transfer_to, on, "transfer_to")
    if transfer_to.pk == unit.pk:
        raise ApplicationError(_("Staff cannot be transferred to the unit being dissolved."), field="transfer_to")
    _check_staff_dates([unit.pk], on)
    _check_quota_dates([unit.pk], on)
    note = f"dissolved on {short_date(on)}; staff to {transfer_to.name} ({transfer_to.code})"
    _staff_move(unit_ids=[unit.pk], target=transfer_to, on=on, actor=actor, note=note)
    before = snapshot(unit)
    _units_close(units=[unit], on=on, successor=None, actor=actor, note=note)
    _grants_end(unit_ids=[unit.pk], on=on, actor=actor, note=note)
    _audit_unit(actor=actor, unit=unit, before=before, note=note)
    return unit
