"""Admin of units, their versions and staff quotas."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.admin import AuditedAdminMixin
from common.errors import ApplicationError
from hrm import models
from hrm.selectors import (
    is_province_admin,
    unit_scope_for_user,
)
from hrm.services.org import staff_quota_check, staff_quota_set


class StaffQuotaFormSet(forms.BaseInlineFormSet):
    """New quota rows are checked by the service's rules here; OrgUnitAdmin.save_formset records them."""

    def new_forms(self) -> list:
        return [f for f in self.extra_forms if f.has_changed() and not self._should_delete_form(f)]

    def clean(self):
        super().clean()
        new = [f for f in self.new_forms() if f.is_valid()]
        if len(new) > 1:
            raise forms.ValidationError(_("Add one quota at a time."))
        if new and self.instance.valid_from is not None:
            data = new[0].cleaned_data
            try:
                staff_quota_check(unit=self.instance, quota=data.get("quota"), valid_from=data.get("valid_from"))
            except ApplicationError as exc:
                new[0].add_error(None, exc)


class StaffQuotaInline(admin.TabularInline):
    """Recorded quotas are read-only history; a new one (province administrators) closes the one in force."""

    model = models.StaffQuota
    formset = StaffQuotaFormSet
    fields = ["quota", "decision_no", "valid_from", "valid_to"]
    readonly_fields = ["valid_to"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return is_province_admin(request.user) and (obj is None or obj.valid_to is None)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.OrgUnit)
class OrgUnitAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent", "successor"]
    inlines = [StaffQuotaInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not models.StaffQuota:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []  # for the change message
        for quota_form in formset.new_forms():
            data = quota_form.cleaned_data
            row = staff_quota_set(
                unit=form.instance,
                quota=data["quota"],
                valid_from=data["valid_from"],
                decision_no=data.get("decision_no", ""),
                actor=request.user,
            )
            formset.new_objects.append(row)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return unit_scope_for_user(user=request.user).filter(queryset, "id")

    def audit_unit_id(self, obj):
        return obj.pk


@admin.register(models.OrgUnitVersion)
class OrgUnitVersionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "name", "parent", "valid_from", "valid_to"]
    search_fields = ["name", "unit__code"]
    raw_id_fields = ["unit", "parent"]
