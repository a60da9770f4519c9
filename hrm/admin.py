"""Admin of the registry: every change audited (AuditedAdminMixin); HR officers see only their units.

Staff export uses django-import-export with the shared column set (hrm.resources.StaffResource); staff
import goes through hrm.services.imports (every row checked first, all rows or none), never row by row.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from import_export.forms import ExportForm

from common.admin import AuditedAdminMixin
from common.errors import ApplicationError
from hrm import models
from hrm.forms import CccdField, StaffImportForm, add_service_errors
from hrm.histories import EMPLOYEE, PERSON, history_kinds
from hrm.resources import StaffResource
from hrm.selectors import (
    employee_queryset_for_user,
    is_province_admin,
    unit_scope_for_user,
    units_for_user,
    user_has_hr_scope,
)
from hrm.services import bounds
from hrm.services.access import user_admin_access_sync
from hrm.services.identity import person_cccd_errors
from hrm.services.imports import staff_import_start
from hrm.services.org import staff_quota_check, staff_quota_set


def _persons_for(user):
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
            kwargs["queryset"] = _persons_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PersonAdminForm(forms.ModelForm):
    """The CCCD, normalised, must agree with the person's sex and date of birth (each failure named) and be no other
    person's (the registry's one neutral refusal)."""

    cccd = CccdField(
        label=capfirst(models.Person._meta.get_field("cccd").verbose_name), required=False, empty_value=None
    )

    class Meta:
        model = models.Person
        fields = "__all__"  # noqa: DJ007 - the admin chooses which fields it shows

    def clean(self):
        data = super().clean()
        if data.get("cccd"):
            errors = person_cccd_errors(
                cccd=data["cccd"],
                sex=data.get("sex"),
                date_of_birth=data.get("date_of_birth"),
                person_id=self.instance.pk,
            )
            for message in errors:
                self.add_error("cccd", message)
        try:
            bounds.person_dates_check(
                date_of_birth=data.get("date_of_birth"),
                party_joined_on=data.get("party_joined_on"),
                party_official_on=data.get("party_official_on"),
            )
        except ApplicationError as exc:
            add_service_errors(self, exc)
        return data


class EmployeeAdminForm(forms.ModelForm):
    """The recruitment and leaving dates within the registry's bounds, as on the pages."""

    class Meta:
        model = models.Employee
        fields = "__all__"  # noqa: DJ007 - the admin chooses which fields it shows

    def clean(self):
        data = super().clean()
        person = data.get("person") or getattr(self.instance, "person", None)
        status = data.get("status", self.instance.status)
        recruited_on = data.get("recruited_on", self.instance.recruited_on)
        try:
            bounds.recruitment_check(recruited_on=recruited_on, date_of_birth=person and person.date_of_birth)
            bounds.leaving_check(
                status=status,
                active=models.Employee.Status.ACTIVE,
                left_on=data.get("left_on", self.instance.left_on),
                recruited_on=recruited_on,
            )
        except ApplicationError as exc:
            add_service_errors(self, exc)
        return data


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


def _history_inlines(owner: str) -> list[type]:
    """An inline per history kind of an employee or a person (hrm.histories), dated rows read-only for officers."""
    return [_DATED_INLINES.get(kind.model) or _inline(kind.model) for kind in history_kinds(owner=owner)]


