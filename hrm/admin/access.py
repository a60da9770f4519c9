"""Admin of users and role grants."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from common.admin import AuditedAdminMixin
from hrm import models
from hrm.services.access import user_admin_access_sync


class GrantInline(admin.TabularInline):
    model = models.Grant
    fk_name = "user"
    extra = 0
    raw_id_fields = ["unit", "granted_by"]


@admin.register(models.User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    fieldsets = [*BaseUserAdmin.fieldsets, (_("Registry"), {"fields": ["person"]})]
    raw_id_fields = ["person"]
    inlines = [GrantInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user_admin_access_sync(user=form.instance)


@admin.register(models.Grant)
class GrantAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "role", "unit", "valid_from", "valid_to"]
    list_filter = ["role"]
    raw_id_fields = ["user", "unit", "granted_by"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        user_admin_access_sync(user=obj.user)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        user_admin_access_sync(user=obj.user)
