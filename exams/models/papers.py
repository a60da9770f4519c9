"""Papers (đề thi): a form is a selection of item versions for one part; each candidate gets his own layout of a
form (question and option order), stored ready before the shift, so nothing is generated at the start.

Per-candidate mode makes one form per candidate; pool mode makes K forms that the board approves, and draws one
per candidate. Every random choice comes from a recorded seed: `papers_verify` regenerates and compares.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PaperForm(models.Model):
    """One paper (đề) of a part: `items` is the ordered list of [item version id, points]."""

    class Status(models.TextChoices):
        GENERATED = "generated", _("Generated")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    part = models.ForeignKey("exams.Part", verbose_name=_("part"), on_delete=models.CASCADE, related_name="forms")
    number = models.PositiveIntegerField(_("paper number"))
    seed = models.BigIntegerField(_("random seed"))
    items = models.JSONField(_("items"), default=list)
    digest = models.CharField(_("digest"), max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.GENERATED)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["part", "number"]
        verbose_name = _("paper")
        verbose_name_plural = _("papers")
        constraints = [models.UniqueConstraint(fields=["part", "number"], name="exams_paperform_unique_number")]

    def __str__(self):
        return f"{self.part} · {self.number}"


class CandidatePaper(models.Model):
    """The paper a candidate will receive for a part: his form and its layout, shuffled from `seed`.

    `layout` is the ordered list of {"v": item version id, "o": [option ids in display order]}."""

    candidate = models.ForeignKey(
        "exams.Candidate", verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="papers"
    )
    part = models.ForeignKey(
        "exams.Part", verbose_name=_("part"), on_delete=models.CASCADE, related_name="candidate_papers"
    )
    form = models.ForeignKey(
        PaperForm, verbose_name=_("paper"), on_delete=models.PROTECT, related_name="candidate_papers"
    )
    seed = models.BigIntegerField(_("random seed"))
    layout = models.JSONField(_("layout"), default=list)
    digest = models.CharField(_("digest"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["part", "candidate"]
        verbose_name = _("candidate paper")
        verbose_name_plural = _("candidate papers")
        constraints = [models.UniqueConstraint(fields=["candidate", "part"], name="exams_candidatepaper_unique")]

    def __str__(self):
        return f"{self.candidate} · {self.part}"
