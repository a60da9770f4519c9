"""A new staff record (hire): the page /hrm/staff/new/ and the input rules POST /api/hrm/staff/ shares with it.

Both end in one service, hrm.services.staff.employee_hire. The unit must be one of the requester's open units.
A CCCD the registry already knows (a former staff member, an applicant) hires that person again, provided the
name and date of birth typed are his: that rule, and its neutral refusal, live in hrm.services.identity, so the
import and every other path follow it too.
"""

import json

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from hrm.forms import StaffHireForm, add_service_errors
from hrm.models import Employee
from hrm.selectors.hire import unit_choices_for_hire, user_can_hire
from hrm.selectors.pending import pending_mark
from hrm.selectors.salary import coefficient_table, rank_list_payable
from hrm.services.hire import staff_hire_from
from hrm.views.edit import profile_url


def hire_message(employee: Employee, *, known: bool) -> str:
    """What the officer is told after the hire: who, where, the salary the rules gave, a person found again."""
    values = {"name": employee.person.full_name, "unit": employee.unit.name}
    if known:
        parts = [
            _("%(name)s, already known by this CCCD, was hired into %(unit)s.") % values,
            _("The personal details already in the registry were kept; change them from the profile if needed."),
        ]
    else:
        parts = [_("The record of %(name)s was created in %(unit)s.") % values]
    if employee.rank_id:
        parts.append(
            _("Rank %(rank)s, step %(step)s: coefficient %(coefficient)s.")
            % {
                "rank": employee.rank.code,
                "step": employee.salary_step,
                "coefficient": formats.number_format(employee.coefficient, 2),
            }
        )
    if employee.status == Employee.Status.PENDING:
        parts.append(
            _(
                "Hire %(mark)s: until then the record is in no list or report of today and shows among the "
                "unit's arrivals."
            )
            % {"mark": pending_mark(employee.recruited_on)}
        )
    return " ".join(parts)


# --- The page -------------------------------------------------------------------------------------
class StaffHireView(LoginRequiredMixin, TemplateView):
    template_name = "hrm/staff_hire.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not user_can_hire(user=request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["coefficients"] = json.dumps(coefficient_table(ranks=rank_list_payable()))
        context["texts"] = {
            "coefficient": _("Group %(group)s, step %(step)s: coefficient %(coefficient)s."),
            "no_step": _("Group %(group)s has steps %(first)s to %(last)s."),
            "no_group": _("This rank has no salary group in force on the recruitment date."),
        }
        return context

    def get(self, request, *args, **kwargs):
        initial = {"on": timezone.localdate()}
        choices = unit_choices_for_hire(user=request.user)
        wanted = request.GET.get("unit", "")
        if wanted.isdigit() and int(wanted) in {pk for pk, _label in choices}:
            initial["unit"] = int(wanted)
        elif len(choices) == 1:
            initial["unit"] = choices[0][0]
        form = StaffHireForm(user=request.user, initial=initial)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = StaffHireForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                employee, known = staff_hire_from(user=request.user, data=form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, hire_message(employee, known=known))
                return redirect(profile_url(employee))
        return self.render_to_response(self.get_context_data(form=form))
