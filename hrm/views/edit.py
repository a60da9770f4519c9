"""Pages that change a staff record: its details, a transfer, and its annual ratings, rewards and discipline.

Only HR officers of the record's unit subtree and province administrators reach them (the staff member
himself gets 403, everyone else 404: hrm.selectors.edit); every write goes through a service.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from common.dated import short_date
from hrm import forms as hrm_forms
from hrm.forms import add_service_errors
from hrm.models import AnnualRating, Discipline, Reward
from hrm.selectors.edit import employee_for_writer_or_refuse
from hrm.selectors.histories import assignment_current, history_row_get
from hrm.selectors.units import unit_list_open_for_user
from hrm.services import histories
from hrm.services.staff import employee_transfer, employee_update


def profile_url(employee, anchor: str = "") -> str:
    return reverse("hrm:staff-detail", args=[employee.pk]) + (f"#{anchor}" if anchor else "")


class _WriterPage(LoginRequiredMixin, TemplateView):
    """A page about one staff record that only its HR officers may use."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.employee = employee_for_writer_or_refuse(user=request.user, employee_id=kwargs["employee_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(employee=self.employee, person=self.employee.person, profile_url=profile_url(self.employee))
        return context


# --- Details --------------------------------------------------------------------------------------
class StaffEditView(_WriterPage):
    template_name = "hrm/staff_edit.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=hrm_forms.StaffEditForm(employee=self.employee)))

    def post(self, request, *args, **kwargs):
        form = hrm_forms.StaffEditForm(request.POST, employee=self.employee)
        if form.is_valid():
            person_fields, employee_fields = form.changes()
            if not person_fields and not employee_fields:
                messages.info(request, _("Nothing was changed."))
                return redirect(profile_url(self.employee))
            try:
                employee_update(
                    employee=self.employee, actor=request.user,
                    person_fields=person_fields, employee_fields=employee_fields,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                self._reload()
            else:
                messages.success(request, _("The record of %(name)s was saved.") % {"name": self.employee.person})
                return redirect(profile_url(self.employee))
        return self.render_to_response(self.get_context_data(form=form))

    def _reload(self) -> None:
        # The service changed the objects in memory before refusing; show what is stored.
        self.employee.refresh_from_db()
        self.employee.person.refresh_from_db()


# --- Transfer -------------------------------------------------------------------------------------
class StaffTransferView(_WriterPage):
    template_name = "hrm/staff_transfer.html"

    def _form(self, data=None):
        units = unit_list_open_for_user(user=self.request.user)
        return hrm_forms.StaffTransferForm(data, units=units, employee=self.employee)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["current"] = assignment_current(employee=self.employee)
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self._form()))

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                employee_transfer(
                    employee=self.employee, unit=data["unit"], on=data["on"], reason=data["reason"],
                    actor=request.user, position=data["position"], decision_no=data["decision_no"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(name)s works in %(unit)s from %(date)s.") % {
                    "name": self.employee.person, "unit": data["unit"].name,
                    "date": short_date(data["on"]),
                })
                return redirect(profile_url(self.employee, "h-work-history"))
        return self.render_to_response(self.get_context_data(form=form))


# --- Ratings, rewards, discipline -----------------------------------------------------------------
@dataclass(frozen=True)
class HistoryKind:
    model: type
    form: type
    create: Callable
    update: Callable
    delete: Callable
    values: Callable
    arg: str  # the row's keyword in the update and delete services
    anchor: str  # the profile section
    title_add: str
    title_edit: str
    title_delete: str
    describe: Callable


def _describe_rating(row: AnnualRating) -> str:
    return f"{row.year}: {row.level.name}"


def _describe_reward(row: Reward) -> str:
    return f"{row.form} ({short_date(row.date)})"


def _describe_discipline(row: Discipline) -> str:
    return f"{row.form.name} ({short_date(row.valid_from)})"


KINDS = {
    "rating": HistoryKind(
        AnnualRating, hrm_forms.RatingForm, histories.rating_create, histories.rating_update,
        histories.rating_delete, histories.rating_values, "rating", "h-ratings",
        gettext_lazy("Add an annual rating"), gettext_lazy("Correct an annual rating"),
        gettext_lazy("Delete an annual rating"), _describe_rating,
    ),
    "reward": HistoryKind(
        Reward, hrm_forms.RewardForm, histories.reward_create, histories.reward_update, histories.reward_delete,
        histories.reward_values, "reward", "h-rewards",
        gettext_lazy("Add a reward"), gettext_lazy("Correct a reward"), gettext_lazy("Delete a reward"),
        _describe_reward,
    ),
    "discipline": HistoryKind(
        Discipline, hrm_forms.DisciplineEntryForm, histories.discipline_create, histories.discipline_update,
        histories.discipline_delete, histories.discipline_values, "discipline", "h-discipline",
        gettext_lazy("Add a discipline"), gettext_lazy("Correct a discipline"), gettext_lazy("Delete a discipline"),
        _describe_discipline,
    ),
}


def _default_rating_year() -> int:
    today = timezone.localdate()
    return today.year if today.month == 12 else today.year - 1  # ratings are made at the end of the year


class _HistoryPage(_WriterPage):
    kind: str = ""  # set by as_view(kind=...)

    @property
    def spec(self) -> HistoryKind:
        return KINDS[self.kind]

    def get_row(self):
        row = history_row_get(employee=self.employee, model=self.spec.model, pk=self.kwargs["pk"])
        if row is None:
            raise Http404
        return row

    def done(self, text: str):
        messages.success(self.request, text)
        return redirect(profile_url(self.employee, self.spec.anchor))


class HistoryCreateView(_HistoryPage):
    template_name = "hrm/history_form.html"

    def get(self, request, *args, **kwargs):
        initial = {"year": _default_rating_year()} if self.kind == "rating" else {}
        form = self.spec.form(employee=self.employee, initial=initial)
        return self.render_to_response(self.get_context_data(form=form, title=self.spec.title_add))

    def post(self, request, *args, **kwargs):
        form = self.spec.form(request.POST, employee=self.employee)
        if form.is_valid():
            try:
                row = self.spec.create(employee=self.employee, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return self.done(_("Saved: %(item)s.") % {"item": self.spec.describe(row)})
        return self.render_to_response(self.get_context_data(form=form, title=self.spec.title_add))


class HistoryUpdateView(_HistoryPage):
    template_name = "hrm/history_form.html"

    def get(self, request, *args, **kwargs):
        row = self.get_row()
        form = self.spec.form(employee=self.employee, initial=self.spec.values(row))
        return self.render_to_response(self.get_context_data(form=form, title=self.spec.title_edit, row=row))

    def post(self, request, *args, **kwargs):
        row = self.get_row()
        form = self.spec.form(request.POST, employee=self.employee, initial=self.spec.values(row))
        if form.is_valid():
            try:
                row = self.spec.update(**{self.spec.arg: row}, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return self.done(_("Saved: %(item)s.") % {"item": self.spec.describe(row)})
        context = self.get_context_data(form=form, title=self.spec.title_edit, row=row)
        return self.render_to_response(context)


class HistoryDeleteView(_HistoryPage):
    template_name = "hrm/confirm_delete.html"

    def get(self, request, *args, **kwargs):
        row = self.get_row()
        context = self.get_context_data(row=row, description=self.spec.describe(row), title=self.spec.title_delete)
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        row = self.get_row()
        text = _("Deleted: %(item)s.") % {"item": self.spec.describe(row)}
        self.spec.delete(**{self.spec.arg: row}, actor=request.user)
        return self.done(text)
