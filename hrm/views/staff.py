"""Staff list, profile, self-service record and units: pages and API, all scoped by hrm.selectors."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import errors_labelled, request_object
from common.selectors import audit_rows_for_user
from hrm import selectors, serializers
from hrm.access import STAFF_CHANGE
from hrm.forms import AttachmentForm, PhotoForm, StaffBulkForm
from hrm.models import Employee
from hrm.models.people import EducationLevel, Sex
from hrm.permissions import HRRequiredMixin, IsHRStaff
from hrm.selectors import staff as staff_selectors
from hrm.selectors.attachments import attachment_list_for_user
from hrm.selectors.audit import audit_list_for_staff
from hrm.selectors.edit import employee_get_for_writer
from hrm.selectors.histories import employee_histories
from hrm.selectors.pending import (
    SALARY,
    employee_pending_changes,
    employee_pending_for_user,
    employee_pending_from,
    pending_row_for_writer,
    staff_incoming_for_user,
)
from hrm.selectors.restructure import employee_unit_on
from hrm.selectors.salary import rank_filter_choices
from hrm.selectors.units import unit_choices_for_user, unit_list_open_for_user, unit_tree_for_user
from hrm.services.current import pending_change_cancel
from hrm.services.exports import staff_export_start
from hrm.services.form2c import form2c_pdf_many
from hrm.services.hire import hire_unit_for, staff_hire_from
from hrm.services.salary_changes import salary_raises_due_record
from hrm.services.staff import employee_transfer
from hrm.services.staff_update import EMPLOYEE_EDITABLE, PERSON_EDITABLE, employee_update


def _parse_filters(*, user, params) -> dict:
    """Validated list filters; a unit the user may not see is a 404, never an empty list."""
    data = serializers.StaffListInput(data={k: v for k, v in params.items() if v not in ("", None)})
    data.is_valid(raise_exception=True)
    filters = dict(data.validated_data)
    if "unit" in filters:
        unit = selectors.unit_get_for_user(user=user, unit_id=filters["unit"])
        if unit is None:
            raise Http404
        filters["unit"] = unit
    return filters


# The list's columns: (label, sort key or None). A click on a header sorts by it, a second click reverses.
COLUMNS = [
    (gettext_lazy("Staff number"), "code"),
    (gettext_lazy("Full name"), "name"),
    (gettext_lazy("Date of birth"), "dob"),
    (gettext_lazy("Sex"), None),
    (gettext_lazy("Unit"), "unit"),
    (gettext_lazy("Position"), "position"),
    (gettext_lazy("Rank or title"), "rank"),
    (gettext_lazy("Step"), "step"),
    (gettext_lazy("Coefficient"), None),
    (gettext_lazy("Status"), "status"),
]


def _headers(params) -> list[dict]:
    """Each column's label, link (the same filters, this sort) and aria-sort state."""
    current = params.get("sort") or "name"
    headers = []
    for label, key in COLUMNS:
        header = {"label": label, "href": None, "sort": "none"}
        if key is not None:
            query = params.copy()
            query.pop("page", None)
            query["sort"] = f"-{key}" if current == key else key
            header["href"] = "?" + query.urlencode()
            header["sort"] = {key: "ascending", f"-{key}": "descending"}.get(current, "none")
        headers.append(header)
    return headers


def _export_query(params, filters: dict) -> dict:
    """The list's filters and sort for its export links (the unit by its code): the file holds what the list shows."""
    export = {k: params[k] for k in serializers.StaffListInput().fields if k != "unit" and params.get(k)}
    if "unit" in filters:
        export["unit"] = filters["unit"].code
    return export


