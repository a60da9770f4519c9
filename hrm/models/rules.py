"""Regulations as effective-dated rows: salary scales, rank groups, base salary, retirement ages.

Seeded from common/reference/regulations.json by data migrations; edited in the admin when a
decree changes. Code asks for "the row in force on date D", never for a constant.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from common.dated import EffectiveDated


class Verification(models.TextChoices):
    VERIFIED = "VERIFIED", _("Verified")
    CORROBORATED = "CORROBORATED", _("Corroborated")
    UNVERIFIED = "UNVERIFIED", _("Unverified")


class SalaryGroup(EffectiveDated):
    """A salary group (A1, B, …) of a pay table, with its raise and seniority rules and its report category."""

    class Table(models.TextChoices):
        EXPERT = "expert", _("Senior experts (table 1)")
        CIVIL = "civil", _("Civil servants (table 2)")
        PUBLIC = "public", _("Public employees (table 3)")

    class ReportCategory(models.TextChoices):
        """The "by rank" columns of the quantity-and-quality report (regulations §7.2), in printed order."""

        CVCC = "cvcc", _("Senior specialist & equiv.")
        CVC = "cvc", _("Principal specialist & equiv.")
        CV = "cv", _("Specialist & equiv.")
        CS = "cs", _("Officer (cán sự) & equiv.")
        NV = "nv", _("Employee (nhân viên)")

    code = models.CharField(_("code"), max_length=10)
    table = models.CharField(_("pay table"), max_length=10, choices=Table.choices, default=Table.CIVIL)
    name = models.CharField(_("name"), max_length=150, blank=True)
    regular_raise_months = models.PositiveSmallIntegerField(_("months per regular step raise"))
    seniority_after_months = models.PositiveSmallIntegerField(
        _("months at the last step before the seniority allowance"), null=True, blank=True
    )
    seniority_first_percent = models.PositiveSmallIntegerField(_("first seniority allowance (%)"), default=0)
    seniority_yearly_percent = models.PositiveSmallIntegerField(_("yearly seniority increment (%)"), default=0)
    # Blank: staff paid in this group count under "other" in the report.
    report_category = models.CharField(
        _("report category"), max_length=10, choices=ReportCategory.choices, blank=True, default=""
    )
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    verification = models.CharField(max_length=15, choices=Verification.choices, default=Verification.CORROBORATED)

    class Meta:
        ordering = ["table", "code", "valid_from"]
        verbose_name = _("salary group")
        verbose_name_plural = _("salary groups")

    def __str__(self):
        return f"{self.code} ({self.get_table_display()})"


class SalaryStep(models.Model):
    group = models.ForeignKey(SalaryGroup, on_delete=models.CASCADE, related_name="steps")
    step = models.PositiveSmallIntegerField(_("step"))
    coefficient = models.DecimalField(_("coefficient"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["group", "step"]
        verbose_name = _("salary step")
        verbose_name_plural = _("salary steps")
        constraints = [models.UniqueConstraint(fields=["group", "step"], name="hrm_salarystep_unique")]

    def __str__(self):
        return f"{self.group.code} bậc {self.step}: {self.coefficient}"


class Rank(models.Model):
    """A civil-service rank (ngạch) or professional title (chức danh nghề nghiệp): one registry for both.

    A title has a field (lĩnh vực), a series (the titles one can be promoted along: giáo viên tiểu học) and a
    grade (hạng I–IV, I the highest). The administrative titles of TT 05/2024/TT-BNV share the civil-service
    codes (01.001…01.005), so those rows are both.
    """

    class Kind(models.TextChoices):
        RANK = "rank", _("Civil-service rank")
        TITLE = "title", _("Professional title")
        BOTH = "both", _("Rank and administrative title")

    class Field(models.TextChoices):
        """Lĩnh vực of a professional title: the rows of the report's public-employee columns."""

        EDUCATION = "education", _("Education sector")
        HEALTH = "health", _("Health sector")
        ADMINISTRATION = "administration", _("Public administration")
        CULTURE = "culture", _("Culture, sports and tourism")
        SCIENCE = "science", _("Science and technology")
        AGRICULTURE = "agriculture", _("Agriculture and environment")
        SOCIAL = "social", _("Labour and social affairs")
        INFORMATION = "information", _("Information and communication")
        OTHER = "other", _("Other fields")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=150)
    note = models.CharField(max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RANK)
    field = models.CharField(_("field"), max_length=20, choices=Field.choices, blank=True, default="")
    series = models.CharField(_("title series"), max_length=60, blank=True, default="")
    grade = models.PositiveSmallIntegerField(_("grade (hạng)"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    verification = models.CharField(max_length=15, choices=Verification.choices, default=Verification.CORROBORATED)

    class Meta:
        ordering = ["code"]
        verbose_name = _("rank")
        verbose_name_plural = _("ranks")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grade__isnull=True) | models.Q(grade__gte=1, grade__lte=4),
                name="hrm_rank_grade_1_to_4",
            )
        ]

    ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}  # how a grade (hạng) is written, in files and on screens

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def grade_roman(self) -> str:
        return self.ROMAN.get(self.grade, "")


