"""Exam rules as effective-dated data: regulation profiles and priority categories.

An exam (next wave) names the profile it follows; the profile's `config` holds the structure of
rounds, parts, pass marks, weights, tie-breaks and review windows copied from the regulations.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.dated import EffectiveDated


class RegulationProfile(EffectiveDated):
    class Kind(models.TextChoices):
        RECRUITMENT = "recruitment", _("Recruitment exam")
        PROMOTION = "promotion", _("Promotion exam")
        IT_CERTIFICATE = "it_certificate", _("IT application certificate exam")

    class StaffType(models.TextChoices):
        CONG_CHUC = "cong_chuc", _("Civil servants")
        VIEN_CHUC = "vien_chuc", _("Public employees")
        ANY = "any", _("Anyone")

    code = models.CharField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    staff_type = models.CharField(_("staff type"), max_length=10, choices=StaffType.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    verification = models.CharField(_("verification"), max_length=255, blank=True)
    config = models.JSONField(_("structure and rules"), default=dict)

    class Meta:
        ordering = ["-valid_from", "code"]
        verbose_name = _("regulation profile")
        verbose_name_plural = _("regulation profiles")

    def __str__(self):
        return self.name


class PriorityCategory(EffectiveDated):
    """A category of priority points added to the round-2 score (only the highest one counts)."""

    key = models.CharField(_("key"), max_length=40)
    points = models.DecimalField(_("points"), max_digits=4, decimal_places=1)
    description = models.TextField(_("who"))
    regimes = models.JSONField(_("regimes"), default=list, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    verification = models.CharField(_("verification"), max_length=255, blank=True)

    class Meta:
        ordering = ["-points", "valid_from"]
        verbose_name = _("priority category")
        verbose_name_plural = _("priority categories")

    def __str__(self):
        return f"{self.points} — {self.key}"