@admin.register(models.Employee)
class EmployeeAdmin(ExportMixin, UnitScopedAdmin):
    resource_classes = [StaffResource]
    form = EmployeeAdminForm
    # The columns are the import's fixed set (StaffResource has no model fields to pick): the default
    # field-picking form refused every export with "select at least 1 field".
    export_form_class = ExportForm
    list_display = ["code", "person", "unit", "staff_type", "status", "rank", "salary_step", "coefficient"]
    list_filter = ["staff_type", "status"]
    search_fields = ["code", "person__full_name", "person__name_search", "person__cccd"]
    raw_id_fields = ["person", "unit"]
    list_select_related = ["person", "unit", "rank"]
    inlines = _history_inlines(EMPLOYEE)
    import_export_change_list_template = "hrm/import_admin_changelist.html"
    # Changed only through the pages (transfer, edit with a leaving date), which keep the dated history right
    DATED_FIELDS = ["unit", "position", "rank", "salary_step", "coefficient", "step_since", "status", "left_on"]

    def get_queryset(self, request):
        return employee_queryset_for_user(user=request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not is_province_admin(request.user):
            fields += self.DATED_FIELDS
        return fields

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import-file/", view, name="hrm_employee_import_file"), *super().get_urls()]

    def has_import_permission(self, request) -> bool:
        """django-import-export's hook, here for our own import page: HR officers with units and administrators."""
        return user_has_hr_scope(user=request.user)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "has_import_permission": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        """Upload a staff file: the same service as the page, the API and the command; HR with units only."""
        if not self.has_import_permission(request):
            raise PermissionDenied  # an import is also a lookup of the registry
        form = StaffImportForm(request.POST or None, request.FILES or None)
        result = None
        if request.method == "POST" and form.is_valid():
            try:
                outcome = staff_import_start(
                    user=request.user, upload=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"]
                )
            except ApplicationError as exc:  # the file itself is refused (too large, beyond the bounds)
                form.add_error("file", exc.messages)
            else:
                if outcome.queued:
                    return redirect("common:job-detail", job_id=outcome.job.pk)
                result = outcome.result
                if not result["errors"] and not result["dry_run"]:
                    messages.success(request, _("Import finished."))
                    return redirect(reverse("admin:hrm_employee_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "result": result,
            "opts": self.model._meta,
            "title": _("Import staff"),
        }
        return TemplateResponse(request, "hrm/import_admin.html", context)


@admin.register(models.Person)
class PersonAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = PersonAdminForm
    inlines = _history_inlines(PERSON)
    list_display = ["full_name", "date_of_birth", "sex", "cccd"]
    search_fields = ["full_name", "name_search", "cccd"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = unit_scope_for_user(user=request.user)
        return queryset if scope.everywhere else scope.filter(queryset, "employments__unit").distinct()

    def audit_unit_id(self, obj):
        employment = obj.employments.order_by("-id").first() if obj.pk else None
        return employment.unit_id if employment else None


class EmployeeScopedAdmin(UnitScopedAdmin):
    unit_path = "employee__unit"
    raw_id_fields = ["employee"]

    def audit_unit_id(self, obj):
        return obj.employee.unit_id


class PersonScopedAdmin(UnitScopedAdmin):
    unit_path = "person__employments__unit"
    raw_id_fields = ["person"]

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def audit_unit_id(self, obj):
        employment = obj.person.employments.order_by("-id").first()
        return employment.unit_id if employment else None


for model, display in [
    (models.Assignment, ["employee", "unit", "position", "valid_from", "valid_to"]),
    (models.SalaryRecord, ["employee", "rank", "step", "coefficient", "valid_from", "valid_to"]),
]:
    admin.site.register(
        model,
        type(f"{model.__name__}Admin", (DatedHistoryReadOnlyMixin, EmployeeScopedAdmin), {"list_display": display}),
    )

for model, display in [
    (models.Reward, ["employee", "date", "form"]),
    (models.Discipline, ["employee", "form", "valid_from", "valid_to"]),
    (models.AnnualRating, ["employee", "year", "level"]),
    (models.Reminder, ["employee", "kind", "due_date"]),
]:
    admin.site.register(model, type(f"{model.__name__}Admin", (EmployeeScopedAdmin,), {"list_display": display}))

for model, display in [
    (models.Qualification, ["person", "kind", "level", "major"]),
    (models.FamilyMember, ["person", "relation", "full_name", "birth_year"]),
    (models.CareerEntry, ["person", "start", "end", "description"]),
]:
    admin.site.register(model, type(f"{model.__name__}Admin", (PersonScopedAdmin,), {"list_display": display}))


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
