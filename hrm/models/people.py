"""A person (identity, kept once) and a staff record (employment): form 2C-BNV/2008's fields.

An applicant who is hired becomes staff by getting an Employee row on the same Person.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from common.vietnamese import fold, name_sort_key, normalize_name, split_name


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class EducationLevel(models.TextChoices):
    TIEN_SI = "tien_si", _("Doctorate")
    THAC_SI = "thac_si", _("Master")
    DAI_HOC = "dai_hoc", _("University")
    CAO_DANG = "cao_dang", _("College")
    TRUNG_CAP = "trung_cap", _("Intermediate")
    SO_CAP = "so_cap", _("Elementary")


class PoliticalTheory(models.TextChoices):
    CU_NHAN = "cu_nhan", _("Bachelor")
    CAO_CAP = "cao_cap", _("Advanced")
    TRUNG_CAP = "trung_cap", _("Intermediate")
    SO_CAP = "so_cap", _("Elementary")


class StateManagement(models.TextChoices):
    CVCC = "cvcc", _("Senior specialist programme")
    CVC = "cvc", _("Principal specialist programme")
    CV = "cv", _("Specialist programme")


class ForeignLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    CHINESE = "zh", _("Chinese")
    RUSSIAN = "ru", _("Russian")
    GERMAN = "de", _("German")
    JAPANESE = "ja", _("Japanese")
    KOREAN = "ko", _("Korean")
    OTHER = "other", _("Other language")


class QualificationLevel(models.TextChoices):
    DEGREE = "degree", _("University degree or higher")
    CERTIFICATE = "certificate", _("Certificate")


class ITLevel(models.TextChoices):
    TRUNG_CAP_PLUS = "trung_cap_plus", _("Intermediate degree or higher")
    CERTIFICATE = "certificate", _("Certificate")


class Person(models.Model):
    full_name = models.CharField(_("full name"), max_length=150)
    family_name = models.CharField(max_length=50, editable=False)
    middle_name = models.CharField(max_length=80, editable=False, blank=True)
    given_name = models.CharField(max_length=50, editable=False)
    name_sort = models.CharField(max_length=255, editable=False)  # indexed in Meta: no LIKE index needed
    name_search = models.CharField(max_length=150, editable=False)  # searched with LIKE %…%: no b-tree helps
    other_names = models.CharField(_("other names"), max_length=150, blank=True)
    date_of_birth = models.DateField(_("date of birth"))
    birth_year_only = models.BooleanField(_("only the birth year is known"), default=False)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    # Unique through Meta.constraints, not unique=True: PostgreSQL then needs no second (LIKE) index
    cccd = models.CharField(_("citizen ID (CCCD)"), max_length=12, null=True, blank=True)
    cccd_issued_on = models.DateField(_("CCCD issued on"), null=True, blank=True)
    cccd_issued_by = models.CharField(_("CCCD issued by"), max_length=150, blank=True)
    old_id_number = models.CharField(_("old ID card (CMND)"), max_length=9, blank=True)
    birthplace = models.CharField(_("place of birth"), max_length=255, blank=True)
    native_place = models.CharField(_("native place"), max_length=255, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=50, default="Kinh")
    religion = models.CharField(_("religion"), max_length=50, default="Không")
    permanent_address = models.CharField(_("permanent residence"), max_length=255, blank=True)
    current_address = models.CharField(_("current address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="photos/", blank=True)
    # Political, military and personal items of form 2C (16–24, 26, 29)
    party_joined_on = models.DateField(_("joined the Party on"), null=True, blank=True)
    party_official_on = models.DateField(_("official Party member on"), null=True, blank=True)
    mass_org_joined_on = models.DateField(_("joined socio-political organisation on"), null=True, blank=True)
    mass_org_name = models.CharField(_("socio-political organisation"), max_length=150, blank=True)
    military_enlisted_on = models.DateField(_("enlisted on"), null=True, blank=True)
    military_discharged_on = models.DateField(_("discharged on"), null=True, blank=True)
    military_rank = models.CharField(_("highest military rank"), max_length=80, blank=True)
    honorary_title = models.CharField(_("highest honorary title"), max_length=150, blank=True)
    strengths = models.CharField(_("strengths"), max_length=255, blank=True)
    health_status = models.CharField(_("health"), max_length=80, blank=True)
    height_cm = models.PositiveSmallIntegerField(_("height (cm)"), null=True, blank=True)
    weight_kg = models.PositiveSmallIntegerField(_("weight (kg)"), null=True, blank=True)
    blood_type = models.CharField(_("blood type"), max_length=5, blank=True)
    war_invalid_grade = models.CharField(_("war invalid grade"), max_length=30, blank=True)
    policy_family = models.CharField(_("policy family"), max_length=150, blank=True)
    social_insurance_no = models.CharField(_("social insurance number"), max_length=15, blank=True)
    personal_history = models.TextField(_("personal history notes"), blank=True)
    # Qualifications (2C item 15): the highest of each kind; details in Qualification rows.
    general_education = models.CharField(_("general education"), max_length=10, blank=True, default="12/12")
    education_level = models.CharField(
        _("highest professional level"), max_length=20, blank=True, choices=EducationLevel.choices
    )
    education_major = models.CharField(_("major"), max_length=150, blank=True)
    political_theory = models.CharField(
        _("political theory"), max_length=20, blank=True, choices=PoliticalTheory.choices
    )
    state_management = models.CharField(
        _("state management"), max_length=20, blank=True, choices=StateManagement.choices
    )
    foreign_language = models.CharField(
        _("foreign language"), max_length=20, blank=True, choices=ForeignLanguage.choices
    )
    foreign_language_level = models.CharField(
        _("foreign language level"), max_length=20, blank=True, choices=QualificationLevel.choices
    )
    foreign_language_detail = models.CharField(_("foreign language details"), max_length=100, blank=True)
    it_level = models.CharField(_("IT level"), max_length=20, blank=True, choices=ITLevel.choices)
    it_detail = models.CharField(_("IT details"), max_length=100, blank=True)
    minority_language_cert = models.BooleanField(_("ethnic minority language certificate"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_sort"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["name_sort"], name="hrm_person_name_sort")]
        constraints = [models.UniqueConstraint(fields=["cccd"], name="hrm_person_cccd_unique")]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.set_name_keys()
        super().save(*args, **kwargs)

    def set_name_keys(self) -> None:
        """Derive the split name and the sort and search keys (bulk writers call this too)."""
        self.full_name = normalize_name(self.full_name)
        self.family_name, self.middle_name, self.given_name = split_name(self.full_name)
        self.name_sort = name_sort_key(self.full_name)
        self.name_search = fold(self.full_name)

    @property
    def is_party_member(self) -> bool:
        return self.party_joined_on is not None

    @property
    def language_summary(self) -> str:
        """The foreign language qualification in words, as the profile and form 2C write it: "Tiếng Anh, Chứng chỉ,
        B1"."""
        return _summary(
            self.get_foreign_language_display(), self.get_foreign_language_level_display(), self.foreign_language_detail
        )

    @property
    def it_summary(self) -> str:
        """The IT qualification in words: "Chứng chỉ ứng dụng CNTT cơ bản" for a certificate so described, not
        "Chứng chỉ, Chứng chỉ ứng dụng CNTT cơ bản"."""
        return _summary(self.get_it_level_display(), self.it_detail)


