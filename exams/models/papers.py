"""Papers (đề thi): a form is a selection of item versions for one part; each candidate gets his own layout of a
form (question and option order), stored ready before the shift, so nothing is generated at the start.

Per-candidate mode makes one form per candidate; pool mode makes K forms that the board approves, and draws one
per candidate. Every random choice comes from a recorded seed: `papers_verify` regenerates and compares.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PaperGeneration(models.Model):
    """One run of the generator on a part, with everything `papers_verify` needs to run it again: the blueprint
    cells as they were, each cell's pool of approved items ([item id, version id]), the shuffle settings, and for
    a draw the approved forms drawn from. Forms and candidate papers name the run that made them."""

    class Kind(models.TextChoices):
        FORMS = "forms", _("Papers generated")
        REGENERATE = "regenerate", _("A rejected paper generated again")
        DRAW = "draw", _("Papers drawn for the candidates")

    part = models.ForeignKey(
        "exams.Part", verbose_name=_("part"), on_delete=models.CASCADE, related_name="paper_generations"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    seed = models.BigIntegerField(_("random seed"))
    mode = models.CharField(_("papers"), max_length=15)
    shuffle_questions = models.BooleanField(_("shuffle questions per candidate"))
    shuffle_options = models.BooleanField(_("shuffle options per candidate"))
    cells = models.JSONField(_("blueprint and pools"), default=list)
    forms = models.JSONField(_("papers drawn from"), default=list)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["part", "id"]
        verbose_name = _("paper generation")
        verbose_name_plural = _("paper generations")

    def __str__(self):
        return f"{self.part} · {self.get_kind_display()} #{self.pk}"


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
    generation = models.ForeignKey(
        PaperGeneration,
        verbose_name=_("generation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="paper_forms",
    )
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
    # CASCADE, not PROTECT: a layout means nothing without its form, and PROTECT made an exam with papers
    # undeletable (its parts cascade to forms that candidate papers protect). Services delete papers explicitly.
    form = models.ForeignKey(
        PaperForm, verbose_name=_("paper"), on_delete=models.CASCADE, related_name="candidate_papers"
    )
    seed = models.BigIntegerField(_("random seed"))
    layout = models.JSONField(_("layout"), default=list)
    digest = models.CharField(_("digest"), max_length=64)
    generation = models.ForeignKey(
        PaperGeneration,
        verbose_name=_("generation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="candidate_papers",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["part", "candidate"]
        verbose_name = _("candidate paper")
        verbose_name_plural = _("candidate papers")
        constraints = [models.UniqueConstraint(fields=["candidate", "part"], name="exams_candidatepaper_unique")]

    def __str__(self):
        return f"{self.candidate} · {self.part}"
