"""Salary reads of the pages: the ranks a step can be given in, their coefficients period by period, and a
staff member's salary rows."""

import datetime as dt
from collections import defaultdict

from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from hrm.models import Employee, Rank, RankGroup, SalaryGroup, SalaryRecord


def rank_list_payable(*, on: dt.date | None = None) -> QuerySet:
    """Ranks a salary group is in force for on `on` (today by default): the only ones a step can be given in."""
    in_force = RankGroup.objects.in_force(on or timezone.localdate()).values("rank_id")
    return Rank.objects.filter(pk__in=in_force).order_by("code")


def rank_choices_grouped(*, on: dt.date | None = None) -> list:
    """The payable ranks as select choices (by id) in two groups: civil-service ranks (công chức), then professional
    titles (viên chức) by field and grade; the administrative titles that share a rank's code sit in both."""
    return _ranks_grouped(list(rank_list_payable(on=on)), value=lambda rank: rank.pk)


def rank_filter_choices() -> list:
    """Every rank and title as choices of the staff list's filter (by code), in the same two groups: also those no
    longer payable, which staff recorded under them still hold."""
    return _ranks_grouped(list(Rank.objects.order_by("code")), value=lambda rank: rank.code)


def _ranks_grouped(ranks: list[Rank], *, value) -> list:
    groups = []
    for label, kinds in (
        (_("Civil-service ranks (công chức)"), (Rank.Kind.RANK, Rank.Kind.BOTH)),
        (_("Professional titles (viên chức)"), (Rank.Kind.TITLE, Rank.Kind.BOTH)),
    ):
        members = [r for r in ranks if r.kind in kinds]
        if kinds[0] == Rank.Kind.TITLE:
            members.sort(key=lambda r: (r.field, r.series, r.grade or 9, r.code))
        groups.append((label, [(value(r), f"{r.code} {r.name}") for r in members]))
    return groups


def coefficient_table(*, ranks) -> dict:
    """{rank id: [{from, to, group, steps: {step: coefficient}}]}: each salary group a rank is paid in, period
    by period (the rules in force), so the page can show what a step gives on the recruitment date typed."""
    groups = list(SalaryGroup.objects.prefetch_related("steps"))
    table = defaultdict(list)
    for link in RankGroup.objects.filter(rank__in=ranks):
        for group in groups:
            if (group.code, group.table) != (link.group_code, link.table):
                continue
            start = max(link.valid_from, group.valid_from)
            ends = [day for day in (link.valid_to, group.valid_to) if day is not None]
            end = min(ends) if ends else None
            if end is not None and end <= start:
                continue
            steps = {row.step: formats.number_format(row.coefficient, 2) for row in group.steps.all()}
            table[link.rank_id].append(
                {"from": start.isoformat(), "to": end and end.isoformat(), "group": group.code, "steps": steps}
            )
    return table


def salary_record_current(*, employee: Employee) -> SalaryRecord | None:
    """The staff member's open salary row (with its rank), or None."""
    return SalaryRecord.objects.open().filter(employee=employee).select_related("rank").first()


def salary_record_in_force(*, employee: Employee, on: dt.date) -> SalaryRecord | None:
    """The staff member's salary row in force on `on` (with its rank), or None; a row from a later date is pending."""
    return SalaryRecord.objects.filter(employee=employee).select_related("rank").in_force_one(on)


def salary_record_list(*, employee: Employee) -> QuerySet:
    """The staff member's salary rows, oldest first, with their ranks."""
    return SalaryRecord.objects.filter(employee=employee).select_related("rank").order_by("valid_from")


def ranks_with_groups(*, on: dt.date) -> list[tuple[Rank, RankGroup | None]]:
    """Every rank and title, by kind, field, series and grade, with the salary group it is paid in on `on` (None when
    none is in force then): the list of the ranks-and-titles page."""
    groups = {g.rank_id: g for g in RankGroup.objects.in_force(on).order_by("valid_from")}  # the latest start wins
    kinds = {kind: index for index, kind in enumerate(Rank.Kind.values)}
    ranks = sorted(Rank.objects.all(), key=lambda r: (kinds[r.kind], r.field, r.series, r.grade or 0, r.code))
    return [(rank, groups.get(rank.pk)) for rank in ranks]
