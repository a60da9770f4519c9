"""Organisation units: create, and keep the dated tree (OrgUnitVersion) in step with today's tree."""

import datetime as dt

from django.db import transaction

from common.services import audit_record, snapshot
from hrm.models import OrgUnit, OrgUnitVersion


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
    sort_order: int = 0,
) -> OrgUnit:
    """Create a unit under `parent` from `valid_from`, with its first dated version; audited."""
    unit = OrgUnit.objects.create(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        gso_code=gso_code,
        staff_quota=staff_quota,
        sort_order=sort_order,
        path="/",
    )
    unit.path = unit_path(unit=unit, parent=parent)
    unit.depth = unit.path.count("/") - 2
    unit.save(update_fields=["path", "depth"])
    OrgUnitVersion.objects.create(unit=unit, parent=parent, path=unit.path, name=name, valid_from=valid_from)
    audit_record(actor=actor, action="create", obj=unit, after=snapshot(unit), unit_id=unit.pk)
    return unit