class StaffListView(LoginRequiredMixin, HRRequiredMixin, TemplateView):
    template_name = "hrm/staff_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        try:
            filters, errors = _parse_filters(user=self.request.user, params=params), {}
        except ValidationError as exc:  # a bad filter shows its message and an empty list
            filters, errors = {}, errors_labelled(exc.detail, serializers.StaffListInput())
        staff = staff_selectors.employee_list_for_hr(user=self.request.user, filters=filters) if not errors else []
        page = Paginator(staff, 50).get_page(params.get("page"))
        page.object_list = _with_pending_from(list(page.object_list))
        export = _export_query(params, filters)
        query = params.copy()
        query.pop("page", None)
        context.update(
            page=page,
            filters=params,
            errors=errors,
            query=query.urlencode(),
            export_query=urlencode(export),
            units=unit_list_open_for_user(user=self.request.user),
            unit_options=unit_choices_for_user(user=self.request.user),
            staff_types=Employee.StaffType.choices,
            statuses=[c for c in Employee.Status.choices if c[0] != Employee.Status.PENDING],
            sorts=staff_selectors.SORTS.keys(),
            sexes=Sex.choices,
            educations=EducationLevel.choices,
            rank_choices=rank_filter_choices(),
            age_bands=[(key, label) for key, (label, _q) in staff_selectors.age_bands().items()],
            headers=_headers(params),
            bulk_actions=StaffBulkForm.ACTIONS,
            incoming=staff_incoming_for_user(user=self.request.user)[:100],
        )
        return context


class StaffBulkView(LoginRequiredMixin, HRRequiredMixin, View):
    """An action on the rows ticked in the list: export them, print their forms 2C, record their due raises."""

    def post(self, request):
        form = StaffBulkForm(request.POST)
        back = reverse("hrm:staff-list") + "?" + QueryDict(request.POST.get("query", "")[:2000]).urlencode()
        if not form.is_valid():
            messages.error(request, " ".join(m for msgs in form.errors.values() for m in msgs))
            return redirect(back)
        staff = staff_selectors.employee_list_selected_for_hr(user=request.user, ids=form.cleaned_data["ids"])
        if staff is None:
            raise Http404  # a row he may not see, or that is not there: the same answer
        action = form.cleaned_data["action"]
        try:
            if action in ("xlsx", "csv"):
                return _bulk_export(request, staff, action)
            if action == "form2c":
                response = HttpResponse(form2c_pdf_many(employees=staff, actor=request.user), "application/pdf")
                response["Content-Disposition"] = 'attachment; filename="2C-selected.pdf"'
                return response
            _bulk_raises(request, staff)
        except DjangoValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(back)


def _bulk_export(request, staff, fmt: str):
    from hrm.views.imports import _download

    outcome = staff_export_start(user=request.user, filters={"ids": [e.pk for e in staff]}, fmt=fmt)
    if outcome.queued:
        return redirect("common:job-detail", job_id=outcome.job.pk)
    return _download(outcome.content, outcome.filename)


def _bulk_raises(request, staff) -> None:
    result = salary_raises_due_record(employees=staff, actor=request.user)
    if result["refused"]:
        lines = [f"{e.code} {e.person.full_name}: {reason}" for e, reason in result["refused"]]
        messages.error(request, _("No raise was recorded. Refused: %(list)s") % {"list": "; ".join(lines)})
    else:
        n = len(result["done"])
        messages.success(request, ngettext("%(n)s raise recorded.", "%(n)s raises recorded.", n) % {"n": n})


