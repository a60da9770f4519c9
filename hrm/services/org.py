"""Organisation units: create, keep the dated tree (OrgUnitVersion) in step with today's tree, and record the
staff quota (biên chế) each unit is assigned by decision, period by period (StaffQuota)."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from common.dated import short_date
from common.errors import ApplicationError
from common.services import audit_record, snapshot
from hrm.models import OrgUnit, OrgUnitVersion, StaffQuota


def unit_path(*, unit: OrgUnit, parent: OrgUnit | None) -> str:
    return f"{parent.path if parent else '/'}{unit.pk}/"


@transaction.atomic
def unit_create(
    *,
    code: str,
    name: str,
    kind: str,
    parent: OrgUnit | None,
    valid_from: dt.date,
    actor=None,
    gso_code: str = "",
    staff_quota: int | None = None,
    quota_decision_no: str = "",
    sort_order: int = 0,
) -> OrgUnit:
    """Create a unit under `parent` from `valid_from`, with its first dated version (and quota); audited."""
    unit = OrgUnit.objects.create(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        gso_code=gso_code,
        sort_order=sort_order,
        path="/",
    )
    unit.path = unit_path(unit=unit, parent=parent)
    unit.depth = unit.path.count("/") - 2
    unit.save(update_fields=["path", "depth"])
    OrgUnitVersion.objects.create(unit=unit, parent=parent, path=unit.path, name=name, valid_from=valid_from)
    audit_record(actor=actor, action="create", obj=unit, after=snapshot(unit), unit_id=unit.pk)
    if staff_quota is not None:
        staff_quota_set(unit=unit, quota=staff_quota, valid_from=valid_from, decision_no=quota_decision_no, actor=actor)
    return unit


# --- Staff quotas --------------------------------------------------------------------------------
def _latest_quota(unit: OrgUnit) -> StaffQuota | None:
    return StaffQuota.objects.filter(unit=unit).order_by("-valid_from").first() if unit.pk else None


def staff_quota_check(*, unit: OrgUnit, quota: int | None, valid_from: dt.date | None) -> StaffQuota | None:
    """Refuse a quota that cannot be recorded (nothing is written); returns the row it would replace, if any."""
    if quota is None or quota < 0:
        raise ApplicationError(_("The staff quota must be a whole number, zero or more."), field="quota")
    if valid_from is None:
        raise ApplicationError(_("Enter the date the quota applies from."), field="valid_from")
    if unit.valid_from and valid_from < unit.valid_from:
        raise ApplicationError(
            _("The unit did not exist yet on that date (it starts on %(start)s).")
            % {"start": short_date(unit.valid_from)},
            field="valid_from",
        )
    if unit.valid_to is not None and valid_from >= unit.valid_to:
        raise ApplicationError(
            _("The unit was closed on %(end)s.") % {"end": short_date(unit.valid_to)}, field="valid_from"
        )
    latest = _latest_quota(unit)
    if latest is None:
        return None
    current = latest.valid_to == unit.valid_to  # the row that runs to the unit's end (open for a working unit)
    start = latest.valid_from if current else latest.valid_to
    if valid_from < start:
        raise ApplicationError(
            _("A quota is already recorded from %(start)s: choose that date or a later one.")
            % {"start": short_date(start)},
            field="valid_from",
        )
    return latest if current else None


def _quota_write(*, unit, quota, valid_from, decision_no, actor, note) -> StaffQuota:
    replaced = staff_quota_check(unit=unit, quota=quota, valid_from=valid_from)
    if replaced is not None and replaced.valid_from == valid_from:  # a correction of that day's decision
        before = snapshot(replaced)
        replaced.quota, replaced.decision_no = quota, decision_no
        replaced.save(update_fields=["quota", "decision_no"])
        audit_record(
            actor=actor,
            action="update",
            obj=replaced,
            before=before,
            after=snapshot(replaced),
            unit_id=unit.pk,
            note=note,
        )
        return replaced
    if replaced is not None:
        before = snapshot(replaced)
        replaced.valid_to = valid_from
        replaced.save(update_fields=["valid_to"])
        audit_record(
            actor=actor,
            action="update",
            obj=replaced,
            before=before,
            after=snapshot(replaced),
            unit_id=unit.pk,
            note=note,
        )
    row = StaffQuota.objects.create(
        unit=unit, quota=quota, decision_no=decision_no, valid_from=valid_from, valid_to=unit.valid_to
    )
    audit_record(actor=actor, action="create", obj=row, after=snapshot(row), unit_id=unit.pk, note=note)
    return row


@transaction.atomic
def staff_quota_set(
    *, unit: OrgUnit, quota: int, valid_from: dt.date, decision_no: str = "", actor, note: str = ""
) -> StaffQuota:
    """Record `unit`'s quota from `valid_from`: the row in force ends that day, a new one opens. Audited.

    Refuses negative numbers and dates before the start of the unit or of its current row; on that row's own
    start date the row is corrected instead.
    """
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)  # one writer per unit: the one-open-row rule holds
    decision_no = " ".join((decision_no or "").split())
    return _quota_write(unit=unit, quota=quota, valid_from=valid_from, decision_no=decision_no, actor=actor, note=note)


def staff_quotas_end(*, unit_ids: list[int], on: dt.date, actor, note: str = "") -> int:
    """End the quota rows of closing units at `on` (a row starting on `on` never applied: dropped). Audited.

    The caller has refused rows starting after `on` (see staff_quotas_after); returns how many rows it touched.
    """
    rows = list(StaffQuota.objects.filter(unit_id__in=unit_ids, valid_from__lte=on).exclude(valid_to__lte=on))
    dropped = [row for row in rows if row.valid_from == on]
    ended = [row for row in rows if row.valid_from < on]
    for row in dropped:
        audit_record(actor=actor, action="delete", obj=row, before=snapshot(row), unit_id=row.unit_id, note=note)
    StaffQuota.objects.filter(pk__in=[row.pk for row in dropped]).delete()
    for row in ended:
        before = snapshot(row)
        row.valid_to = on
        audit_record(
            actor=actor, action="update", obj=row, before=before, after=snapshot(row), unit_id=row.unit_id, note=note
        )
    StaffQuota.objects.bulk_update(ended, ["valid_to"])
    return len(rows)


def staff_quotas_after(*, unit_ids: list[int], on: dt.date) -> StaffQuota | None:
    """A quota row of these units that starts after `on` (closing them on `on` would leave it behind), or None."""
    return StaffQuota.objects.filter(unit_id__in=unit_ids, valid_from__gt=on).select_related("unit").first()


def staff_quota_total_on(*, unit_ids: list[int], on: dt.date) -> int | None:
    """The sum of these units' quotas in force on `on`; None when none of them has one."""
    quotas = list(StaffQuota.objects.in_force(on).filter(unit_id__in=unit_ids).values_list("quota", flat=True))
    return sum(quotas) if quotas else None
