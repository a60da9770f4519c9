"""The one pattern for effective-dated rows: "the row in force on date D".

A row is in force on D when valid_from <= D and (valid_to is empty or D < valid_to): valid_to
is the first day the row no longer applies, so consecutive rows share a boundary date.
"""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import formats, timezone

# The dates any question about the registry may name ("on" parameters): outside them date arithmetic
# (ages, notice periods) would overflow, and no record exists there anyway.
EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(2199, 12, 31)


def short_date(day: dt.date | None, *, blank: str = "") -> str:
    """A date as people read it in messages: dd/mm/yyyy (the active language's short format); `blank` for None."""
    return formats.date_format(day, "SHORT_DATE_FORMAT") if day else blank


def in_force_q(on: dt.date, prefix: str = "") -> Q:
    """Filter for rows in force on `on`; `prefix` reaches a related row ("unit__")."""
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": on})
    )


def in_force_among(rows: list[tuple], on: dt.date) -> tuple | None:
    """Among (valid_from, valid_to, ...) tuples sorted by valid_from, the latest-starting one in force on `on`
    (the same rule as EffectiveDatedQuerySet.in_force_one, for rows loaded once and asked about many dates)."""
    found = None
    for row in rows:
        if row[0] <= on and (row[1] is None or on < row[1]):
            found = row
    return found


def overlaps_q(start: dt.date, end: dt.date | None, prefix: str = "") -> Q:
    """Filter for rows whose period overlaps [start, end) (end None = open)."""
    q = Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": start})
    if end is not None:
        q &= Q(**{f"{prefix}valid_from__lt": end})
    return q


class EffectiveDatedQuerySet(models.QuerySet):
    def open(self):
        """Rows with no end date (valid_to empty): the current row of each owner, even one starting later."""
        return self.filter(valid_to__isnull=True)

    def in_force(self, on: dt.date | None = None):
        return self.filter(in_force_q(on or timezone.localdate()))

    def in_force_one(self, on: dt.date | None = None):
        """The single row in force on `on` (the latest-starting one if rows overlap), or None."""
        return self.in_force(on).order_by("-valid_from").first()


class EffectiveDated(models.Model):
    """Abstract base: a row with a period of validity [valid_from, valid_to)."""

    # No single-column indexes: the big dated tables index (owner, period) together, which serves both.
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    objects = EffectiveDatedQuerySet.as_manager()

    class Meta:
        abstract = True

    def in_force_on(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on < self.valid_to)
