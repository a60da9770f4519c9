"""Marks (issue #16): a candidate's score on one part, whatever produced it, one row per candidate and part.

The computer parts' marks come from grading the attempts (bulk grading writes them, re-grading after a key
correction rewrites them); essays and written papers get theirs from the graders' workflow; interviews and
paper-based tests from the panel's entry (each member's mark in `details`, then the profile's rule); a review
(phúc khảo) replaces the score and keeps the earlier one in `details`. Results by the profile read these rows only.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Mark(models.Model):
    class Source(models.TextChoices):
        COMPUTER = "computer", _("Graded by the computer")
        GRADERS = "graders", _("Graded by the graders")
        PANEL = "panel", _("Entered by the panel")
        REVIEW = "review", _("Changed on review")

    candidate = models.ForeignKey(
        "exams.Candidate", verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="marks"
    )
    part = models.ForeignKey("exams.Part", verbose_name=_("part"), on_delete=models.CASCADE, related_name="marks")
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("maximum score"), max_digits=7, decimal_places=2)
    absent = models.BooleanField(_("absent"), default=False)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    details = models.JSONField(_("details"), default=dict, blank=True)
    attempt = models.ForeignKey(
        "exams.Attempt", verbose_name=_("attempt"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["part", "candidate"]
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "part"], name="exams_mark_unique"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=models.F("max_score")),
                name="exams_mark_score_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.candidate} · {self.part} · {self.score}"
