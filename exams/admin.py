"""Admin of the exam reference data; every change is audited."""

from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from common.admin import AuditedAdminMixin
from exams.models import PriorityCategory, RegulationProfile
from exams.resources import PriorityCategoryResource


@admin.register(RegulationProfile)
class RegulationProfileAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "staff_type", "valid_from", "valid_to", "verification"]
    list_filter = ["kind", "staff_type"]
    search_fields = ["code", "name", "legal_basis"]
    date_hierarchy = "valid_from"


@admin.register(PriorityCategory)
class PriorityCategoryAdmin(AuditedAdminMixin, ImportExportModelAdmin):
    resource_classes = [PriorityCategoryResource]
    list_display = ["key", "points", "valid_from", "valid_to", "legal_basis", "verification"]
    list_filter = ["points", "key"]
    search_fields = ["key", "description", "legal_basis"]
    date_hierarchy = "valid_from"
