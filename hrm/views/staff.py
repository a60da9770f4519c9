"""Staff list, profile, self-service record and units: pages and API, all scoped by hrm.selectors."""

from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from hrm import selectors, serializers, staff_selectors
from hrm.models import Employee
from hrm.permissions import HRRequiredMixin, IsHRStaff


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
        staff = staff_selectors.employee_list_for_hr(user=self.request.user, filters=filters) if not errors else (
            Employee.objects.none()
        )
        page = Paginator(staff, 50).get_page(params.get("page"))
        export = {k: params[k] for k in ("q", "staff_type", "status") if params.get(k)}
        if "unit" in filters:
            export["unit"] = filters["unit"].code
        query = params.copy()
        query.pop("page", None)
        context.update(
            page=page, filters=params, errors=errors, query=query.urlencode(), export_query=urlencode(export),
            units=selectors.units_for_user(user=self.request.user).filter(valid_to__isnull=True),
            staff_types=Employee.StaffType.choices, statuses=Employee.Status.choices,
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
        histories = staff_selectors.employee_histories(employee=employee)
        context.update(employee=employee, person=employee.person, **histories)
        context["computed"] = staff_selectors.employee_computed(employee=employee)
        return context


class MyRecordView(LoginRequiredMixin, View):
    """Self-service: a staff member's own record."""

    def get(self, request):
        employee = None
        if request.user.person_id:
            employee = Employee.objects.filter(person_id=request.user.person_id).order_by("status", "-id").first()
        if employee is None:
            raise Http404
        return redirect("hrm:staff-detail", employee_id=employee.pk)


class UnitTreeView(LoginRequiredMixin, HRRequiredMixin, TemplateView):
    template_name = "hrm/units.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        units = selectors.units_for_user(user=self.request.user).annotate(
            active_staff=Count("staff", filter=Q(staff__status=Employee.Status.ACTIVE))
        )
        if not self.request.GET.get("closed"):
            units = units.filter(valid_to__isnull=True)
        context["units"] = units
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


class UnitListApi(ListAPIView):
    permission_classes = [IsHRStaff]
    serializer_class = serializers.UnitOutput

    def get_queryset(self):
        return selectors.units_for_user(user=self.request.user)
