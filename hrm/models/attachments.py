"""Scanned documents of a staff record (decisions, certificates, degrees): stored under MEDIA_ROOT, never served from
there; hrm.views.attachments hands them only to those who may see the record."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Attachment(models.Model):
    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        CERTIFICATE = "certificate", _("Certificate")
        DEGREE = "degree", _("Degree")
        OTHER = "other", _("Other")

    employee = models.ForeignKey(
        "hrm.Employee", verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="attachments/%Y/", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("content type"), max_length=40)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title
