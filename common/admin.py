"""Admin base classes: every change made in the admin lands in the audit trail."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.models import AuditEntry, Job
from common.services import audit_record, snapshot

# The admin is part of Congvu, not "Django administration" (templates/admin/base_site.html adds the icon).
admin.site.site_header = _("Congvu administration")
admin.site.site_title = _("Congvu")
admin.site.index_title = _("Records and settings")


class AuditedAdminMixin:
    """Records create, change and delete from the admin with before and after values."""

    def audit_unit_id(self, obj) -> int | None:
        return getattr(obj, "unit_id", None)

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="update" if change else "create",
            obj=obj,
            before=before,
            after=snapshot(obj),
            unit_id=self.audit_unit_id(obj),
        )

    def delete_model(self, request, obj):
        before = snapshot(obj)
        unit_id = self.audit_unit_id(obj)
        audit_record(actor=request.user, action="delete", obj=obj, before=before, unit_id=unit_id)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_record(
                actor=request.user, action="delete", obj=obj, before=snapshot(obj), unit_id=self.audit_unit_id(obj)
            )
        super().delete_queryset(request, queryset)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action", "model", "object_repr", "ip"]
    list_filter = ["action", "model"]
    search_fields = ["object_repr", "actor_name", "object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the trail is append-only


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "owner", "status", "done", "total", "created_at"]
    list_filter = ["status", "kind"]
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request):
        return False
