"""Units over time: who worked where on a date, restructuring (move, merge, dissolve, rename), staff quotas
(API and the quota page of a unit)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from common.dated import short_date
from hrm import selectors
from hrm.forms import StaffQuotaForm, add_service_errors
from hrm.models import OrgUnit, StaffQuota
from hrm.permissions import IsHRStaff, IsProvinceAdmin
from hrm.selectors.restructure import employee_unit_on, staff_on_for_user
from hrm.selectors.units import unit_choices_for_user, unit_get
from hrm.serializers import (
    DissolveInput,
    EmployeeUnitOnOutput,
    MergeInput,
    MoveInput,
    OnInput,
    RenameInput,
    StaffOnDateOutput,
    StaffQuotaInput,
    StaffQuotaOutput,
    UnitChoiceOutput,
    UnitChoicesInput,
    UnitOutput,
)
from hrm.services import restructure
from hrm.services.org import staff_quota_set


def _unit(unit_id: int) -> OrgUnit:
    unit = unit_get(unit_id=unit_id)
    if unit is None:
        raise Http404
    return unit


class UnitStaffOnApi(APIView):
    """Who worked in a unit (and under it, as the tree stood then) on a date."""

    permission_classes = [IsHRStaff]

    @extend_schema(parameters=[OnInput], responses=StaffOnDateOutput(many=True))
    def get(self, request, unit_id: int):
        data = OnInput(data=request.query_params.dict())
        data.is_valid(raise_exception=True)
        on, subtree = data.validated_data["on"], data.validated_data["subtree"]
        staff = staff_on_for_user(user=request.user, unit_id=unit_id, on=on, include_subtree=subtree)
        if staff is None:
            raise Http404
        return Response(StaffOnDateOutput(staff, many=True).data)


class EmployeeUnitOnApi(APIView):
    """Where a staff member worked on a date (the unit's name as it was then)."""

    @extend_schema(parameters=[OnInput], responses=EmployeeUnitOnOutput)
    def get(self, request, employee_id: int):
        employee = selectors.employee_get_for_user(user=request.user, employee_id=employee_id)
        if employee is None:
            raise Http404
        data = OnInput(data=request.query_params.dict())
        data.is_valid(raise_exception=True)
        place = employee_unit_on(employee=employee, on=data.validated_data["on"])
        if place is None:
            raise Http404
        return Response(EmployeeUnitOnOutput(place).data)


class _RestructureApi(APIView):
    permission_classes = [IsProvinceAdmin]
    input_class: type[serializers.Serializer]

    def parse(self, request) -> dict:
        data = self.input_class(data=request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data


class UnitMoveApi(_RestructureApi):
    input_class = MoveInput

    @extend_schema(request=MoveInput, responses=UnitOutput)
    def post(self, request, unit_id: int):
        unit = restructure.unit_move(unit=_unit(unit_id), actor=request.user, **self.parse(request))
        return Response(UnitOutput(unit).data)


class UnitRenameApi(_RestructureApi):
    input_class = RenameInput

    @extend_schema(request=RenameInput, responses=UnitOutput)
    def post(self, request, unit_id: int):
        unit = restructure.unit_rename(unit=_unit(unit_id), actor=request.user, **self.parse(request))
        return Response(UnitOutput(unit).data)


class UnitDissolveApi(_RestructureApi):
    input_class = DissolveInput

    @extend_schema(request=DissolveInput, responses=UnitOutput)
    def post(self, request, unit_id: int):
        unit = restructure.unit_dissolve(unit=_unit(unit_id), actor=request.user, **self.parse(request))
        return Response(UnitOutput(unit).data)


class UnitsMergeApi(_RestructureApi):
    input_class = MergeInput

    @extend_schema(request=MergeInput, responses=UnitOutput)
    def post(self, request):
        data = self.parse(request)
        target = restructure.units_merge(
            sources=data.pop("sources"), target=data.pop("target", None), actor=request.user, **data
        )
        return Response(UnitOutput(target).data)


# --- Staff quotas (biên chế) ---------------------------------------------------------------------
class UnitQuotasApi(APIView):
    """A unit's staff quotas by period (HR staff who see the unit); province administrators record a new one."""

    def get_permissions(self):
        return [IsProvinceAdmin()] if self.request.method == "POST" else [IsHRStaff()]

    @extend_schema(responses=StaffQuotaOutput(many=True))
    def get(self, request, unit_id: int):
        unit = selectors.unit_get_for_user(user=request.user, unit_id=unit_id)
        if unit is None:
            raise Http404
        return Response(StaffQuotaOutput(unit.quotas.order_by("valid_from"), many=True).data)

    @extend_schema(request=StaffQuotaInput, responses={201: StaffQuotaOutput})
    def post(self, request, unit_id: int):
        data = StaffQuotaInput(data=request.data)
        data.is_valid(raise_exception=True)
        row = staff_quota_set(unit=_unit(unit_id), actor=request.user, **data.validated_data)
        return Response(StaffQuotaOutput(row).data, status=status.HTTP_201_CREATED)


def _in_force(row: StaffQuota, on) -> bool:
    return row.valid_from <= on and (row.valid_to is None or on < row.valid_to)


class UnitQuotasView(LoginRequiredMixin, TemplateView):
    """A unit's quota decisions, newest first; province administrators record a new one here.

    HR officers who see the unit read the history; anyone else gets 404, like the unit itself.
    """

    template_name = "hrm/unit_quotas.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.unit = selectors.unit_get_for_user(user=request.user, unit_id=kwargs["unit_id"])
        if self.unit is None:
            raise Http404
        self.can_record = selectors.is_province_admin(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        quotas = list(self.unit.quotas.order_by("-valid_from"))
        current = next((row for row in quotas if _in_force(row, today)), None)
        form = kwargs.get("form")
        if form is None and self.can_record:
            form = StaffQuotaForm(initial={"quota": current.quota if current else None})
        context.update(unit=self.unit, quotas=quotas, current=current, can_record=self.can_record, form=form)
        return context

    def post(self, request, *args, **kwargs):
        if not self.can_record:
            raise PermissionDenied
        form = StaffQuotaForm(request.POST)
        if form.is_valid():
            try:
                row = staff_quota_set(unit=self.unit, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Staff quota of %(unit)s from %(date)s: %(quota)s.")
                    % {
                        "unit": self.unit.name,
                        "date": short_date(row.valid_from),
                        "quota": row.quota,
                    },
                )
                return redirect("hrm:unit-quotas", unit_id=self.unit.pk)
        return self.render_to_response(self.get_context_data(form=form))


class UnitChoicesApi(APIView):
    """The units the requester may pick (open ones), labelled with their parent, in Vietnamese order; `q` finds
    them by part of the label without accents. What the unit picker lists, for long lists and API clients."""

    permission_classes = [IsHRStaff]

    @extend_schema(parameters=[UnitChoicesInput], responses=UnitChoiceOutput(many=True))
    def get(self, request):
        data = UnitChoicesInput(data=request.query_params.dict())
        data.is_valid(raise_exception=True)
        choices = unit_choices_for_user(user=request.user, query=data.validated_data["q"])
        limit = data.validated_data["limit"]
        return Response(UnitChoiceOutput([{"id": pk, "label": label} for pk, label in choices[:limit]], many=True).data)
