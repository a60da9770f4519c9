"""What an exam is made of: the positions it recruits for (with quotas per agency), its parts (môn/phần thi) by
round, and each part's blueprint (ma trận đề): how many items of each topic × difficulty a paper takes."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from exams.models.banks import Difficulty


class Position(models.Model):
    """A job position (vị trí việc làm) the exam recruits or promotes for."""

    exam = models.ForeignKey("exams.Exam", verbose_name=_("exam"), on_delete=models.CASCADE, related_name="positions")
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=255)
    rank = models.ForeignKey(
        "hrm.Rank",
        verbose_name=_("rank or professional title"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requires_language = models.BooleanField(_("requires a foreign language"), default=False)
    description = models.TextField(_("requirements"), blank=True)

    class Meta:
        ordering = ["exam", "code"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [models.UniqueConstraint(fields=["exam", "code"], name="exams_position_unique_code")]

    def __str__(self):
        return f"{self.code} — {self.name}"


class PositionQuota(models.Model):
    """How many people a position takes in one agency (chỉ tiêu)."""

    position = models.ForeignKey(Position, verbose_name=_("position"), on_delete=models.CASCADE, related_name="quotas")
    agency = models.ForeignKey("hrm.OrgUnit", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    quota = models.PositiveSmallIntegerField(_("quota"))

    class Meta:
        ordering = ["position", "agency"]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [
            models.UniqueConstraint(fields=["position", "agency"], name="exams_quota_unique"),
            models.CheckConstraint(condition=models.Q(quota__gt=0), name="exams_quota_positive"),
        ]

    def __str__(self):
        return f"{self.position} · {self.agency}: {self.quota}"


class Part(models.Model):
    """A part of an exam (phần thi / môn thi) in round 1 or 2; its `key` is the one the profile's rules name
    (general, language, it, written, interview, …)."""

    class Mode(models.TextChoices):
        COMPUTER = "computer", _("On computer (objective items)")
        COMPUTER_ESSAY = "computer_essay", _("On computer (written answers)")
        PAPER = "paper", _("Written on paper")
        ORAL = "oral", _("Oral or interview")
        PRACTICAL = "practical", _("Practical")
        PROJECT = "project", _("Project defence")

    exam = models.ForeignKey("exams.Exam", verbose_name=_("exam"), on_delete=models.CASCADE, related_name="parts")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    key = models.SlugField(_("key"), max_length=30)
    name = models.CharField(_("name"), max_length=255)
    mode = models.CharField(_("mode"), max_length=15, choices=Mode.choices, default=Mode.COMPUTER)
    position = models.ForeignKey(
        Position,
        verbose_name=_("only for position"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="parts",
        help_text=_("Empty: every candidate of the exam takes this part."),
    )
    bank = models.ForeignKey(
        "exams.QuestionBank",
        verbose_name=_("question bank"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
    )
    questions = models.PositiveSmallIntegerField(_("questions"), default=0)
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    max_score = models.DecimalField(_("maximum score"), max_digits=6, decimal_places=2, default=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["exam", "round", "order", "id"]
        verbose_name = _("part")
        verbose_name_plural = _("parts")
        constraints = [
            models.UniqueConstraint(
                fields=["exam", "key"], condition=models.Q(position__isnull=True), name="exams_part_unique_key"
            ),
            models.UniqueConstraint(fields=["exam", "key", "position"], name="exams_part_unique_key_position"),
            models.CheckConstraint(condition=models.Q(minutes__gt=0), name="exams_part_minutes_positive"),
            models.CheckConstraint(condition=models.Q(round__gte=1), name="exams_part_round_positive"),
        ]

    def __str__(self):
        return self.name


class BlueprintCell(models.Model):
    """One cell of a part's blueprint: `count` approved items of `topic` (and its subtopics) at `difficulty`,
    each worth `points`."""

    part = models.ForeignKey(Part, verbose_name=_("part"), on_delete=models.CASCADE, related_name="blueprint")
    topic = models.ForeignKey("exams.Topic", verbose_name=_("topic"), on_delete=models.PROTECT, related_name="+")
    difficulty = models.PositiveSmallIntegerField(_("difficulty"), choices=Difficulty.choices)
    count = models.PositiveSmallIntegerField(_("items"))
    points = models.DecimalField(_("points each"), max_digits=6, decimal_places=2, default=1)

    class Meta:
        ordering = ["part", "topic", "difficulty"]
        verbose_name = _("blueprint cell")
        verbose_name_plural = _("blueprint cells")
        constraints = [
            models.UniqueConstraint(fields=["part", "topic", "difficulty"], name="exams_blueprint_unique_cell"),
            models.CheckConstraint(condition=models.Q(count__gt=0), name="exams_blueprint_count_positive"),
        ]

    def __str__(self):
        return f"{self.part} · {self.topic} · {self.get_difficulty_display()}: {self.count}"
