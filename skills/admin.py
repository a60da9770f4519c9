"""Admin of the IT-skill standard; every change, inline ones included, is audited."""

from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from common.admin import AuditedAdminMixin
from common.services import audit_record, snapshot
from skills.models import ITModule, ITSkillItem, ITStandard
from skills.resources import SkillItemResource


@admin.register(ITStandard)
class ITStandardAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "min_advanced_modules", "valid_from", "valid_to"]
    search_fields = ["code", "name", "legal_basis"]


class ITSkillItemInline(admin.TabularInline):
    model = ITSkillItem
    fk_name = "module"
    fields = ["code", "parent", "name_vi", "verification", "excluded_for_foreign_certificates"]
    extra = 0
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":  # parents come from the same module
            module_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = ITSkillItem.objects.filter(module_id=module_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ITModule)
class ITModuleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name_vi", "level", "number", "standard", "annex"]
    list_filter = ["level", "standard"]
    search_fields = ["code", "name_vi", "name_en"]
    inlines = [ITSkillItemInline]

    def save_formset(self, request, form, formset, change):
        before = _rows_before_save(formset)
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            audit_record(actor=request.user, action="create", obj=obj, after=snapshot(obj))
        for obj, _fields in formset.changed_objects:
            audit_record(actor=request.user, action="update", obj=obj, before=before[id(obj)], after=snapshot(obj))
        for obj in formset.deleted_objects:  # deleting cleared obj.pk: the id comes from the snapshot
            snap = before[id(obj)]
            audit_record(actor=request.user, action="delete", obj=obj, object_id=str(snap["id"]), before=snap)


def _rows_before_save(formset) -> dict[int, dict]:
    """Database values of the inline rows about to change, keyed by the form instance's identity."""
    forms = [f for f in formset.initial_forms if f.instance.pk]
    rows = {row.pk: snapshot(row) for row in formset.model.objects.filter(pk__in=[f.instance.pk for f in forms])}
    return {id(f.instance): rows.get(f.instance.pk) for f in forms}


@admin.register(ITSkillItem)
class ITSkillItemAdmin(AuditedAdminMixin, ImportExportModelAdmin):
    resource_classes = [SkillItemResource]
    list_display = ["code", "name_vi", "module", "parent", "verification", "excluded_for_foreign_certificates"]
    list_filter = ["module__level", "excluded_for_foreign_certificates", "module"]
    search_fields = ["code", "name_vi", "verification"]
    list_select_related = ["module", "parent"]
    raw_id_fields = ["parent"]
