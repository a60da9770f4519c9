"""A new staff record, from a page or the API: the same form rules and the same service (employee_hire).

The unit must be one of the officer's open units; the person is found again by CCCD when the registry
knows him (a former staff member or applicant), else created; the assignment and salary rows open on
the recruitment date.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from rest_framework import status
from rest_framework.response import Response

from hrm import forms as hrm_forms
from hrm import selectors, serializers
from hrm.models import Employee, Person, Rank, RankGroup
from hrm.permissions import HRRequiredMixin
from hrm.services.staff import employee_hire
from hrm.views.edit import add_service_errors, profile_url


def hire_units(user):
    return selectors.units_for_user(user=user).filter(valid_to__isnull=True).order_by("path")


def hire_ranks():
    """Ranks a salary group is in force for today (the only ones a step can be given in)."""
    in_force = RankGroup.objects.in_force(timezone.localdate()).values("rank_id")
    return Rank.objects.filter(pk__in=in_force).order_by("code")


def staff_hire_from(*, user, data: dict) -> tuple[Employee, bool]:
    """Hire from checked input (form or serializer); returns (record, whether a known person was taken back)."""
    cccd = data.get("cccd") or None
    known = bool(cccd) and Person.objects.filter(cccd=cccd).exists()
    person_fields = {name: data[name] for name in hrm_forms.StaffHireForm.PERSON_FIELDS if data.get(name) is not None}
    employee = employee_hire(
        code=data["code"].strip(), staff_type=data["staff_type"], unit=data["unit"], on=data["on"], actor=user,
        cccd=cccd, person_fields=person_fields, position=data.get("position") or "", rank=data.get("rank"),
        step=data.get("step") or 1, decision_no=data.get("decision_no") or "",
        recruiting_agency=data.get("recruiting_agency") or "",
    )
    return employee, known


class StaffHireView(LoginRequiredMixin, HRRequiredMixin, TemplateView):
    template_name = "hrm/staff_hire.html"

    def _form(self, data=None):
        return hrm_forms.StaffHireForm(data, units=hire_units(self.request.user), ranks=hire_ranks())

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self._form()))

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST)
        if form.is_valid():
            try:
                employee, known = staff_hire_from(user=request.user, data=form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                message = (
                    _("%(name)s, already known by this CCCD, was hired into %(unit)s.")
                    if known
                    else _("The record of %(name)s was created in %(unit)s.")
                )
                messages.success(request, message % {"name": employee.person, "unit": employee.unit.name})
                return redirect(profile_url(employee))
        return self.render_to_response(self.get_context_data(form=form))


def staff_hire_post(request) -> Response:
    """POST /api/hrm/staff/ (hrm.views.staff.StaffListApi): 201 with the record, 400 naming the fields."""
    form = hrm_forms.StaffHireForm(request.data, units=hire_units(request.user), ranks=hire_ranks())
    if not form.is_valid():
        return Response(form.errors, status=status.HTTP_400_BAD_REQUEST)
    employee, _known = staff_hire_from(user=request.user, data=form.cleaned_data)
    return Response(serializers.StaffListOutput(employee).data, status=status.HTTP_201_CREATED)
