"""Pages that change a staff record: its details, a transfer, its ratings, rewards and discipline, and its person's
training and degrees, family relations and earlier career.

Only HR officers of the record's unit subtree and province administrators reach them (the staff member
himself gets 403, everyone else 404: hrm.selectors.edit); every write goes through a service.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from common.dated import short_date
from hrm import forms as hrm_forms
from hrm.forms import add_service_errors
from hrm.histories import HISTORY_KINDS, HistoryKind
from hrm.selectors.edit import employee_for_writer_or_refuse
from hrm.selectors.histories import history_row_get
from hrm.selectors.pending import (
    HIRE,
    SALARY,
    employee_pending_changes,
    employee_pending_for_user,
    pending_row_for_writer,
)
from hrm.selectors.restructure import employee_unit_on
from hrm.selectors.units import unit_list_open_for_user
from hrm.services.current import pending_change_cancel
from hrm.services.staff import employee_transfer
from hrm.services.staff_update import employee_update


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
                    employee=self.employee,
                    actor=request.user,
                    person_fields=person_fields,
                    employee_fields=employee_fields,
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
        today = timezone.localdate()  # "now" is the assignment in force today; one from a later date is pending
        context["current"] = employee_unit_on(employee=self.employee, on=today)
        pending = employee_pending_for_user(user=self.request.user, employee=self.employee, today=today)
        context["pending"] = [p for p in pending if p["change"].kind != SALARY]
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self._form()))

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                employee_transfer(
                    employee=self.employee,
                    unit=data["unit"],
                    on=data["on"],
                    reason=data["reason"],
                    actor=request.user,
                    position=data["position"],
                    decision_no=data["decision_no"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(name)s works in %(unit)s from %(date)s.")
                    % {
                        "name": self.employee.person,
                        "unit": data["unit"].name,
                        "date": short_date(data["on"]),
                    },
                )
                return redirect(profile_url(self.employee, "h-work-history"))
        return self.render_to_response(self.get_context_data(form=form))


# --- Cancelling a pending change ------------------------------------------------------------------
class PendingCancelView(_WriterPage):
    """Cancel a transfer, position or salary change recorded from a later date, before that day."""

    template_name = "hrm/pending_cancel.html"

    def get_row(self):
        row = pending_row_for_writer(
            user=self.request.user, employee=self.employee, kind=self.kwargs["kind"], pk=self.kwargs["pk"]
        )
        if row is None:
            raise Http404  # not his, not pending (any more), or a transfer into a unit that is not his
        return row

    def _change(self, row):
        changes = employee_pending_changes(employee=self.employee)
        return next(c for c in changes if type(c.row) is type(row) and c.row.pk == row.pk)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(change=self._change(self.get_row())))

    def post(self, request, *args, **kwargs):
        row = self.get_row()
        change = self._change(row)
        anchor = "h-salary-history" if change.row_kind == "salary" else "h-work-history"
        try:
            pending_change_cancel(row=row, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Cancelled: %(item)s (%(mark)s).") % {"item": change.summary, "mark": change.mark}
            )
            if change.kind == HIRE:  # the record is gone with its hire
                return redirect("hrm:staff-list")
        return redirect(profile_url(self.employee, anchor))


# --- Ratings, rewards, discipline; training, family, earlier career ----------------------------
# The page form of each kind HR officers keep by hand (the kinds themselves: hrm.histories).
PAGE_FORMS = {
    "rating": hrm_forms.RatingForm,
    "reward": hrm_forms.RewardForm,
    "discipline": hrm_forms.DisciplineEntryForm,
    "qualification": hrm_forms.QualificationForm,
    "family": hrm_forms.FamilyMemberForm,
    "career": hrm_forms.CareerEntryForm,
}


def _default_rating_year() -> int:
    today = timezone.localdate()
    return today.year if today.month == 12 else today.year - 1  # ratings are made at the end of the year


class _HistoryPage(_WriterPage):
    kind: str = ""  # set by as_view(kind=...)

    @property
    def spec(self) -> HistoryKind:
        return HISTORY_KINDS[self.kind]

    @property
    def form_class(self) -> type:
        return PAGE_FORMS[self.kind]

    def get_row(self):
        row = history_row_get(employee=self.employee, kind=self.spec, pk=self.kwargs["pk"])
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
        form = self.form_class(employee=self.employee, initial=initial)
        return self.render_to_response(self.get_context_data(form=form, title=self.spec.title_add))

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, employee=self.employee)
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
        form = self.form_class(employee=self.employee, initial=self.spec.values(row))
        return self.render_to_response(self.get_context_data(form=form, title=self.spec.title_edit, row=row))

    def post(self, request, *args, **kwargs):
        row = self.get_row()
        form = self.form_class(request.POST, employee=self.employee, initial=self.spec.values(row))
        if form.is_valid():
            try:
                row = self.spec.update(**{self.kind: row}, actor=request.user, **form.cleaned_data)
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
        self.spec.delete(**{self.kind: row}, actor=request.user)
        return self.done(text)
