"""Grounds for exemption from a part of an exam (miễn thi ngoại ngữ, tin học, kiến thức chung), as dated data.

Each ground names the part it exempts from by the key the profiles' rules use (`language`, `it`, `general`) and the
profiles it applies to; the candidates' claims name a ground by its `key`. Seeded from the regulations
(regulations.md §3.1, §3.4); an administrator corrects them in the admin, never in code.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.dated import EffectiveDated


class ExemptionGround(EffectiveDated):
    """One ground on which a candidate is exempt from a part, in force over a period, for some profiles."""

    key = models.SlugField(_("key"), max_length=40)
    part_key = models.SlugField(_("part exempted"), max_length=30, help_text=_("The part's key: language, it, …"))
    description = models.TextField(_("who"))
    evidence = models.CharField(_("evidence required"), max_length=255, blank=True)
    profiles = models.JSONField(
        _("regulation profiles"),
        default=list,
        blank=True,
        help_text=_("Codes of the profiles this ground applies to; empty: every profile."),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    verification = models.CharField(_("verification"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["part_key", "order", "key", "-valid_from"]
        verbose_name = _("exemption ground")
        verbose_name_plural = _("exemption grounds")
        constraints = [
            models.UniqueConstraint(fields=["key", "valid_from"], name="exams_exemptionground_unique_key_from"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=models.F("valid_from")),
                name="exams_exemptionground_period",
            ),
        ]

    def __str__(self):
        return f"{self.part_key} · {self.key}"

    def applies_to(self, profile_code: str) -> bool:
        return not self.profiles or profile_code in self.profiles
