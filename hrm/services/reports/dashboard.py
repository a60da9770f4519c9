"""Figures for the HR dashboard: age pyramid, staff by rank category, public employees by field and staff by
education level."""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext

from hrm import selectors
from hrm.models import OrgUnit
from hrm.models.people import Sex
from hrm.services.reports.columns import Column, P, years_before
from hrm.services.reports.quality import quality_report

PYRAMID_EDGES = list(range(25, 70, 5))  # bands: under 25, 25–29, …, 60–64, 65 and over


def _pyramid_bands(on: dt.date) -> list[tuple[str, Q]]:
    dob = f"{P}date_of_birth"
    cutoffs = [years_before(on, age) for age in PYRAMID_EDGES]
    bands = [(gettext("Under %(age)s") % {"age": PYRAMID_EDGES[0]}, Q(**{f"{dob}__gt": cutoffs[0]}))]
    for low, high, low_cut, high_cut in zip(
        PYRAMID_EDGES[:-1], PYRAMID_EDGES[1:], cutoffs[:-1], cutoffs[1:], strict=True
    ):
        bands.append((f"{low}–{high - 1}", Q(**{f"{dob}__lte": low_cut, f"{dob}__gt": high_cut})))
    bands.append((gettext("%(age)s and over") % {"age": PYRAMID_EDGES[-1]}, Q(**{f"{dob}__lte": cutoffs[-1]})))
    return bands


def _pyramid_columns(bands: list[tuple[str, Q]]) -> list[Column]:
    return [
        Column(f"pyramid_{sex}_{i}", "pyramid", label, q & Q(**{f"{P}sex": sex}))
        for i, (label, q) in enumerate(bands)
        for sex in Sex.values
    ]


def _pyramid(report: dict, bands: list[tuple[str, Q]]) -> list[dict]:
    values = report["total"]["values"]
    rows = [
        {"band": label, **{sex: values[f"pyramid_{sex}_{i}"] for sex in Sex.values}}
        for i, (label, _q) in enumerate(bands)
    ]
    return rows[::-1]  # oldest at the top, as pyramids are drawn


def _bars(report: dict, prefix: str) -> list[dict]:
    values = report["total"]["values"]
    return [
        {"key": c["key"], "label": c["label"], "count": values[c["key"]]}
        for c in report["columns"]
        if c["key"].startswith(prefix)
    ]


def dashboard_data(*, user, unit: OrgUnit, on: dt.date) -> dict | None:
    """Pyramid and distributions for `unit`'s subtree on `on`; None if `user` may not see the unit."""
    if selectors.unit_get_for_user(user=user, unit_id=unit.pk) is None:
        return None
    bands = _pyramid_bands(on)
    report = quality_report(unit=unit, on=on, extra_columns=_pyramid_columns(bands))
    pyramid = _pyramid(report, bands)
    ranks, education = _bars(report, "rank_"), _bars(report, "edu_")
    fields = [bar for bar in _bars(report, "vc_") if bar["key"] != "vc_total"]  # the report's "by field" columns
    education.append(
        {
            "label": gettext("None recorded"),
            "count": report["total"]["values"]["total"] - sum(bar["count"] for bar in education),
        }
    )
    return {
        "unit": report["unit"],
        "on": on,
        "total": report["total"]["values"]["total"],
        "pyramid": pyramid,
        "pyramid_max": max([1] + [max(row[sex] for sex in Sex.values) for row in pyramid]),
        "ranks": ranks,
        "ranks_max": max([1] + [bar["count"] for bar in ranks]),
        "public_employees": report["total"]["values"]["vc_total"],
        "fields": fields,
        "fields_max": max([1] + [bar["count"] for bar in fields]),
        "education": education,
        "education_max": max([1] + [bar["count"] for bar in education]),
    }
