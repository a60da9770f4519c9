"""Bounds of dates and values in the registry: one set of rules, used by every path that writes them.

The hire, the edit (pages, API, admin), salary changes and the import call these checks; each refusal names
its field. What the law sets (minimum ages, allowance ceilings) is effective-dated data (RuleValue rows);
the plausibility bounds of typed dates are kept here and nowhere else.
"""

import calendar
import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from common.dated import in_force_among, short_date
from common.errors import ApplicationError
from hrm.models import RuleValue

MAX_AGE = 100  # a birth date further back is a typing error
EARLIEST_RECRUITMENT = dt.date(1945, 1, 1)  # the civil service of the Republic begins in 1945
RECRUITMENT_MONTHS_AHEAD = 12  # a recruitment decision is recorded at most a year ahead
# What the law sets is data: RuleValue rows by key, in force on the date they are about (migration 0012 seeds them).
MIN_AGE_AT_RECRUITMENT = "min_age_at_recruitment"
MIN_AGE_PARTY = "min_age_party"
MAX_POSITION_ALLOWANCE = "max_position_allowance"
MAX_OTHER_ALLOWANCE = "max_other_allowance"
EARLY_RAISE_MAX_MONTHS = "early_raise_max_months"
EARLY_RAISE_QUOTA_PERCENT = "early_raise_quota_percent"


def rule_value(key: str, on: dt.date | None = None) -> Decimal | None:
    """The value of the rule `key` in force on `on` (today by default); None when no rule is in force."""
    row = RuleValue.objects.filter(key=key).in_force_one(on or timezone.localdate())
    return None if row is None else row.value


def age_rule(key: str) -> Callable[[dt.date, dt.date], bool | None]:
    """check(date_of_birth, on): whether that person has the age the rule `key` in force on `on` asks for (None: no
    rule then). The rule's rows are read once, so one check serves every row of an import."""
    rows = list(RuleValue.objects.filter(key=key).order_by("valid_from").values_list("valid_from", "valid_to", "value"))

    def check(date_of_birth: dt.date, on: dt.date) -> bool | None:
        row = in_force_among(rows, on)
        return None if row is None else on >= shift_months(date_of_birth, 12 * int(row[2]))

    return check


def too_young(*, dates_of_birth, days, key: str):
    """For columns of birth dates and of dates (pandas Series, None where empty): True where that person is younger
    on that day than the rule `key` in force then asks; the same answer as `age_rule`, a column at a time."""
    import pandas as pd

    born, on = pd.to_datetime(dates_of_birth), pd.to_datetime(days)
    threshold = pd.Series(pd.NaT, index=born.index, dtype="datetime64[ns]")
    rows = RuleValue.objects.filter(key=key).order_by("valid_from").values_list("valid_from", "valid_to", "value")
    for valid_from, valid_to, years in rows:  # later rows win, as in_force_among's latest-starting row
        in_force = on >= pd.Timestamp(valid_from)
        if valid_to is not None:
            in_force &= on < pd.Timestamp(valid_to)
        threshold = threshold.mask(in_force, born + pd.DateOffset(years=int(years)))
    return (on < threshold).fillna(False).astype(bool)


def adult_on(date_of_birth: dt.date, key: str, on: dt.date) -> bool | None:
    """Whether someone born on `date_of_birth` has the age the rule `key` asks for on `on` (None: no rule)."""
    return age_rule(key)(date_of_birth, on)


def shift_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by `months` (negative: back), the day clipped to the month's length."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def birth_date_range(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """(earliest, latest) birth date accepted on `today`."""
    today = today or timezone.localdate()
    return shift_months(today, -12 * MAX_AGE), today


def recruitment_date_range(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """(earliest, latest) recruitment date accepted on `today`."""
    today = today or timezone.localdate()
    return EARLIEST_RECRUITMENT, shift_months(today, RECRUITMENT_MONTHS_AHEAD)


def _refuse(message: str, field: str, **values) -> None:
    raise ApplicationError(
        message % {k: short_date(v) if isinstance(v, dt.date) else v for k, v in values.items()}, field=field
    )


def person_dates_check(
    *, date_of_birth: dt.date | None, party_joined_on: dt.date | None = None, party_official_on: dt.date | None = None
) -> None:
    """Birth within the last MAX_AGE years; Party dates after the minimum age, in order, not in the future."""
    earliest, today = birth_date_range()
    if date_of_birth is not None and not earliest <= date_of_birth <= today:
        _refuse(
            _("The date of birth must be between %(start)s and %(end)s."), "date_of_birth", start=earliest, end=today
        )
    for field, day in (("party_joined_on", party_joined_on), ("party_official_on", party_official_on)):
        if day is None:
            continue
        if day > today:
            _refuse(_("This date is in the future."), field)
        if date_of_birth is not None and adult_on(date_of_birth, MIN_AGE_PARTY, day) is False:
            _refuse(_("Party members are at least %(age)s years old."), field, age=int(rule_value(MIN_AGE_PARTY, day)))
    if party_official_on is not None and (party_joined_on is None or party_official_on < party_joined_on):
        _refuse(
            _("The official membership date must be on or after the date of joining the Party."), "party_official_on"
        )


def recruitment_check(*, recruited_on: dt.date | None, date_of_birth: dt.date | None, field: str = "recruited_on"):
    """Recruitment between 1945 and RECRUITMENT_MONTHS_AHEAD months ahead, at MIN_AGE_AT_RECRUITMENT or older."""
    if recruited_on is None:
        return
    earliest, latest = recruitment_date_range()
    if not earliest <= recruited_on <= latest:
        _refuse(_("The recruitment date must be between %(start)s and %(end)s."), field, start=earliest, end=latest)
    if date_of_birth is not None and adult_on(date_of_birth, MIN_AGE_AT_RECRUITMENT, recruited_on) is False:
        _refuse(
            _("A recruit must be at least %(age)s years old on the recruitment date."),
            field,
            age=int(rule_value(MIN_AGE_AT_RECRUITMENT, recruited_on)),
        )


def leaving_check(*, status: str, active: str, left_on: dt.date | None, recruited_on: dt.date | None) -> None:
    """A leaving date only on a record that is no longer active, and not before recruitment."""
    if left_on is None:
        return
    if status == active:
        _refuse(_("Only a staff member who no longer works here has a leaving date."), "left_on")
    if recruited_on is not None and left_on < recruited_on:
        _refuse(_("The leaving date is before the recruitment date (%(date)s)."), "left_on", date=recruited_on)


def allowances_check(
    *, position_allowance: Decimal | None = None, other_allowance: Decimal | None = None, on: dt.date | None = None
) -> None:
    """Allowance coefficients between 0 and the maximum the rules in force on `on` (today) give."""
    for field, value, key in (
        ("position_allowance", position_allowance, MAX_POSITION_ALLOWANCE),
        ("other_allowance", other_allowance, MAX_OTHER_ALLOWANCE),
    ):
        top = rule_value(key, on)
        if value is not None and value < 0:
            _refuse(_("The allowance coefficient cannot be negative."), field)
        if value is not None and top is not None and value > top:
            _refuse(_("The allowance coefficient must be between 0 and %(max)s."), field, max=top)
