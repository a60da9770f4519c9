"""Users and what they may do: a role, scoped to a unit subtree or to one object (an exam, a room)."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.access import ACCESS, role_choices
from common.dated import EffectiveDated


class User(AbstractUser):
    person = models.OneToOneField(
        "hrm.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.SET_NULL, related_name="user"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_full_name(self) -> str:
        """The name as Vietnamese write it: family and middle names (last_name), then the given name (first_name);
        Django's default puts the given name first ("Lan Nguyễn Thị")."""
        return f"{self.last_name} {self.first_name}".strip()

    @property
    def display_name(self) -> str:
        return self.person.full_name if self.person_id else (self.get_full_name() or self.username)


class Role(models.TextChoices):
    """The registry's roles (hrm declares them in its AppConfig; exams and training declare their own)."""

    ADMIN = "admin", _("Province administrator")
    HR_OFFICER = "hr_officer", _("HR officer")
    STAFF = "staff", _("Staff member")  # what a user with a staff record is; never granted


class Grant(EffectiveDated):
    """A role given to a user from a date: everywhere, within a unit subtree, or on one object (scope).

    In force like every dated row: from valid_from until the day before valid_to (common.dated); the role checks
    (hrm.selectors.may) and the admin sync read the same grants.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("role"), max_length=20, choices=role_choices)
    unit = models.ForeignKey(
        "hrm.OrgUnit", verbose_name=_("unit subtree"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    scope_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    scope_id = models.PositiveBigIntegerField(null=True, blank=True)
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        indexes = [models.Index(fields=["user", "role"]), models.Index(fields=["scope_type", "scope_id", "role"])]

    @property
    def scope_kind(self) -> str:
        """ "everywhere", "unit", or the "app_label.model" of the object it is scoped to."""
        if self.unit_id is not None:
            return "unit"
        if self.scope_type_id is not None:
            return f"{self.scope_type.app_label}.{self.scope_type.model}"
        return "everywhere"

    def clean(self):
        role = ACCESS.get(self.role)
        if role is None or not role.granted:
            raise ValidationError({"role": _("This role cannot be granted.")})
        if self.unit_id is not None and self.scope_type_id is not None:
            raise ValidationError({"unit": _("A grant covers a unit subtree or one object, not both.")})
        if self.scope_kind not in role.scopes:
            raise ValidationError({"unit": _("This role cannot be granted with this scope.")})
        if self.valid_to is not None and self.valid_from is not None and self.valid_to <= self.valid_from:
            raise ValidationError({"valid_to": _("The end date must be after the start date.")})

    def __str__(self):
        where = self.unit or (f"{self.scope_type}#{self.scope_id}" if self.scope_type_id else _("everywhere"))
        return f"{self.user} · {self.get_role_display()} · {where}"