class StaffDetailView(LoginRequiredMixin, TemplateView):
    template_name = "hrm/staff_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        employee = selectors.employee_get_for_user(user=self.request.user, employee_id=kwargs["employee_id"])
        if employee is None:
            raise Http404
        histories = employee_histories(employee=employee)
        context.update(employee=employee, person=employee.person, **histories)
        context["computed"] = staff_selectors.employee_computed(employee=employee)
        # The cards show what is in force today (the dated rows); changes from a later date are marked next to them.
        today = context["computed"]["on"]
        context["today"], context["standing"] = today, employee_unit_on(employee=employee, on=today)
        context["work_today"] = _work_today(employee, context["standing"], context["computed"]["salary"].get("rank"))
        pending = employee_pending_for_user(user=self.request.user, employee=employee, today=today)
        context["pending_work"] = [p for p in pending if p["change"].kind != SALARY]
        context["pending_salary"] = [p for p in pending if p["change"].kind == SALARY]
        for kind in ("assignment", "salary"):  # rows of the history tables that offer "cancel"
            context[f"cancel_{kind}"] = {
                p["change"].row.pk for p in pending if p["cancellable"] and p["change"].row_kind == kind
            }
        context["attachments"] = attachment_list_for_user(user=self.request.user, employee=employee)
        context["attachment_form"] = AttachmentForm(auto_id="att-%s")
        context["photo_form"] = PhotoForm(auto_id="photo-%s")
        # The trail of this record, for his HR officers and administrators only (None: the section is hidden).
        history = audit_list_for_staff(user=self.request.user, employee=employee)
        context["audit_history"] = (
            None if history is None else audit_rows_for_user(user=self.request.user, entries=history, links=False)
        )
        return context


class MyRecordView(LoginRequiredMixin, View):
    """Self-service: a staff member's own record."""

    def get(self, request):
        employee = staff_selectors.employee_get_own(user=request.user)
        if employee is None:
            raise Http404
        return redirect("hrm:staff-detail", employee_id=employee.pk)


class UnitTreeView(LoginRequiredMixin, HRRequiredMixin, TemplateView):
    template_name = "hrm/units.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        closed = bool(self.request.GET.get("closed"))
        context["units"] = unit_tree_for_user(user=self.request.user, closed=closed)
        context["can_restructure"] = selectors.is_province_admin(self.request.user)
        return context


# --- API -----------------------------------------------------------------------------------------
class StaffListApi(ListAPIView):
    """Staff the requester may see; `unit` outside his scope → 404."""

    permission_classes = [IsHRStaff]
    serializer_class = serializers.StaffListOutput

    @extend_schema(parameters=[serializers.StaffListInput])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=serializers.StaffHireInput, responses={201: serializers.StaffDetailOutput})
    def post(self, request, *args, **kwargs):
        """A new staff record (hire) in one of the requester's open units: 201 with it, 400 naming the field."""
        data = serializers.StaffHireInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["unit"] = hire_unit_for(user=request.user, unit_id=values["unit"])
        employee, _known = staff_hire_from(user=request.user, data=values)
        location = reverse("hrm-api:staff-detail", args=[employee.pk])
        return Response(_detail(employee), status=201, headers={"Location": location})

    def get_queryset(self):
        filters = _parse_filters(user=self.request.user, params=self.request.query_params)
        return staff_selectors.employee_list_for_hr(user=self.request.user, filters=filters)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return _with_pending_from(page) if page is not None else page


def _with_pending_from(staff: list[Employee]) -> list[Employee]:
    """Mark the rows of one page that have a change recorded from a later date (`pending_from`): one query each."""
    pending = employee_pending_from(employee_ids=[e.pk for e in staff])
    for employee in staff:
        employee.pending_from = pending.get(employee.pk)
    return staff


def _work_today(employee: Employee, standing, rank) -> dict:
    """Unit and position in force today (the dated assignment when there is one, else the record), and the profile
    header's line: position · unit · rank or title · staff type · status."""
    unit_name, position = (
        (standing.unit_name, standing.position) if standing else (employee.unit.name, employee.position)
    )
    rank_name = f"{rank.code} {rank.name}" if rank else ""
    parts = [position, unit_name, rank_name, employee.get_staff_type_display(), employee.get_status_display()]
    return {"unit_name": unit_name, "position": position, "summary": " · ".join(p for p in parts if p)}


def _detail(employee: Employee) -> dict:
    """The staff record's API shape, with its pending changes."""
    employee.pending_changes = employee_pending_changes(employee=employee)
    employee.pending_from = employee.pending_changes[0].valid_from if employee.pending_changes else None
    return serializers.StaffDetailOutput(employee).data


