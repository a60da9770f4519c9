"""Exam rules as effective-dated data (regulation profiles, priority categories) and the exams themselves.

An exam names the profile it follows; the profile's `config` holds the structure of
rounds, parts, pass marks, weights, tie-breaks and review windows copied from the regulations.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dated import EffectiveDated
from exams.rules import RuleError, validate_rules


class RegulationProfile(EffectiveDated):
    class Kind(models.TextChoices):
        RECRUITMENT = "recruitment", _("Recruitment exam")
        PROMOTION = "promotion", _("Promotion exam")
        IT_CERTIFICATE = "it_certificate", _("IT application certificate exam")

    class StaffType(models.TextChoices):
        CONG_CHUC = "cong_chuc", _("Civil servants")
        VIEN_CHUC = "vien_chuc", _("Public employees")
        ANY = "any", _("Anyone")

    code = models.CharField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    staff_type = models.CharField(_("staff type"), max_length=10, choices=StaffType.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    verification = models.CharField(_("verification"), max_length=255, blank=True)
    config = models.JSONField(_("structure and rules"), default=dict)

    class Meta:
        ordering = ["-valid_from", "code"]
        verbose_name = _("regulation profile")
        verbose_name_plural = _("regulation profiles")

    def __str__(self):
        return self.name

    def clean(self):
        """A profile whose machine-readable rules (config["rules"]) are malformed is refused, the key named."""
        super().clean()
        try:
            validate_rules(self.config.get("rules") if isinstance(self.config, dict) else None)
        except RuleError as exc:
            path = f"rules.{exc.key}" if exc.key else "rules"
            raise ValidationError(
                {"config": _("%(key)s: %(message)s") % {"key": path, "message": exc.message}}
            ) from exc


class PriorityCategory(EffectiveDated):
    """A category of priority points added to the round-2 score (only the highest one counts)."""

    key = models.CharField(_("key"), max_length=40)
    points = models.DecimalField(_("points"), max_digits=4, decimal_places=1)
    description = models.TextField(_("who"))
    regimes = models.JSONField(_("regimes"), default=list, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    verification = models.CharField(_("verification"), max_length=255, blank=True)

    class Meta:
        ordering = ["-points", "valid_from"]
        verbose_name = _("priority category")
        verbose_name_plural = _("priority categories")

    def __str__(self):
        return f"{self.points} — {self.key}"


# --- The exam skeleton: exams, shifts, rooms and candidates (Exams I and II extend it) -------------
class Exam(models.Model):
    """One exam run by the board: recruitment (thi tuyển) or promotion (thi nâng ngạch, thăng hạng)."""

    class Kind(models.TextChoices):
        RECRUITMENT = "recruitment", _("Recruitment exam")
        PROMOTION = "promotion", _("Promotion exam")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class PaperMode(models.TextChoices):
        PER_CANDIDATE = "per_candidate", _("A paper per candidate")
        POOL = "pool", _("A pool of approved papers, one drawn per candidate")

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    profile = models.ForeignKey(
        RegulationProfile, verbose_name=_("regulation profile"), on_delete=models.PROTECT, related_name="exams"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    held_on = models.DateField(
        _("exam date"),
        default=timezone.localdate,
        help_text=_("The first day of the exam: the regulation profile must be in force on it."),
    )
    organiser = models.ForeignKey(
        "hrm.OrgUnit",
        verbose_name=_("organising agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    paper_mode = models.CharField(
        _("papers"), max_length=15, choices=PaperMode.choices, default=PaperMode.PER_CANDIDATE
    )
    pool_size = models.PositiveSmallIntegerField(
        _("papers in the pool"), default=0, help_text=_("Pool mode: how many papers (đề) the board reviews.")
    )
    shuffle_questions = models.BooleanField(_("shuffle questions per candidate"), default=True)
    shuffle_options = models.BooleanField(_("shuffle options per candidate"), default=True)
    partial_credit = models.BooleanField(
        _("partial credit for multiple-answer items"),
        default=False,
        help_text=_("Off: a multiple-answer item scores only when every choice is right."),
    )
    # Safe Exam Browser (optional): with any key set, candidate pages and sockets need SEB's matching header
    seb_browser_exam_keys = models.TextField(
        _("Safe Exam Browser: Browser Exam Keys"),
        blank=True,
        help_text=_("One key per line (64 hexadecimal characters). Empty: Safe Exam Browser is not required."),
    )
    seb_config_keys = models.TextField(
        _("Safe Exam Browser: Config Keys"),
        blank=True,
        help_text=_("One key per line (64 hexadecimal characters). Empty: Safe Exam Browser is not required."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("exam")
        verbose_name_plural = _("exams")

    def __str__(self):
        return f"{self.code} — {self.name}"


class Shift(models.Model):
    """A sitting of an exam (ca thi): every room of the shift starts together."""

    exam = models.ForeignKey(Exam, verbose_name=_("exam"), on_delete=models.CASCADE, related_name="shifts")
    name = models.CharField(_("name"), max_length=100)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    parts = models.ManyToManyField("exams.Part", verbose_name=_("parts taken"), blank=True, related_name="shifts")

    class Meta:
        ordering = ["starts_at", "name"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [
            models.UniqueConstraint(fields=["exam", "name"], name="exams_shift_unique_name"),
            models.CheckConstraint(condition=models.Q(duration_minutes__gt=0), name="exams_shift_duration_positive"),
        ]

    def __str__(self):
        return self.name


class Room(models.Model):
    """An exam room (phòng thi) with its number of seats."""

    exam = models.ForeignKey(Exam, verbose_name=_("exam"), on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=100)
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    location = models.CharField(_("location"), max_length=255, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(fields=["exam", "name"], name="exams_room_unique_name"),
            models.CheckConstraint(condition=models.Q(capacity__gt=0), name="exams_room_capacity_positive"),
        ]

    def __str__(self):
        return self.name


class RoomSession(models.Model):
    """One room in one shift: what a proctor is granted and what a candidate is seated in."""

    shift = models.ForeignKey(Shift, verbose_name=_("shift"), on_delete=models.CASCADE, related_name="room_sessions")
    room = models.ForeignKey(Room, verbose_name=_("room"), on_delete=models.CASCADE, related_name="room_sessions")
    # live state (issue #15): set by the proctor's start, pause and resume of the whole room
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)

    class Meta:
        ordering = ["shift__starts_at", "room__name"]
        verbose_name = _("room session")
        verbose_name_plural = _("room sessions")
        constraints = [models.UniqueConstraint(fields=["shift", "room"], name="exams_roomsession_unique")]

    def __str__(self):
        return f"{self.shift} · {self.room}"


class Candidate(models.Model):
    """A person sitting an exam, and the principal he logs in as (his own user, no password).

    An applicant is a person of hrm (no second copy when he is hired later); a promotion candidate is also a staff
    record (`employee`). The candidate number (số báo danh) and the login come with seating; only a keyed hash of
    the access code is stored (exams.services.candidates); the plain code is shown once.
    """

    class Source(models.TextChoices):
        APPLICANT = "applicant", _("External applicant")
        STAFF = "staff", _("Staff member")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        ELIGIBLE = "eligible", _("Eligible")
        INELIGIBLE = "ineligible", _("Not eligible")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    exam = models.ForeignKey(Exam, verbose_name=_("exam"), on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey(
        "hrm.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="exam_candidacies"
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.APPLICANT)
    employee = models.ForeignKey(
        "hrm.Employee",
        verbose_name=_("staff record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exam_candidacies",
    )
    position = models.ForeignKey(
        "exams.Position",
        verbose_name=_("position applied for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidates",
    )
    agency = models.ForeignKey(
        "hrm.OrgUnit",
        verbose_name=_("agency applied to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED)
    eligibility = models.JSONField(
        _("eligibility reasons"), default=list, blank=True, help_text=_("Why the candidate is or is not eligible.")
    )
    eligibility_checked_at = models.DateTimeField(_("eligibility checked at"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    candidate_number = models.CharField(_("candidate number"), max_length=20, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidate",
    )
    access_code_hash = models.CharField(_("access code (keyed hash)"), max_length=64, blank=True, editable=False)
    code_issued_at = models.DateTimeField(_("code issued at"), null=True, blank=True, editable=False)
    code_valid_until = models.DateTimeField(_("code valid until"), null=True, blank=True)
    code_used_at = models.DateTimeField(_("first login at"), null=True, blank=True, editable=False)
    room_session = models.ForeignKey(
        RoomSession,
        verbose_name=_("room session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidates",
    )
    seat = models.CharField(_("seat"), max_length=10, blank=True)

    class Meta:
        ordering = ["exam", "candidate_number"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(
                fields=["exam", "candidate_number"],
                condition=~models.Q(candidate_number=""),
                name="exams_candidate_unique_number",
            ),
            models.UniqueConstraint(fields=["exam", "person"], name="exams_candidate_unique_person"),
        ]

    def __str__(self):
        return f"{self.candidate_number or '—'} — {self.person}"


class CandidateClaim(models.Model):
    """A priority (điểm ưu tiên) or exemption (miễn thi a part) that a candidate claims, with its evidence,
    and the board's decision on it."""

    class Kind(models.TextChoices):
        PRIORITY = "priority", _("Priority points")
        EXEMPTION = "exemption", _("Exemption from a part")

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("Claimed")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="claims"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    priority_key = models.CharField(
        _("priority category"), max_length=40, blank=True, help_text=_("Key of a priority category in force.")
    )
    part_key = models.CharField(_("part exempted"), max_length=30, blank=True)
    reason = models.CharField(_("grounds"), max_length=255, blank=True)
    evidence = models.FileField(_("evidence"), upload_to="exams/claims/%Y/", max_length=200, blank=True)
    evidence_content_type = models.CharField(_("content type"), max_length=40, blank=True)
    evidence_size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CLAIMED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["candidate", "kind", "id"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="priority") & ~models.Q(priority_key=""))
                | (models.Q(kind="exemption") & ~models.Q(part_key="")),
                name="exams_claim_names_what",
            )
        ]

    def __str__(self):
        return f"{self.candidate} · {self.get_kind_display()}"
