"""A new staff record (hire): the page /hrm/staff/new/ and the input rules POST /api/hrm/staff/ shares with it.

Both end in one service, hrm.services.staff.employee_hire. The unit must be one of the requester's open units.
A CCCD the registry already knows (a former staff member, an applicant) hires that person again, provided the
name and date of birth typed are his: that rule, and its neutral refusal, live in hrm.services.identity, so the
import and every other path follow it too.
"""

import json
from collections import defaultdict

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import redirect
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from common.dated import short_date
from common.errors import ApplicationError
from common.vietnamese import sort_key
from hrm import selectors
from hrm.forms import CccdField, add_service_errors, date_field
from hrm.models import Employee, OrgUnit, Person, Rank, RankGroup, SalaryGroup
from hrm.permissions import HR_ROLES, has_any_role
from hrm.services.staff import employee_hire
from hrm.views.edit import profile_url

BLANK = ("", "---------")
PERSON_FIELDS = ("full_name", "date_of_birth", "sex", "ethnicity", "religion", "native_place", "phone")


# --- Reads for the form ---------------------------------------------------------------------------
def hire_units(user) -> QuerySet:
    """The units `user` may hire into: his open units (every open unit for province administrators)."""
    return selectors.units_for_user(user=user).open().select_related("parent")


def can_hire(user) -> bool:
    """HR officers with at least one open unit in their scope, and province administrators."""
    return has_any_role(user, HR_ROLES) and hire_units(user).exists()


def hire_ranks() -> QuerySet:
    """Ranks a salary group is in force for today (the only ones a step can be given in)."""
    in_force = RankGroup.objects.in_force(timezone.localdate()).values("rank_id")
    return Rank.objects.filter(pk__in=in_force).order_by("code")


def _unit_label(unit: OrgUnit) -> str:
    return f"{unit.name} — {unit.parent.name}" if unit.parent_id else unit.name


def unit_choices(user) -> list[tuple[int, str]]:
    """(id, "name — parent") of the units `user` may hire into, in Vietnamese order."""
    units = sorted(hire_units(user), key=lambda unit: sort_key(_unit_label(unit)))
    return [(unit.pk, _unit_label(unit)) for unit in units]


def hire_unit_for(*, user, unit_id: int) -> OrgUnit:
    """One of `user`'s open units; a unit outside his scope or closed is refused on the field `unit`."""
    unit = selectors.unit_get_for_user(user=user, unit_id=unit_id)
    if unit is None:
        raise ApplicationError(_("This unit is not one of yours."), field="unit")
    if unit.valid_to is not None:
        message = _("The unit %(unit)s was closed on %(date)s: staff are hired into open units only.")
        raise ApplicationError(message % {"unit": unit.name, "date": short_date(unit.valid_to)}, field="unit")
    return unit


def coefficient_table(ranks) -> dict:
    """{rank id: [{from, to, group, steps: {step: coefficient}}]}: each salary group a rank is paid in, period
    by period (the rules in force), so the page can show what a step gives on the recruitment date typed."""
    groups = list(SalaryGroup.objects.prefetch_related("steps"))
    table = defaultdict(list)
    for link in RankGroup.objects.filter(rank__in=ranks):
        for group in groups:
            if (group.code, group.table) != (link.group_code, link.table):
                continue
            start = max(link.valid_from, group.valid_from)
            ends = [day for day in (link.valid_to, group.valid_to) if day is not None]
            end = min(ends) if ends else None
            if end is not None and end <= start:
                continue
            steps = {row.step: formats.number_format(row.coefficient, 2) for row in group.steps.all()}
            table[link.rank_id].append(
                {"from": start.isoformat(), "to": end and end.isoformat(), "group": group.code, "steps": steps}
            )
    return table



# --- The hire, from checked input (page form or API serializer) -------------------------------------
def _check_input(data: dict) -> None:
    if data["date_of_birth"] >= data["on"]:
        raise ApplicationError(_("The date of birth must be before the recruitment date."), field="date_of_birth")
    if data.get("rank") is not None and not data.get("step"):
        raise ApplicationError(_("Give the salary step in this rank."), field="step")
    if data.get("rank") is None and data.get("step"):
        raise ApplicationError(_("Choose the rank this salary step belongs to."), field="rank")


