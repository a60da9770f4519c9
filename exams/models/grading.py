"""Grading an exam (issue #16): key corrections and the grading runs they cause, anonymised scripts marked by two
(or three) graders, reviews (phúc khảo), and the item statistics of an exam.

Item versions are immutable once on a paper, so a wrong key is corrected for one exam by a `KeyCorrection` row that
bulk grading applies. Every grading run keeps who ran it and every candidate whose mark changed (old → new).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

_USER = settings.AUTH_USER_MODEL


class KeyCorrection(models.Model):
    """The key of one item version as this exam grades it: other options, or every answer accepted."""

    exam = models.ForeignKey("exams.Exam", verbose_name=_("exam"), on_delete=models.CASCADE, related_name="key_fixes")
    version = models.ForeignKey(
        "exams.ItemVersion", verbose_name=_("item version"), on_delete=models.PROTECT, related_name="+"
    )
    correct = models.JSONField(_("correct options"), default=list, blank=True)
    accept_all = models.BooleanField(_("every answer accepted"), default=False)
    reason = models.CharField(_("reason"), max_length=500)
    created_by = models.ForeignKey(_USER, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["exam", "version"]
        verbose_name = _("key correction")
        verbose_name_plural = _("key corrections")
        constraints = [models.UniqueConstraint(fields=["exam", "version"], name="exams_keyfix_unique")]

    def __str__(self):
        return f"{self.exam_id} · {self.version_id}"


class GradingRun(models.Model):
    """One bulk grading of an exam (or of one part): how many marks it wrote and whose mark changed."""

    exam = models.ForeignKey("exams.Exam", verbose_name=_("exam"), on_delete=models.CASCADE, related_name="+")
    part = models.ForeignKey(
        "exams.Part", verbose_name=_("part"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    graded = models.PositiveIntegerField(_("marks written"), default=0)
    changed = models.JSONField(_("marks changed"), default=list, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_by = models.ForeignKey(_USER, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("grading run")
        verbose_name_plural = _("grading runs")

    def __str__(self):
        return f"{self.exam_id} · {self.created_at:%d/%m/%Y %H:%M}"


class Script(models.Model):
    """A candidate's written answer to one part (bài thi), known to graders by its code only, never by a name."""

    part = models.ForeignKey("exams.Part", verbose_name=_("part"), on_delete=models.CASCADE, related_name="scripts")
    candidate = models.ForeignKey(
        "exams.Candidate", verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="scripts"
    )
    code = models.CharField(_("code"), max_length=12)
    attempt = models.ForeignKey(
        "exams.Attempt", verbose_name=_("attempt"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    final = models.DecimalField(_("final score"), max_digits=7, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["part", "code"]
        verbose_name = _("script")
        verbose_name_plural = _("scripts")
        constraints = [
            models.UniqueConstraint(fields=["part", "candidate"], name="exams_script_unique"),
            models.UniqueConstraint(fields=["part", "code"], name="exams_script_unique_code"),
        ]

    def __str__(self):
        return self.code


class ScriptMark(models.Model):
    """One grader's mark of a script: the first, the second, or the third when the first two differ too much."""

    script = models.ForeignKey(Script, verbose_name=_("script"), on_delete=models.CASCADE, related_name="marks")
    grader = models.ForeignKey(_USER, verbose_name=_("grader"), on_delete=models.PROTECT, related_name="+")
    turn = models.PositiveSmallIntegerField(_("marking"))
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)

    class Meta:
        ordering = ["script", "turn"]
        verbose_name = _("grader's mark")
        verbose_name_plural = _("graders' marks")
        constraints = [
            models.UniqueConstraint(fields=["script", "turn"], name="exams_scriptmark_unique_turn"),
            models.UniqueConstraint(fields=["script", "grader"], name="exams_scriptmark_unique_grader"),
            models.CheckConstraint(condition=models.Q(turn__gte=1, turn__lte=3), name="exams_scriptmark_turn"),
        ]

    def __str__(self):
        return f"{self.script} · {self.turn}"


class Review(models.Model):
    """A request for review (phúc khảo) of one mark, its outcome and the new score."""

    class Status(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("review status", "Requested")
        DECIDED = "decided", pgettext_lazy("review status", "Decided")

    mark = models.ForeignKey("exams.Mark", verbose_name=_("mark"), on_delete=models.CASCADE, related_name="reviews")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    reason = models.CharField(_("grounds"), max_length=500)
    requested_at = models.DateTimeField(_("requested at"))
    old_score = models.DecimalField(_("score before"), max_digits=7, decimal_places=2, null=True)
    new_score = models.DecimalField(_("score after"), max_digits=7, decimal_places=2, null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        _USER, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self):
        return f"{self.mark} · {self.get_status_display()}"


class ItemStatistic(models.Model):
    """What one exam's item analysis found for one item version on one paper (form) that candidates shared:
    facility, discrimination, Rasch difficulty and the option shares; the bank flags an item from these."""

    exam = models.ForeignKey("exams.Exam", verbose_name=_("exam"), on_delete=models.CASCADE, related_name="+")
    part = models.ForeignKey("exams.Part", verbose_name=_("part"), on_delete=models.CASCADE, related_name="+")
    form = models.ForeignKey("exams.PaperForm", verbose_name=_("paper"), on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(
        "exams.ItemVersion", verbose_name=_("item version"), on_delete=models.CASCADE, related_name="statistics"
    )
    n = models.PositiveIntegerField(_("candidates"))
    p = models.FloatField(_("facility"), null=True)
    r_pbis = models.FloatField(_("item–rest correlation"), null=True)
    d27 = models.FloatField(_("upper–lower discrimination"), null=True)
    rasch_b = models.FloatField(_("Rasch difficulty"), null=True)
    alpha_if_deleted = models.FloatField(_("alpha if deleted"), null=True)
    options = models.JSONField(_("option shares"), default=dict)
    analysed_at = models.DateTimeField(_("analysed at"), auto_now=True)

    class Meta:
        ordering = ["exam", "part", "form", "version"]
        verbose_name = _("item statistic")
        verbose_name_plural = _("item statistics")
        constraints = [models.UniqueConstraint(fields=["exam", "form", "version"], name="exams_itemstat_unique")]

    def __str__(self):
        return f"{self.exam_id} · {self.version_id}"
