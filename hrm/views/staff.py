"""Staff list, profile, self-service record and units: pages and API, all scoped by hrm.selectors."""

from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import request_object
from common.selectors import audit_rows_for_user
from hrm import selectors, serializers
from hrm.access import STAFF_CHANGE
from hrm.models import Employee
from hrm.permissions import HRRequiredMixin, IsHRStaff
from hrm.selectors import staff as staff_selectors
from hrm.selectors.audit import audit_list_for_staff
from hrm.selectors.edit import employee_get_for_writer
from hrm.selectors.histories import employee_histories
from hrm.selectors.units import unit_list_open_for_user, unit_tree_for_user
from hrm.services.hire import hire_unit_for, staff_hire_from
from hrm.services.staff import EMPLOYEE_EDITABLE, PERSON_EDITABLE, employee_transfer, employee_update


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


class StaffListView(LoginRequiredMixin, HRRequiredMixin, TemplateView):
    template_name = "hrm/staff_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        try:
            filters, errors = _parse_filters(user=self.request.user, params=params), {}
        except ValidationError as exc:  # a bad filter shows its message and an empty list
            filters, errors = {}, exc.detail
        staff = staff_selectors.employee_list_for_hr(user=self.request.user, filters=filters) if not errors else []
        page = Paginator(staff, 50).get_page(params.get("page"))
        export = {k: params[k] for k in ("q", "staff_type", "status") if params.get(k)}
        if "unit" in filters:
            export["unit"] = filters["unit"].code
        query = params.copy()
        query.pop("page", None)
        context.update(
            page=page,
            filters=params,
            errors=errors,
            query=query.urlencode(),
            export_query=urlencode(export),
            units=unit_list_open_for_user(user=self.request.user),
            staff_types=Employee.StaffType.choices,
            statuses=Employee.Status.choices,
            sorts=staff_selectors.SORTS.keys(),
        )
        return context


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
        return Response(serializers.StaffDetailOutput(employee).data, status=201, headers={"Location": location})

    def get_queryset(self):
        filters = _parse_filters(user=self.request.user, params=self.request.query_params)
        return staff_selectors.employee_list_for_hr(user=self.request.user, filters=filters)


class StaffDetailApi(APIView):
    @extend_schema(responses=serializers.StaffDetailOutput)
    def get(self, request, employee_id: int):
        employee = selectors.employee_get_for_user(user=request.user, employee_id=employee_id)
        if employee is None:
            raise Http404  # not yours, or not there: same answer
        return Response(serializers.StaffDetailOutput(employee).data)

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
        return Response(serializers.StaffDetailOutput(employee).data)


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
        return Response(serializers.StaffDetailOutput(employee).data)


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
