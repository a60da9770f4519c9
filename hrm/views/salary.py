"""Recording a salary change (step raise, promotion, seniority allowance, correction): page and API.

Only the HR officers of the record's units and province administrators write (hrm.selectors.edit: the staff
member himself gets 403, everyone else 404); the service takes the coefficient from the rules and decides
whether the change is allowed. Everyone who may see the record reads its salary history through the API.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from common.dated import short_date
from hrm import serializers
from hrm.forms import SalaryChangeForm, add_service_errors
from hrm.models import Employee, SalaryRecord
from hrm.selectors import employee_get_for_user
from hrm.selectors.edit import employee_for_writer_or_refuse
from hrm.selectors.pending import SALARY, employee_pending_for_user
from hrm.selectors.salary import salary_record_in_force, salary_record_list
from hrm.services.salary import monthly_salary, next_regular_raise, seniority_percent
from hrm.services.salary_changes import salary_change_from
from hrm.views.edit import _WriterPage, profile_url


def _initial(employee: Employee) -> dict:
    """The form as the usual case fills it: the regular raise on its due date, else the seniority allowance."""
    today = timezone.localdate()
    due = next_regular_raise(employee=employee, on=today)
    if due is None:
        return {"reason": SalaryRecord.Reason.SENIORITY, "on": today}
    initial = {"reason": SalaryRecord.Reason.REGULAR, "on": due}
    if employee.salary_step:
        initial["step"] = employee.salary_step + 1
    return initial


class SalaryChangeView(_WriterPage):
    template_name = "hrm/salary_change.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        pending = employee_pending_for_user(user=self.request.user, employee=self.employee, today=today)
        context.update(
            current=salary_record_in_force(employee=self.employee, on=today),
            pending=[p for p in pending if p["change"].kind == SALARY],
            pay=monthly_salary(employee=self.employee, on=today),
            next_raise=next_regular_raise(employee=self.employee, on=today),
            seniority_earned=seniority_percent(employee=self.employee, on=today),
        )
        return context

    def get(self, request, *args, **kwargs):
        form = SalaryChangeForm(initial=_initial(self.employee))
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = SalaryChangeForm(request.POST)
        if form.is_valid():
            try:
                record = salary_change_from(employee=self.employee, user=request.user, data=form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("From %(date)s: %(rank)s, step %(step)s, coefficient %(c)s.")
                    % {
                        "date": short_date(record.valid_from),
                        "rank": record.rank.code,
                        "step": record.step,
                        "c": formats.localize(record.coefficient),
                    },
                )
                return redirect(profile_url(self.employee, "h-salary-history"))
        return self.render_to_response(self.get_context_data(form=form))


class SalaryChangeApi(APIView):
    """A staff member's salary history (GET, oldest first) and a salary change (POST: 201 with the new row)."""

    @extend_schema(responses=serializers.SalaryChangeOutput(many=True))
    def get(self, request, employee_id: int):
        employee = employee_get_for_user(user=request.user, employee_id=employee_id)
        if employee is None:
            raise Http404
        rows = salary_record_list(employee=employee)
        return Response(serializers.SalaryChangeOutput(rows, many=True).data)

    @extend_schema(request=serializers.SalaryChangeInput, responses={201: serializers.SalaryChangeOutput})
    def post(self, request, employee_id: int):
        employee = employee_for_writer_or_refuse(user=request.user, employee_id=employee_id)
        data = serializers.SalaryChangeInput(data=request.data)
        data.is_valid(raise_exception=True)
        record = salary_change_from(employee=employee, user=request.user, data=data.validated_data)
        return Response(serializers.SalaryChangeOutput(record).data, status=status.HTTP_201_CREATED)