class StaffIncomingApi(ListAPIView):
    """Pending arrivals into the requester's units: staff transferred to them from a later date, who are still
    another unit's staff until then (their records are not his to read or change before that day), and people
    hired into them from a later date (`hire`)."""

    permission_classes = [IsHRStaff]
    serializer_class = serializers.StaffIncomingOutput

    def get_queryset(self):
        return staff_incoming_for_user(user=self.request.user)


class PendingCancelApi(APIView):
    """Cancel a change recorded from a later date, before that day (the record stays as it is today)."""

    permission_classes = [IsHRStaff]

    @extend_schema(responses={204: None})
    def delete(self, request, employee_id: int, kind: str, pk: int):
        employee = _employee_for_hr(request, employee_id)
        row = pending_row_for_writer(user=request.user, employee=employee, kind=kind, pk=pk)
        if row is None:
            raise Http404
        pending_change_cancel(row=row, actor=request.user)
        return Response(status=204)


class StaffDetailApi(APIView):
    @extend_schema(responses=serializers.StaffDetailOutput)
    def get(self, request, employee_id: int):
        employee = selectors.employee_get_for_user(user=request.user, employee_id=employee_id)
        if employee is None:
            raise Http404  # not yours, or not there: same answer
        return Response(_detail(employee))

    @extend_schema(request=serializers.PersonUpdateInput, responses=serializers.StaffDetailOutput)
    def patch(self, request, employee_id: int):
        """HR officers change personal and employment details of their own units' staff."""
        employee = _employee_for_hr(request, employee_id)
        body = request_object(request)
        person_in = serializers.PersonUpdateInput(employee.person, data=_only(body, PERSON_EDITABLE), partial=True)
        employee_in = serializers.EmployeeUpdateInput(employee, data=_only(body, EMPLOYEE_EDITABLE), partial=True)
        person_in.is_valid(raise_exception=True)
        employee_in.is_valid(raise_exception=True)
        unknown = set(body) - set(PERSON_EDITABLE) - set(EMPLOYEE_EDITABLE)
        if unknown:
            raise ValidationError({name: [_("This field cannot be changed here.")] for name in sorted(unknown)})
        employee = employee_update(
            employee=employee,
            actor=request.user,
            person_fields=person_in.validated_data,
            employee_fields=employee_in.validated_data,
        )
        return Response(_detail(employee))


class StaffTransferApi(APIView):
    """Move a staff member to another of the officer's units from a date (the old assignment is kept)."""

    permission_classes = [IsHRStaff]

    @extend_schema(request=serializers.StaffTransferInput, responses=serializers.StaffDetailOutput)
    def post(self, request, employee_id: int):
        employee = _employee_for_hr(request, employee_id)
        data = serializers.StaffTransferInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        unit = selectors.unit_get_for_user(user=request.user, unit_id=values.pop("unit"))
        if unit is None:
            raise ValidationError({"unit": [_("This unit is not one of yours.")]})
        employee_transfer(employee=employee, unit=unit, reason="transfer", actor=request.user, **values)
        employee.refresh_from_db()
        return Response(_detail(employee))


def _only(data, names) -> dict:
    return {k: v for k, v in data.items() if k in names}


def _employee_for_hr(request, employee_id: int) -> Employee:
    """A staff record the requester manages as an HR officer; the staff member himself may only read."""
    if not selectors.may(request.user, STAFF_CHANGE):
        raise PermissionDenied
    employee = employee_get_for_writer(user=request.user, employee_id=employee_id)
    if employee is None:
        raise Http404
    return employee


class UnitListApi(ListAPIView):
    permission_classes = [IsHRStaff]
    serializer_class = serializers.UnitOutput

    def get_queryset(self):
        return selectors.units_for_user(user=self.request.user).with_quota_today()
