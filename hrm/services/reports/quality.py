"""The quantity-and-quality report (regulations §7.2) for a unit subtree as it stood on a date."""

import datetime as dt

from django.db.models import Count, FilteredRelation, QuerySet
from django.utils.translation import gettext

from common.dated import in_force_q
from common.vietnamese import fold
from hrm.models import Assignment, OrgUnit, OrgUnitVersion
from hrm.models.org import quota_on_subquery
from hrm.services.reports.columns import RANK_KEYS, Column, report_columns


def staff_in_post(*, unit_ids, on: dt.date) -> QuerySet:
    """Assignments in force on `on` to the given units, with the salary record in force joined as `sal`."""
    return (
        Assignment.objects.filter(in_force_q(on), unit_id__in=unit_ids)
        .order_by()
        .annotate(
            sal=FilteredRelation("employee__salary_records", condition=in_force_q(on, "employee__salary_records__"))
        )
    )


def _tree_on(*, unit: OrgUnit, on: dt.date) -> tuple[OrgUnitVersion | None, list[tuple]]:
    """The root's version on `on` and (unit_id, path, name, code, quota, sort order) of its subtree then.

    The quota is each unit's StaffQuota row in force on `on`.
    """
    root = OrgUnitVersion.objects.filter(in_force_q(on), unit=unit).order_by("-valid_from").first()
    if root is None:
        return None, []
    rows = (
        OrgUnitVersion.objects.filter(in_force_q(on), path__startswith=root.path)
        .annotate(quota=quota_on_subquery(on, "unit_id"))
        .values_list("unit_id", "path", "name", "unit__code", "quota", "unit__sort_order")
    )
    return root, list(rows)


def _counts_by_unit(*, unit_ids: list[int], on: dt.date, columns: list[Column]) -> dict[int, dict]:
    aggregates = {c.key: Count("id", filter=c.q) for c in columns if c.q is not None}
    aggregates["total"] = Count("id")
    rows = staff_in_post(unit_ids=unit_ids, on=on).values("unit_id").annotate(**aggregates)
    return {row.pop("unit_id"): row for row in rows}


def _empty(columns: list[Column]) -> dict:
    return {c.key: (None if c.key == "quota" else 0) for c in columns}


def _add(values: dict, counts: dict | None, quota: int | None) -> None:
    for key, n in (counts or {}).items():
        values[key] += n
    if quota is not None:
        values["quota"] = (values["quota"] or 0) + quota


def _finish(values: dict, columns: list[Column]) -> dict:
    values["rank_other"] = values["total"] - sum(values[key] for key in RANK_KEYS)
    return {"values": values, "cells": [values[c.key] for c in columns]}


def _buckets(*, root: OrgUnitVersion, tree: list[tuple]) -> dict:
    """Rows of the report: one per direct child on the date (its whole subtree) plus the root's own staff."""
    buckets = {
        None: {
            "unit_id": root.unit_id,
            "code": "",
            "name": gettext("%(name)s (own staff)") % {"name": root.name},
            "direct": True,
            "sort": (-1, ""),
            "units": [],
        }
    }
    for unit_id, path, name, code, _quota, sort_order in tree:
        rest = path[len(root.path) :]
        child = int(rest.split("/", 1)[0]) if rest else None
        if child is not None and rest == f"{child}/":
            buckets[child] = {
                "unit_id": unit_id,
                "code": code,
                "name": name,
                "direct": False,
                "sort": (sort_order, fold(name)),
                "units": [],
            }
    for unit_id, path, *_rest in tree:
        rest = path[len(root.path) :]
        buckets[int(rest.split("/", 1)[0]) if rest else None]["units"].append(unit_id)
    return buckets


def _rows(*, root: OrgUnitVersion, tree: list[tuple], columns: list[Column], on: dt.date, total: dict) -> list[dict]:
    quotas = {row[0]: row[4] for row in tree}
    counts = _counts_by_unit(unit_ids=list(quotas), on=on, columns=columns)
    rows = []
    for bucket in sorted(_buckets(root=root, tree=tree).values(), key=lambda b: b["sort"]):
        bucket.pop("sort")
        values = _empty(columns)
        for unit_id in bucket.pop("units"):
            _add(values, counts.get(unit_id), quotas[unit_id])
            _add(total, counts.get(unit_id), quotas[unit_id])
        if not bucket["direct"] or values["total"] or values["quota"]:
            rows.append({**bucket, **_finish(values, columns)})
    return rows


def quality_report(*, unit: OrgUnit, on: dt.date, extra_columns: list[Column] = ()) -> dict:
    """Counts by §7.2 column for `unit`'s subtree as it stood on `on`: a row per direct child and a total.

    `extra_columns` are counted in the same single pass over the staff (the dashboard adds its age pyramid).
    """
    columns = [*report_columns(on=on), *extra_columns]
    root, tree = _tree_on(unit=unit, on=on)
    total = _empty(columns)
    rows = _rows(root=root, tree=tree, columns=columns, on=on, total=total) if root is not None else []
    return {
        "unit": {"id": unit.pk, "code": unit.code, "name": root.name if root else unit.name},
        "on": on,
        "columns": [{"key": c.key, "group": str(c.group), "label": str(c.label)} for c in columns],
        "rows": rows,
        "total": _finish(total, columns),
    }
