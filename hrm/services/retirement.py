"""Retirement date from the effective-dated retirement ages (Bộ luật Lao động 2019 Điều 169, NĐ 135/2020).

The age is keyed by the year in which it is reached, so the date is found by search: the first month M
in which the person's age is at least the age in force in M. Retirement is the last day of M, the
pension starts on the first day of the next month, and the notice and decision dates are the rule
values (months) in force on the retirement date.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from common.dated import in_force_among
from common.errors import ApplicationError
from hrm.models import RetirementAge, RuleValue
from hrm.services.salary import add_months

NOTICE_KEY = "retirement_notice_months"
DECISION_KEY = "retirement_decision_months"
SEXES = ("male", "female")


@dataclass(frozen=True)
class RetirementRules:
    """The rows needed for many computations, loaded once: ages by sex and the notice/decision months."""

    ages: dict  # sex → [(valid_from, valid_to, years, months)]
    values: dict  # key → [(valid_from, valid_to, months)]


def retirement_rules_load() -> RetirementRules:
    """Load every retirement age and notice/decision rule value (a few dozen rows)."""
    ages = {sex: [] for sex in SEXES}
    for row in RetirementAge.objects.order_by("valid_from"):
        ages.setdefault(row.sex, []).append((row.valid_from, row.valid_to, row.years, row.months))
    values = {NOTICE_KEY: [], DECISION_KEY: []}
    for row in RuleValue.objects.filter(key__in=list(values)).order_by("valid_from"):
        values[row.key].append((row.valid_from, row.valid_to, int(row.value)))
    return RetirementRules(ages=ages, values=values)


def _month_start(index: int) -> dt.date:
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, 1)


def _retirement_month(birth_index: int, ages: list) -> tuple[int, tuple] | None:
    """(month index, age row) of the first month whose age in force the person has reached."""
    totals = [years * 12 + months for _f, _t, years, months in ages]
    if not totals:
        return None
    for index in range(birth_index + min(totals), birth_index + max(totals) + 1):
        row = in_force_among(ages, _month_start(index))
        if row is not None and birth_index + row[2] * 12 + row[3] <= index:
            return index, row
    return None


def _months_before(rules: RetirementRules, key: str, day: dt.date) -> dt.date | None:
    row = in_force_among(rules.values.get(key, []), day)
    return add_months(day, -row[2]) if row else None


def retirement_compute(
    *, date_of_birth: dt.date, sex: str, rules: RetirementRules, birth_year_only: bool = False
) -> dict | None:
    """Retirement dates from preloaded `rules` (see retirement_for); None when no age rule covers the person."""
    if sex not in SEXES:
        raise ApplicationError(_("Sex must be male or female to compute the retirement date."), field="sex")
    born = dt.date(date_of_birth.year, 1, 1) if birth_year_only else date_of_birth
    found = _retirement_month(born.year * 12 + born.month - 1, rules.ages.get(sex, []))
    if found is None:
        return None
    index, row = found
    start = _month_start(index)
    retirement_date = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    return {
        "retirement_date": retirement_date,
        "pension_start": retirement_date + dt.timedelta(days=1),
        "notice_date": _months_before(rules, NOTICE_KEY, retirement_date),
        "decision_date": _months_before(rules, DECISION_KEY, retirement_date),
        "age_years": row[2],
        "age_months": row[3],
    }


def retirement_for(*, date_of_birth: dt.date, sex: str, birth_year_only: bool = False) -> dict | None:
    """Retirement date, pension start, notice and decision dates and the age applied, from the rules in force."""
    return retirement_compute(
        date_of_birth=date_of_birth, sex=sex, rules=retirement_rules_load(), birth_year_only=birth_year_only
    )


def employee_ids_retiring_by(*, staff, by: dt.date) -> list[int]:
    """Ids among the Employee queryset `staff` whose retirement date is on or before `by` (overdue included)."""
    rules = retirement_rules_load()
    totals = [years * 12 + months for rows in rules.ages.values() for _f, _t, years, months in rows]
    if not totals:
        return []
    born_before = dt.date(add_months(by, -min(totals)).year + 1, 1, 1)  # nobody younger can retire by then
    rows = staff.filter(person__date_of_birth__lt=born_before, person__sex__in=SEXES).values_list(
        "id", "person__date_of_birth", "person__sex", "person__birth_year_only"
    )
    found = []
    for pk, born, sex, year_only in rows.iterator(chunk_size=2000):
        result = retirement_compute(date_of_birth=born, sex=sex, rules=rules, birth_year_only=year_only)
        if result is not None and result["retirement_date"] <= by:
            found.append(pk)
    return found
