"""Admin of the regulation tables (salary groups, ranks, rule values)."""

from django.contrib import admin

from common.admin import AuditedAdminMixin
from hrm import models


class SalaryStepInline(admin.TabularInline):
    model = models.SalaryStep
    extra = 0


class RankGroupInline(admin.TabularInline):
    model = models.RankGroup
    extra = 0


@admin.register(models.SalaryGroup)
class SalaryGroupAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "table", "report_category", "regular_raise_months", "valid_from", "valid_to"]
    list_filter = ["table", "report_category"]
    inlines = [SalaryStepInline]


@admin.register(models.Rank)
class RankAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    inlines = [RankGroupInline]


for model, display in [
    (models.RankGroup, ["rank", "group_code", "table", "valid_from", "valid_to"]),
    (models.BaseSalary, ["amount", "decree", "valid_from", "valid_to"]),
    (models.RetirementAge, ["sex", "years", "months", "valid_from", "valid_to"]),
    (models.DisciplineForm, ["code", "name", "raise_delay_months", "valid_from", "valid_to"]),
    (models.RatingLevel, ["code", "name", "rank_order", "valid_from", "valid_to"]),
    (models.RuleValue, ["key", "value", "valid_from", "valid_to"]),
]:
    admin.site.register(
        model, type(f"{model.__name__}Admin", (AuditedAdminMixin, admin.ModelAdmin), {"list_display": display})
    )
