"""The IT-skill standard of Circular 03/2014/TT-BTTTT as data: modules and their reference codes."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.dated import EffectiveDated


class ITStandard(EffectiveDated):
    """A standard and its rule: basic = all basic modules; advanced = basic + N advanced modules."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=255)
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    min_advanced_modules = models.PositiveSmallIntegerField(_("advanced modules required"), default=3)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("IT-skill standard")
        verbose_name_plural = _("IT-skill standards")

    def __str__(self):
        return self.name


class ITModule(models.Model):
    class Level(models.TextChoices):
        BASIC = "basic", pgettext_lazy("IT module level", "Basic")
        ADVANCED = "advanced", pgettext_lazy("IT module level", "Advanced")

    standard = models.ForeignKey(ITStandard, on_delete=models.CASCADE, related_name="modules")
    code = models.CharField(_("code"), max_length=10)
    number = models.PositiveSmallIntegerField(_("number"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    name_vi = models.CharField(_("Vietnamese name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    annex = models.CharField(_("annex table"), max_length=50, blank=True)

    class Meta:
        ordering = ["standard", "number"]
        verbose_name = _("IT module")
        verbose_name_plural = _("IT modules")
        constraints = [models.UniqueConstraint(fields=["standard", "code"], name="skills_module_unique")]

    def __str__(self):
        return f"{self.code} {self.name_vi}"


class ITSkillItem(models.Model):
    """A skill group, sub-group or requirement (IUxx.g.s.i); wording editable, unverified rows marked."""

    module = models.ForeignKey(ITModule, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    code = models.CharField(_("reference code"), max_length=20)
    name_vi = models.CharField(_("Vietnamese wording"), max_length=255, blank=True)
    verification = models.CharField(_("verification"), max_length=60, blank=True)
    excluded_for_foreign_certificates = models.BooleanField(
        _("not required for recognised foreign certificates (TT 44/2017)"), default=False
    )

    class Meta:
        ordering = ["module", "code"]
        verbose_name = _("skill item")
        verbose_name_plural = _("skill items")
        constraints = [models.UniqueConstraint(fields=["module", "code"], name="skills_item_unique")]

    def __str__(self):
        return f"{self.code} {self.name_vi}"