class RankGroup(EffectiveDated):
    """Which salary group a rank is paid in, for a period (01.004 Cán sự moved B → A0 in 2021)."""

    rank = models.ForeignKey(Rank, on_delete=models.CASCADE, related_name="groups")
    group_code = models.CharField(_("salary group"), max_length=10)
    table = models.CharField(max_length=10, choices=SalaryGroup.Table.choices, default=SalaryGroup.Table.CIVIL)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        ordering = ["rank", "valid_from"]
        verbose_name = _("rank salary group")
        verbose_name_plural = _("rank salary groups")

    def __str__(self):
        return f"{self.rank.code} → {self.group_code} ({self.valid_from})"


class BaseSalary(EffectiveDated):
    amount = models.PositiveIntegerField(_("amount (VND per month)"))
    decree = models.CharField(_("decree"), max_length=100)
    verification = models.CharField(max_length=15, choices=Verification.choices, default=Verification.UNVERIFIED)

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("base salary")
        verbose_name_plural = _("base salary history")

    def __str__(self):
        return f"{self.amount:,} ₫ ({self.valid_from})"


class RetirementAge(EffectiveDated):
    """The retirement age for people who reach it in a period (NĐ 135/2020 keys it by year)."""

    sex = models.CharField(_("sex"), max_length=6, choices=[("male", _("Male")), ("female", _("Female"))])
    years = models.PositiveSmallIntegerField(_("years"))
    months = models.PositiveSmallIntegerField(_("months"), default=0)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        ordering = ["sex", "valid_from"]
        verbose_name = _("retirement age")
        verbose_name_plural = _("retirement ages")

    def __str__(self):
        return f"{self.get_sex_display()} {self.years}y{self.months}m ({self.valid_from})"

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months


class DisciplineForm(EffectiveDated):
    """A form of discipline and how long it delays the next regular step raise."""

    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    raise_delay_months = models.PositiveSmallIntegerField(_("raise delayed by (months)"), default=0)
    # The staff types it applies to (Employee.StaffType values); empty: every type.
    staff_types = models.JSONField(_("applies to"), default=list, blank=True)
    severity = models.PositiveSmallIntegerField(_("severity"), default=0, help_text=_("1 = the mildest"))
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    verification = models.CharField(max_length=15, choices=Verification.choices, default=Verification.UNVERIFIED)

    class Meta:
        ordering = ["code", "valid_from"]
        verbose_name = _("discipline form")
        verbose_name_plural = _("discipline forms")

    def __str__(self):
        return self.name

    def applies_to(self, staff_type: str) -> bool:
        return not self.staff_types or staff_type in self.staff_types


class RatingLevel(EffectiveDated):
    """A level of the annual quality rating; scored from 2026 for public employees."""

    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=100)
    rank_order = models.PositiveSmallIntegerField(_("order (1 = best)"))
    min_score = models.DecimalField(_("minimum score"), max_digits=5, decimal_places=2, null=True, blank=True)
    staff_type = models.CharField(_("applies to staff type"), max_length=10, blank=True)  # blank: everyone
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        ordering = ["rank_order", "valid_from"]
        verbose_name = _("rating level")
        verbose_name_plural = _("rating levels")

    def __str__(self):
        return self.name


class RuleValue(EffectiveDated):
    """A single number a regulation sets, by key (e.g. months of notice before retirement)."""

    key = models.CharField(_("key"), max_length=60, db_index=True)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    description = models.CharField(_("description"), max_length=255, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)

    class Meta:
        ordering = ["key", "valid_from"]
        verbose_name = _("rule value")
        verbose_name_plural = _("rule values")

    def __str__(self):
        return f"{self.key} = {self.value} ({self.valid_from})"