def staff_hire_from(*, user, data: dict) -> tuple[Employee, bool]:
    """Hire from checked input (`unit` already one of the user's open units); returns (record, whether a
    person the registry knew was hired again). Nothing is written when a rule refuses (ApplicationError)."""
    _check_input(data)
    person_fields = {name: data[name] for name in PERSON_FIELDS if data.get(name) not in (None, "")}
    employee = employee_hire(
        code=data["code"], staff_type=data["staff_type"], unit=data["unit"], on=data["on"], actor=user,
        cccd=data.get("cccd"), person_fields=person_fields, position=data.get("position") or "",
        rank=data.get("rank"), step=data.get("step") or 1, decision_no=data.get("decision_no") or "",
        recruiting_agency=data.get("recruiting_agency") or "",
    )
    return employee, employee.person_known


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
    return " ".join(parts)


# --- The page -------------------------------------------------------------------------------------
class StaffHireForm(forms.Form):
    """A new staff record: where and how he is employed, and the person (found again by CCCD when known)."""

    EMPLOYMENT = ("code", "staff_type", "unit", "position", "on", "rank", "step", "decision_no", "recruiting_agency")
    PERSON = ("full_name", "date_of_birth", "sex", "cccd", "ethnicity", "religion", "native_place", "phone")

    code = forms.CharField(max_length=20, label=gettext_lazy("Staff number"))
    staff_type = forms.ChoiceField(choices=[BLANK, *Employee.StaffType.choices], label=gettext_lazy("Staff type"))
    unit = forms.IntegerField(label=gettext_lazy("Unit"), widget=forms.Select)
    position = forms.CharField(max_length=150, required=False, label=gettext_lazy("Position"))
    on = date_field(gettext_lazy("Recruited on (dd/mm/yyyy)"))
    rank = forms.ModelChoiceField(queryset=Rank.objects.none(), required=False, label=gettext_lazy("Rank"))
    step = forms.IntegerField(min_value=1, max_value=99, required=False, label=gettext_lazy("Salary step"))
    decision_no = forms.CharField(max_length=60, required=False, label=gettext_lazy("Decision number"))
    recruiting_agency = forms.CharField(max_length=150, required=False, label=gettext_lazy("Recruiting agency"))
    full_name = forms.CharField(max_length=150, label=gettext_lazy("Full name"))
    date_of_birth = date_field(gettext_lazy("Date of birth (dd/mm/yyyy)"))
    sex = forms.ChoiceField(choices=[BLANK, *Person._meta.get_field("sex").choices], label=gettext_lazy("Sex"))
    cccd = CccdField(required=False, label=gettext_lazy("Citizen ID (CCCD)"))
    ethnicity = forms.CharField(max_length=50, initial="Kinh", label=gettext_lazy("Ethnicity"))
    religion = forms.CharField(max_length=50, initial="Không", label=gettext_lazy("Religion"))
    native_place = forms.CharField(max_length=255, required=False, label=gettext_lazy("Native place"))
    phone = forms.CharField(max_length=20, required=False, label=gettext_lazy("Phone"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].widget.choices = [BLANK, *unit_choices(user)]
        self.fields["rank"].queryset = hire_ranks()
        self.fields["rank"].label_from_instance = lambda rank: f"{rank.code} {rank.name}"
        self.fields["step"].widget.attrs.update(size=3)

    def employment_section(self):
        return [self[name] for name in self.EMPLOYMENT]

    def person_section(self):
        return [self[name] for name in self.PERSON]

    def clean_unit(self):
        try:
            return hire_unit_for(user=self.user, unit_id=self.cleaned_data["unit"])
        except ApplicationError as exc:
            raise ValidationError(exc.messages) from exc


class StaffHireView(LoginRequiredMixin, TemplateView):
    template_name = "hrm/staff_hire.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_hire(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["coefficients"] = json.dumps(coefficient_table(hire_ranks()))
        context["texts"] = {
            "coefficient": _("Group %(group)s, step %(step)s: coefficient %(coefficient)s."),
            "no_step": _("Group %(group)s has steps %(first)s to %(last)s."),
            "no_group": _("This rank has no salary group in force on the recruitment date."),
        }
        return context

    def get(self, request, *args, **kwargs):
        initial = {"on": timezone.localdate()}
        choices = unit_choices(request.user)
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
