"""Admin of staff records and people, their histories and their import and export."""

from django import forms
from django.contrib import admin, messages
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
from common.phones import phone_normalize
from hrm import models
from hrm.admin.base import DatedHistoryReadOnlyMixin, UnitScopedAdmin, history_inlines
from hrm.forms import CccdField, StaffImportForm, add_service_errors
from hrm.histories import EMPLOYEE, PERSON
from hrm.resources import StaffResource
from hrm.selectors import (
    employee_queryset_for_user,
    is_province_admin,
    unit_scope_for_user,
    user_has_hr_scope,
)
from hrm.services import bounds
from hrm.services.identity import person_cccd_errors
from hrm.services.imports import staff_import_start


class PersonAdminForm(forms.ModelForm):
    """The CCCD, normalised, must agree with the person's sex and date of birth (each failure named) and be no other
    person's (the registry's one neutral refusal)."""

    cccd = CccdField(
        label=capfirst(models.Person._meta.get_field("cccd").verbose_name), required=False, empty_value=None
    )

    class Meta:
        model = models.Person
        fields = "__all__"  # noqa: DJ007 - the admin chooses which fields it shows

    def clean_phone(self):
        try:
            return phone_normalize(self.cleaned_data.get("phone"))
        except ApplicationError as exc:
            raise forms.ValidationError(exc.messages) from exc

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
    inlines = history_inlines(EMPLOYEE)
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
    inlines = history_inlines(PERSON)
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
