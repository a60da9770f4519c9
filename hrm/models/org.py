"""Organisation units: a tree of any depth whose shape is kept for every date.

`OrgUnit.parent` and `OrgUnit.path` are the tree today; `OrgUnitVersion` rows keep the parent,
path and name of each unit for each period, so "unit X and everything under it on date D" is one
query on the versions in force on D, before and after any merge, move or dissolution. `StaffQuota` rows
keep the staff quota (biên chế) assigned to each unit for each period, by decision.
"""

import datetime as dt

from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dated import EffectiveDated, EffectiveDatedQuerySet, in_force_q, short_date


class OrgUnitQuerySet(EffectiveDatedQuerySet):
    def with_quota_today(self):
        """Annotate `quota_today`, the staff quota in force today (read by `OrgUnit.staff_quota`)."""
        return self.annotate(quota_today=quota_on_subquery(timezone.localdate()))


class OrgUnit(EffectiveDated):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        DEPARTMENT = "department", _("Department")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune")
        AGENCY = "agency", _("Public service unit")
        DIVISION = "division", _("Division")

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    gso_code = models.CharField(_("GSO code"), max_length=10, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)  # "/1/5/23/" today
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    successor = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sort_order = models.PositiveIntegerField(default=0)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        indexes = [models.Index(fields=["path"], name="hrm_orgunit_path_like", opclasses=["varchar_pattern_ops"])]

    def __str__(self):
        return self.name

    @property
    def active(self) -> bool:
        return self.valid_to is None

    @property
    def staff_quota(self) -> int | None:
        """The quota in force today: the `quota_today` annotation of unit lists, else one query. Read-only."""
        if "quota_today" in self.__dict__:
            return self.quota_today
        row = self.quotas.in_force_one(timezone.localdate()) if self.pk else None
        return row.quota if row else None


class OrgUnitVersion(EffectiveDated):
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="versions")
    parent = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=255)
    name = models.CharField(max_length=255)

    class Meta:
        ordering = ["unit", "valid_from"]
        verbose_name = _("unit name and place in the tree")
        verbose_name_plural = _("unit names and places in the tree")
        indexes = [
            models.Index(fields=["path"], name="hrm_unitver_path_like", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["unit", "valid_from"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["unit"], condition=Q(valid_to__isnull=True), name="hrm_unitver_one_open"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")), name="hrm_unitver_period"
            ),
        ]

    def __str__(self):
        return f"{self.name} {self.valid_from}–{self.valid_to or ''}"


class StaffQuota(EffectiveDated):
    """The staff quota (biên chế) assigned to a unit for a period, by decision; written by hrm.services.org."""

    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="quotas")
    quota = models.PositiveIntegerField(_("assigned staff quota"))
    decision_no = models.CharField(_("decision number"), max_length=60, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["unit", "valid_from"]
        verbose_name = _("staff quota")
        verbose_name_plural = _("staff quotas")
        indexes = [models.Index(fields=["unit", "valid_from"], name="hrm_staffquota_unit_from")]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(valid_to__isnull=True), name="hrm_staffquota_one_open"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="hrm_staffquota_period",
            ),
        ]

    def __str__(self):
        return f"{self.quota} ({short_date(self.valid_from)}–{short_date(self.valid_to)})"


def quota_on_subquery(on: dt.date, unit_ref: str = "pk") -> Subquery:
    """The quota in force on `on` of the unit whose id is the outer query's `unit_ref`, as an expression."""
    rows = StaffQuota.objects.filter(in_force_q(on), unit_id=OuterRef(unit_ref)).order_by("-valid_from")
    return Subquery(rows.values("quota")[:1])
