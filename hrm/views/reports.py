"""Quality report (page, xlsx, API), HR dashboard and form 2C (page, PDF); every unit and person via hrm.selectors."""

from itertools import groupby

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import errors_labelled
from common.services import audit_record
from hrm import selectors
from hrm.permissions import HRRequiredMixin, IsHRStaff
from hrm.selectors.units import unit_choices_for_user
from hrm.serializers import ReportInput
from hrm.services.form2c import form2c_data, form2c_pdf
from hrm.services.reports import dashboard_data, quality_report, quality_report_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _default_unit(user):
    return selectors.units_for_user(user=user).order_by("depth", "sort_order", "path").first()


def _parse(*, user, params, defaults: bool) -> tuple:
    """(unit, on) from the query string; bad input raises a 400, a unit outside the user's scope a 404."""
    data = {k: v for k, v in params.items() if k in ("unit", "on") and v not in ("", None)}
    if defaults:
        unit = _default_unit(user)
        data.setdefault("unit", unit.pk if unit else 0)
        data.setdefault("on", timezone.localdate().isoformat())
    form = ReportInput(data=data)
    form.is_valid(raise_exception=True)
    unit = selectors.unit_get_for_user(user=user, unit_id=form.validated_data["unit"])
    if unit is None:
        raise Http404
    return unit, form.validated_data["on"]


def _header_rows(columns: list[dict]) -> tuple[list[dict], list[dict]]:
    """The two header rows of the report table: groups spanning their columns, then the column labels."""
    top, sub = [], []
    for group, members in groupby(columns, key=lambda c: c["group"]):
        members = list(members)
        if group:
            top.append({"label": group, "colspan": len(members), "rowspan": 1})
            sub.extend(members)
        else:
            top.extend({"label": m["label"], "colspan": 1, "rowspan": 2} for m in members)
    return top, sub


class _UnitOnDatePage(LoginRequiredMixin, HRRequiredMixin, TemplateView):
    """A page about one unit subtree on one date, both picked in a form (a bad value shows its error)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["units"] = unit_choices_for_user(user=user, closed=True)
        try:
            unit, on = _parse(user=user, params=self.request.GET, defaults=True)
        except serializers.ValidationError as exc:
            context["errors"] = errors_labelled(exc.detail, ReportInput())
            return context
        return self.page_context(context, user=user, unit=unit, on=on)


class ReportView(_UnitOnDatePage):
    template_name = "hrm/report.html"

    def page_context(self, context, *, user, unit, on):
        report = quality_report(unit=unit, on=on)
        context.update(report=report, unit=unit, on=on)
        context["header_top"], context["header_sub"] = _header_rows(report["columns"])
        return context


class ReportXlsxView(LoginRequiredMixin, HRRequiredMixin, View):
    def get(self, request):
        try:
            unit, on = _parse(user=request.user, params=request.GET, defaults=True)
        except serializers.ValidationError as exc:
            return HttpResponse(str(exc.detail), status=400, content_type="text/plain; charset=utf-8")
        report = quality_report(unit=unit, on=on)
        audit_record(actor=request.user, action="export", obj=unit, unit_id=unit.pk, note=f"quality report {on}")
        response = HttpResponse(quality_report_xlsx(report=report), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="quality-report-{unit.code}-{on:%Y%m%d}.xlsx"'
        return response


class DashboardView(_UnitOnDatePage):
    template_name = "hrm/dashboard.html"

    def page_context(self, context, *, user, unit, on):
        data = dashboard_data(user=user, unit=unit, on=on)
        if data is None:
            raise Http404
        context.update(data=data, unit=unit, on=on)
        return context


def _employee_or_404(request, employee_id: int):
    employee = selectors.employee_get_for_user(user=request.user, employee_id=employee_id)
    if employee is None:
        raise Http404  # not yours, or not there: same answer
    return employee


class Form2CView(LoginRequiredMixin, TemplateView):
    template_name = "hrm/form2c.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        employee = _employee_or_404(self.request, kwargs["employee_id"])
        audit_record(actor=self.request.user, action="view", obj=employee, unit_id=employee.unit_id, note="form 2C")
        context["form"] = form2c_data(employee=employee)
        return context


class Form2CPdfView(LoginRequiredMixin, View):
    def get(self, request, employee_id: int):
        employee = _employee_or_404(request, employee_id)
        audit_record(actor=request.user, action="view", obj=employee, unit_id=employee.unit_id, note="form 2C PDF")
        response = HttpResponse(form2c_pdf(employee=employee), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="2C-{employee.code}.pdf"'
        return response


class ReportApi(APIView):
    """The quantity-and-quality report of a unit subtree on a date (regulations §7.2)."""

    permission_classes = [IsHRStaff]

    @extend_schema(
        parameters=[OpenApiParameter("unit", int, required=True), OpenApiParameter("on", str, required=True)],
        responses={200: dict},
    )
    def get(self, request):
        unit, on = _parse(user=request.user, params=request.query_params, defaults=False)
        return Response(quality_report(unit=unit, on=on))
