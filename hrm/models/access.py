"""Users and what they may do: a role, scoped to a unit subtree or to one object (an exam, a room)."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    person = models.OneToOneField(
        "hrm.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.SET_NULL, related_name="user"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.person.full_name if self.person_id else (self.get_full_name() or self.username)


class Role(models.TextChoices):
    ADMIN = "admin", _("Province administrator")
    HR_OFFICER = "hr_officer", _("HR officer")
    EXAM_BOARD = "exam_board", _("Exam board member")
    PROCTOR = "proctor", _("Proctor")
    GRADER = "grader", _("Grader")
    TRAINER = "trainer", _("Trainer")
    CANDIDATE = "candidate", _("Candidate")
    STAFF = "staff", _("Staff member")


class Grant(models.Model):
    """A role given to a user: everywhere, within a unit subtree, or on one object (scope)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "hrm.OrgUnit", verbose_name=_("unit subtree"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    scope_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    scope_id = models.PositiveBigIntegerField(null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        indexes = [models.Index(fields=["user", "role"]), models.Index(fields=["scope_type", "scope_id", "role"])]

    def __str__(self):
        where = self.unit or (f"{self.scope_type}#{self.scope_id}" if self.scope_type_id else _("everywhere"))
        return f"{self.user} · {self.get_role_display()} · {where}"
