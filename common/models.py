"""Cross-cutting records every app writes to: the audit trail and the progress of long jobs.

These two tables live here, not in one of the domain apps, because all four apps write them and
none owns them (a deliberate departure from "common has no models", see README "Architecture").
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        VIEW = "view", _("Viewed")
        EXPORT = "export", _("Exported")
        IMPORT = "import", _("Imported")
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Login failed")
        RESTRUCTURE = "restructure", _("Restructured")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # No database constraint: the trail is append-only and outlives users; actor_name keeps who it was.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, db_constraint=False
    )
    actor_name = models.CharField(max_length=150, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    model = models.CharField(max_length=100)  # app_label.model
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=255, blank=True)
    # The unit the record belonged to, so scoped users read only their part of the trail.
    unit_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    # Any other object the entry belongs to (an exam, a room session, a class): the app that owns that model
    # says who may read its entries (common.registry.audit_scope_register). Set by audit_record(scope=obj).
    scope_type = models.ForeignKey(
        "contenttypes.ContentType",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # common_audit_scope_idx starts with it: a second index only slowed every audit write
    )
    scope_id = models.BigIntegerField(null=True, blank=True)
    changes = models.JSONField(default=dict, blank=True)  # {field: [before, after]}
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        indexes = [
            models.Index(fields=["model", "object_id", "-at"]),
            # Only entries with a scope: most (a staff import writes 100,000 at once) have none, and each would be
            # one more index entry to write; a filter on a scope (scope_type = …) implies it is not null.
            models.Index(
                fields=["scope_type", "scope_id", "-at"],
                name="common_audit_scope_idx",
                condition=models.Q(scope_type__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.model}#{self.object_id}"


class Job(models.Model):
    """A long piece of work (import, report, paper generation) run by Celery, with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=50)  # e.g. "hrm.staff_import"
    title = models.CharField(max_length=255)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    input_file = models.FileField(upload_to="jobs/in/%Y/%m/", blank=True)
    output_file = models.FileField(upload_to="jobs/out/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)
