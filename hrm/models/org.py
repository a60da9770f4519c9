"""Organisation units: a tree of any depth whose shape is kept for every date.

`OrgUnit.parent` and `OrgUnit.path` are the tree today; `OrgUnitVersion` rows keep the parent,
path and name of each unit for each period, so "unit X and everything under it on date D" is one
query on the versions in force on D, before and after any merge, move or dissolution.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.dated import EffectiveDated


class OrgUnit(models.Model):
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
    staff_quota = models.PositiveIntegerField(_("assigned staff quota"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(default=0)

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


class OrgUnitVersion(EffectiveDated):
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="versions")
    parent = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=255)
    name = models.CharField(max_length=255)

    class Meta:
        ordering = ["unit", "valid_from"]
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
