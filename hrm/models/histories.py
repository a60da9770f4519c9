"""Dated histories of a staff member: assignments, salary, training, rewards, discipline, ratings, family."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.dated import EffectiveDated


class Assignment(EffectiveDated):
    """Where and as what a staff member worked for a period (2C item 28)."""

    class Reason(models.TextChoices):
        RECRUITMENT = "recruitment", _("Recruitment")
        TRANSFER = "transfer", _("Transfer")
        APPOINTMENT = "appointment", _("Appointment")
        RESTRUCTURING = "restructuring", _("Restructuring")
        IMPORT = "import", _("Imported")
        CORRECTION = "correction", _("Correction")

    employee = models.ForeignKey("hrm.Employee", on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(  # indexed by (unit, valid_from, valid_to) below
        "hrm.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, default=Reason.TRANSFER)
    decision_no = models.CharField(_("decision number"), max_length=60, blank=True)

    class Meta:
        ordering = ["employee", "valid_from"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [models.Index(fields=["unit", "valid_from", "valid_to"])]
        constraints = [
            models.UniqueConstraint(
                fields=["employee"], condition=Q(valid_to__isnull=True), name="hrm_assignment_one_open"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="hrm_assignment_period",
            ),
        ]

    def __str__(self):
        return f"{self.employee_id} @ {self.unit_id} {self.valid_from}–{self.valid_to or ''}"


class SalaryRecord(EffectiveDated):
    """Rank, step and coefficient for a period (2C items 14 and 31: the salary history)."""

    class Reason(models.TextChoices):
        INITIAL = "initial", _("Initial placement")
        REGULAR = "regular", _("Regular step raise")
        EARLY = "early", _("Early step raise")
        PROMOTION = "promotion", _("Promotion (rank or grade)")
        SENIORITY = "seniority", _("Seniority allowance")
        TRANSFER = "transfer", _("Rank or title transfer")
        IMPORT = "import", _("Imported")
        CORRECTION = "correction", _("Correction")

    employee = models.ForeignKey("hrm.Employee", on_delete=models.CASCADE, related_name="salary_records")
    rank = models.ForeignKey("hrm.Rank", verbose_name=_("rank"), on_delete=models.PROTECT, db_index=False)
    step = models.PositiveSmallIntegerField(_("step"))
    coefficient = models.DecimalField(_("coefficient"), max_digits=5, decimal_places=2)
    seniority_percent = models.PositiveSmallIntegerField(_("seniority allowance (%)"), default=0)
    position_allowance = models.DecimalField(_("position allowance"), max_digits=4, decimal_places=2, default=0)
    other_allowance = models.DecimalField(_("other allowances"), max_digits=4, decimal_places=2, default=0)
    # The day the step's time counts from (next regular raise, seniority allowance): this row's start, or earlier
    # when a promotion keeps the old step's time (TT 02/2007/TT-BNV Mục II.1.a). Empty on rows written in bulk
    # (imports): they count from the start of their run of rows with the same rank and step.
    step_since = models.DateField(_("step counted from"), null=True, blank=True)
    # Hệ số chênh lệch bảo lưu: kept above the new rank's last step on a promotion (TT 02/2007/TT-BNV Mục II.1.c),
    # paid on top of the coefficient while he stays in that rank.
    kept_difference = models.DecimalField(_("kept difference coefficient"), max_digits=4, decimal_places=2, default=0)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, default=Reason.REGULAR)
    decision_no = models.CharField(_("decision number"), max_length=60, blank=True)

    class Meta:
        ordering = ["employee", "valid_from"]
        verbose_name = _("salary record")
        verbose_name_plural = _("salary history")
        constraints = [
            models.UniqueConstraint(fields=["employee"], condition=Q(valid_to__isnull=True), name="hrm_salary_one_open")
        ]

    def __str__(self):
        return f"{self.rank_id} bậc {self.step} ({self.coefficient}) {self.valid_from}"


class Qualification(models.Model):
    """Training and degrees (2C item 27)."""

    class Kind(models.TextChoices):
        PROFESSIONAL = "professional", _("Professional")
        POLITICAL = "political", _("Political theory")
        STATE_MANAGEMENT = "state_management", _("State management")
        LANGUAGE = "language", _("Foreign language")
        IT = "it", _("Information technology")
        OTHER = "other", _("Other")

    person = models.ForeignKey("hrm.Person", on_delete=models.CASCADE, related_name="qualifications")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=30, blank=True)
    institution = models.CharField(_("institution"), max_length=255, blank=True)
    major = models.CharField(_("major"), max_length=150, blank=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("to"), null=True, blank=True)
    mode = models.CharField(_("mode of study"), max_length=50, blank=True)
    credential = models.CharField(_("degree or certificate"), max_length=150, blank=True)

    class Meta:
        ordering = ["person", "start"]
        verbose_name = _("qualification")
        verbose_name_plural = _("training and degrees")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.credential or self.level}"


class Reward(models.Model):
    employee = models.ForeignKey("hrm.Employee", on_delete=models.CASCADE, related_name="rewards")
    date = models.DateField(_("date"))
    form = models.CharField(_("form"), max_length=150)
    authority = models.CharField(_("awarded by"), max_length=150, blank=True)
    decision_no = models.CharField(_("decision number"), max_length=60, blank=True)

    class Meta:
        ordering = ["employee", "date"]
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")

    def __str__(self):
        return f"{self.form} ({self.date})"


class Discipline(EffectiveDated):
    """A discipline in effect from valid_from until valid_to (when it is lifted)."""

    employee = models.ForeignKey("hrm.Employee", on_delete=models.CASCADE, related_name="disciplines")
    form = models.ForeignKey("hrm.DisciplineForm", verbose_name=_("form"), on_delete=models.PROTECT)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    decision_no = models.CharField(_("decision number"), max_length=60, blank=True)

    class Meta:
        ordering = ["employee", "valid_from"]
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")

    def __str__(self):
        return f"{self.form} ({self.valid_from})"


class AnnualRating(models.Model):
    employee = models.ForeignKey("hrm.Employee", on_delete=models.CASCADE, related_name="ratings")
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.ForeignKey(
        "hrm.RatingLevel", verbose_name=pgettext_lazy("annual rating", "level"), on_delete=models.PROTECT
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["employee", "-year"]
        verbose_name = _("annual rating")
        verbose_name_plural = _("annual ratings")
        constraints = [models.UniqueConstraint(fields=["employee", "year"], name="hrm_rating_once_a_year")]

    def __str__(self):
        return f"{self.year}: {self.level}"


class FamilyMember(models.Model):
    """Family relations (2C item 30: own side and spouse's side)."""

    class Side(models.TextChoices):
        OWN = "own", _("Own family")
        SPOUSE = "spouse", _("Spouse's family")

    person = models.ForeignKey("hrm.Person", on_delete=models.CASCADE, related_name="family")
    side = models.CharField(_("side"), max_length=6, choices=Side.choices, default=Side.OWN)
    relation = models.CharField(_("relation"), max_length=30)
    full_name = models.CharField(_("full name"), max_length=150)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    details = models.CharField(_("native place, occupation, workplace, residence"), max_length=255, blank=True)

    class Meta:
        ordering = ["person", "side", "birth_year"]
        verbose_name = _("family member")
        verbose_name_plural = _("family relations")

    def __str__(self):
        return f"{self.relation}: {self.full_name}"


class CareerEntry(models.Model):
    """Work before joining the registry's units (2C item 28, earlier periods)."""

    person = models.ForeignKey("hrm.Person", on_delete=models.CASCADE, related_name="career")
    start = models.DateField(_("from"))
    end = models.DateField(_("to"), null=True, blank=True)
    description = models.CharField(_("title, position, unit"), max_length=255)

    class Meta:
        ordering = ["person", "start"]
        verbose_name = _("career entry")
        verbose_name_plural = _("career before")

    def __str__(self):
        return f"{self.start}: {self.description}"
