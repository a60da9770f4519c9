"""Reminders for HR officers, recomputed from the registry by a periodic task (never edited by hand)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Reminder(models.Model):
    """Something an HR officer should act on for one staff member by `due_date`."""

    class Kind(models.TextChoices):
        RAISE_DUE = "raise_due", _("Regular step raise due")
        RETIREMENT_DUE = "retirement_due", _("Retirement due")
        RATING_MISSING = "rating_missing", _("Annual rating missing")
        RECORD_INCOMPLETE = "record_incomplete", _("Record incomplete")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    employee = models.ForeignKey("hrm.Employee", on_delete=models.CASCADE, related_name="reminders")
    # The employee's unit when the reminder was computed: officers are scoped by it.
    unit = models.ForeignKey("hrm.OrgUnit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    due_date = models.DateField(_("due date"))
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "kind"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["kind", "employee", "due_date"], name="hrm_reminder_unique"),
        ]
        indexes = [models.Index(fields=["unit", "kind", "due_date"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.employee_id} ({self.due_date})"

    @property
    def overdue(self) -> bool:
        """Its date has passed and it is still there: nobody acted on it in time."""
        return self.due_date < timezone.localdate()
