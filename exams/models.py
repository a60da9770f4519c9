"""Exam rules as effective-dated data (regulation profiles, priority categories) and the exam skeleton.

An exam names the profile it follows; the profile's `config` holds the structure of
rounds, parts, pass marks, weights, tie-breaks and review windows copied from the regulations.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
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

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    profile = models.ForeignKey(
        RegulationProfile, verbose_name=_("regulation profile"), on_delete=models.PROTECT, related_name="exams"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
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

    class Meta:
        ordering = ["shift__starts_at", "room__name"]
        verbose_name = _("room session")
        verbose_name_plural = _("room sessions")
        constraints = [models.UniqueConstraint(fields=["shift", "room"], name="exams_roomsession_unique")]

    def __str__(self):
        return f"{self.shift} · {self.room}"


class Candidate(models.Model):
    """A person sitting an exam, and the principal he logs in as (his own user, no password).

    Only a keyed hash of the access code is stored (exams.services.candidates); the plain code is shown once.
    """

    exam = models.ForeignKey(Exam, verbose_name=_("exam"), on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey(
        "hrm.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="exam_candidacies"
    )
    candidate_number = models.CharField(_("candidate number"), max_length=20)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("login"), on_delete=models.PROTECT, related_name="candidate"
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
            models.UniqueConstraint(fields=["exam", "candidate_number"], name="exams_candidate_unique_number"),
            models.UniqueConstraint(fields=["exam", "person"], name="exams_candidate_unique_person"),
        ]

    def __str__(self):
        return f"{self.candidate_number} — {self.person}"
