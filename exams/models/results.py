"""Marks (issue #16): a candidate's score on one part, whatever produced it, one row per candidate and part.

The computer parts' marks come from grading the attempts (bulk grading writes them, re-grading after a key
correction rewrites them); essays and written papers get theirs from the graders' workflow; interviews and
paper-based tests from the panel's entry (each member's mark in `details`, then the profile's rule); a review
(phúc khảo) replaces the score and keeps the earlier one in `details`. Results by the profile read these rows only.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.vietnamese import number_vi


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
        return f"{self.candidate} · {self.part} · {number_vi(self.score) if self.score is not None else '—'}"


class ResultSheet(models.Model):
    """The state of an exam's results: computed (recomputable), published (frozen until reopened)."""

    class Status(models.TextChoices):
        COMPUTED = "computed", _("Computed")
        PUBLISHED = "published", _("Published")

    exam = models.OneToOneField(
        "exams.Exam", verbose_name=_("exam"), on_delete=models.CASCADE, related_name="result_sheet"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.COMPUTED)
    computed_at = models.DateTimeField(_("computed at"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("computed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # The first notice of the results: the review (phúc khảo) window runs from it (NĐ 170/2025: "kể từ ngày thông
    # báo kết quả"); a later republication (after reopening) does not open the window again.
    notified_at = models.DateTimeField(_("results first notified at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("result sheet")
        verbose_name_plural = _("result sheets")

    def __str__(self):
        return f"{self.exam} · {self.get_status_display()}"


class TieDecision(models.Model):
    """The head of the agency's decision on candidates tied for the last places of a quota (never decided here)."""

    exam = models.ForeignKey("exams.Exam", verbose_name=_("exam"), on_delete=models.CASCADE, related_name="+")
    position = models.ForeignKey(
        "exams.Position", verbose_name=_("position"), on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey(
        "hrm.OrgUnit", verbose_name=_("agency"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    selected = models.JSONField(_("candidates selected"), default=list)
    tied = models.JSONField(_("candidates tied"), default=list)
    head_name = models.CharField(_("decided by (head of the agency)"), max_length=150)
    reason = models.TextField(_("reason"))
    document = models.CharField(_("decision document"), max_length=150)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("tie decision")
        verbose_name_plural = _("tie decisions")

    def __str__(self):
        return f"{self.position} · {self.document}"


class Result(models.Model):
    """A candidate's outcome under the exam's profile, as last computed (exams.services.results)."""

    class Outcome(models.TextChoices):
        SELECTED = "selected", _("Selected")
        UNDECIDED = "undecided", _("Tied at the last place: the head of the agency decides")
        FAILED = "failed", _("Failed")
        NOT_SELECTED = "not_selected", _("Passed, not within the quota")
        ABSENT = "absent", _("Absent (did not sit)")

    candidate = models.OneToOneField(
        "exams.Candidate", verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="result"
    )
    exam = models.ForeignKey("exams.Exam", verbose_name=_("exam"), on_delete=models.CASCADE, related_name="results")
    round1_pass = models.BooleanField(_("round 1 passed"), null=True)
    round2_score = models.DecimalField(_("round-2 score"), max_digits=7, decimal_places=2, null=True)
    priority = models.DecimalField(_("priority points"), max_digits=4, decimal_places=1, default=0)
    total = models.DecimalField(_("total"), max_digits=7, decimal_places=2, null=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    rank = models.PositiveIntegerField(_("rank"), null=True)
    reasons = models.JSONField(_("reasons"), default=list)
    decision = models.ForeignKey(
        TieDecision, verbose_name=_("tie decision"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    computed_at = models.DateTimeField(_("computed at"))
    applied_at = models.DateTimeField(_("applied to the registry at"), null=True, blank=True)

    class Meta:
        ordering = ["exam", "rank", "candidate"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        indexes = [models.Index(fields=["exam", "outcome"], name="exams_result_exam_outcome")]

    def __str__(self):
        return f"{self.candidate} · {self.get_outcome_display()}"
