"""What every admin of the registry shares: unit scoping of querysets and choices, dated rows read-only for officers."""

from django.contrib import admin

from common.admin import AuditedAdminMixin
from hrm import models
from hrm.histories import history_kinds
from hrm.selectors import (
    employee_queryset_for_user,
    is_province_admin,
    unit_scope_for_user,
    units_for_user,
)


def persons_for(user):
    if unit_scope_for_user(user=user).everywhere:
        return models.Person.objects.all()  # applicants without a staff record too
    return models.Person.objects.filter(pk__in=employee_queryset_for_user(user=user).values("person_id"))


class ScopedUnitChoicesMixin:
    """A unit, staff member or person picked in a form (even typed as a raw id) must be one the user manages."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is models.OrgUnit:
            kwargs["queryset"] = units_for_user(user=request.user)
        elif db_field.related_model is models.Employee:
            kwargs["queryset"] = employee_queryset_for_user(user=request.user)
        elif db_field.related_model is models.Person:
            kwargs["queryset"] = persons_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class UnitScopedAdmin(ScopedUnitChoicesMixin, AuditedAdminMixin, admin.ModelAdmin):
    """Non-superusers see only rows of the units they manage (`unit_path` reaches the unit)."""

    unit_path = "unit"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return unit_scope_for_user(user=request.user).filter(queryset, self.unit_path)


def dated_rows_editable(user) -> bool:
    """The one rule for dated rows (assignments, salary records) in the admin: province administrators only."""
    return is_province_admin(user)


class DatedHistoryReadOnlyMixin:
    """Dated rows (where someone worked, what he was paid) change through the services (transfer, edit, leave),
    which keep one open row and close the previous one; only province administrators correct them here.

    Used by the inlines on a staff record and by the standalone admin pages of the same models.
    """

    def has_add_permission(self, request, *args):
        return dated_rows_editable(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return dated_rows_editable(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return dated_rows_editable(request.user) and super().has_delete_permission(request, obj)


class AssignmentInline(DatedHistoryReadOnlyMixin, ScopedUnitChoicesMixin, admin.TabularInline):
    model = models.Assignment
    extra = 0
    raw_id_fields = ["unit"]


def _inline(model, **options) -> type:
    """A tabular inline of history rows (no empty extra rows)."""
    return type(f"{model.__name__}Inline", (admin.TabularInline,), {"model": model, "extra": 0, **options})


SalaryRecordInline = type(
    "SalaryRecordInline", (DatedHistoryReadOnlyMixin, admin.TabularInline), {"model": models.SalaryRecord, "extra": 0}
)
_DATED_INLINES = {models.Assignment: AssignmentInline, models.SalaryRecord: SalaryRecordInline}


def history_inlines(owner: str) -> list[type]:
    """An inline per history kind of an employee or a person (hrm.histories), dated rows read-only for officers."""
    return [_DATED_INLINES.get(kind.model) or _inline(kind.model) for kind in history_kinds(owner=owner)]