def _summary(*parts) -> str:
    """The non-empty parts joined by commas, leaving out one that the next part begins with."""
    parts = [str(p).strip() for p in parts if p not in (None, "") and str(p).strip()]
    kept = [p for p, following in zip(parts, parts[1:], strict=False) if not fold(following).startswith(fold(p))]
    kept += parts[-1:]
    return ", ".join(kept)


class Employee(models.Model):
    """A staff record: one person's employment with the province (rank, salary, unit today)."""

    class StaffType(models.TextChoices):
        CAN_BO = "can_bo", _("Cadre")
        CONG_CHUC = "cong_chuc", _("Civil servant")
        VIEN_CHUC = "vien_chuc", _("Public employee")
        HOP_DONG = "hop_dong", _("Contract worker")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Working")
        RETIRED = "retired", _("Retired")
        LEFT = "left", _("Left")
        DECEASED = "deceased", _("Deceased")
        PENDING = "pending", _("Starting later")  # hired from a later date: nobody's staff until then

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="employments")
    code = models.CharField(_("staff number"), max_length=20)  # unique in Meta.constraints (no LIKE index)
    staff_type = models.CharField(_("staff type"), max_length=10, choices=StaffType.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    # The present, kept equal to the open Assignment and SalaryRecord by the services.
    unit = models.ForeignKey(  # indexed by (unit, status) below
        "hrm.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="staff", db_index=False
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    main_duties = models.CharField(_("main duties"), max_length=255, blank=True)
    # No index of its own: reports read whole units, and ranks are never deleted (PROTECT)
    rank = models.ForeignKey(
        "hrm.Rank", verbose_name=_("rank"), null=True, blank=True, on_delete=models.PROTECT, db_index=False
    )
    salary_step = models.PositiveSmallIntegerField(_("salary step"), null=True, blank=True)
    coefficient = models.DecimalField(_("coefficient"), max_digits=5, decimal_places=2, null=True, blank=True)
    step_since = models.DateField(_("step held since"), null=True, blank=True)
    position_allowance = models.DecimalField(_("position allowance"), max_digits=4, decimal_places=2, default=0)
    other_allowance = models.DecimalField(_("other allowances"), max_digits=4, decimal_places=2, default=0)
    recruited_on = models.DateField(_("recruited on"), null=True, blank=True)
    recruiting_agency = models.CharField(_("recruiting agency"), max_length=255, blank=True)
    occupation_before = models.CharField(_("occupation when recruited"), max_length=150, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    # A leaving recorded from a later date: the status taken on `left_on` (hrm.services.current); empty otherwise
    leaving_status = models.CharField(
        _("status from the leaving date"), max_length=10, choices=Status.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person__name_sort"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        constraints = [
            # Unique regardless of case ("nv001" is "NV001"); the expression index also serves code lookups
            models.UniqueConstraint(
                Lower("code"),
                name="hrm_employee_code_unique_ci",
                violation_error_message=_("This staff number is already used."),
            ),
            models.UniqueConstraint(  # one working record, or one starting later, per person
                fields=["person"], condition=Q(status__in=["active", "pending"]), name="hrm_one_active_employment"
            ),
        ]
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self):
        return f"{self.person.full_name} ({self.code})"
