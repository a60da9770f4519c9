"""The pages of one exam: its mixins, overview and edit page."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from exams import selectors, services
from exams.forms.setup import (
    ExamForm,
    ExamStatusForm,
    exam_initial,
)
from exams.models import Exam
from exams.services.setup.exams import TRANSITIONS
from exams.views.setup.base import _saved


class ExamPageMixin(LoginRequiredMixin):
    """An exam page: the exam must be one the user manages (404 otherwise, the same for "not there")."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.exam = selectors.exam_get_for_user(user=request.user, exam_id=kwargs["exam_id"])
        if self.exam is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["exam"] = self.exam
        context["closed"] = self.exam.status == Exam.Status.CLOSED
        context["frozen"] = selectors.exam_has_papers(exam=self.exam)
        return context

    def child(self, getter, object_id):
        found = getter(exam=self.exam, **object_id)
        if found is None:
            raise Http404
        return found


class ExamTabView(ExamPageMixin, TemplateView):
    """A tab whose page holds several forms: POST names its `action`; a refused one is shown again with its errors."""

    actions: dict[str, str] = {}

    def post(self, request, *args, **kwargs):
        handler = getattr(self, self.actions.get(request.POST.get("action", ""), ""), None)
        if handler is None:
            return HttpResponseBadRequest()
        result = handler(request)
        if isinstance(result, dict):
            return self.render_to_response(self.get_context_data(**result), status=400)
        return result or redirect(request.path)


class ExamOverviewView(ExamTabView):
    template_name = "exams/setup/overview.html"
    actions = {"status": "set_status"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        checks = selectors.exam_checklist(exam=self.exam)
        context.update(
            summary=selectors.exam_summary(exam=self.exam),
            checks=checks,
            missing=[c for c in checks if not c.ok and not c.warning],
            warnings=[c for c in checks if not c.ok and c.warning],
            priorities=selectors.exam_priority_categories(exam=self.exam),
            grounds=selectors.exam_exemption_grounds(exam=self.exam),
            next_statuses=[(s, Exam.Status(s).label) for s in TRANSITIONS[self.exam.status]],
        )
        context.setdefault("status_form", ExamStatusForm())
        return context

    def set_status(self, request):
        form = ExamStatusForm(request.POST)
        if form.is_valid() and _saved(
            form,
            lambda: services.exam_status_set(exam=self.exam, actor=request.user, status=form.cleaned_data["status"]),
        ):
            messages.success(request, _("The exam's status was changed."))
            return None
        return {"status_form": form}


class ExamEditView(ExamPageMixin, TemplateView):
    template_name = "exams/setup/exam_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ExamForm(exam=self.exam, initial=exam_initial(self.exam)))
        return context

    def post(self, request, exam_id):
        form = ExamForm(request.POST, exam=self.exam)
        if form.is_valid() and _saved(
            form, lambda: services.exam_update(exam=self.exam, actor=request.user, **form.cleaned_data)
        ):
            messages.success(request, _("The exam was saved."))
            return redirect("exams:exam-overview", exam_id=self.exam.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)
