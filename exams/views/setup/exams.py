"""The exam list and the creation of an exam."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from exams import selectors, services
from exams.forms.setup import (
    ExamFilterForm,
    ExamForm,
)
from exams.models import Exam
from exams.views.setup.base import _saved


class ExamListView(LoginRequiredMixin, TemplateView):
    """The exams the user manages (403 for anybody who manages none), with filters."""

    template_name = "exams/setup/exam_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.user_manages_exams(user=request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query, status = ExamFilterForm(self.request.GET).values()
        exams = selectors.exam_list_with_counts_for_user(user=self.request.user, query=query, status=status)
        context.update(exams=exams, q=query, status=status, statuses=Exam.Status.choices)
        context["may_create"] = selectors.user_may_create_exams(user=self.request.user)
        return context


class ExamCreateView(LoginRequiredMixin, TemplateView):
    template_name = "exams/setup/exam_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.user_may_create_exams(user=request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ExamForm(initial={"shuffle_questions": True, "shuffle_options": True}))
        return context

    def post(self, request):
        form = ExamForm(request.POST)
        exam = None
        if form.is_valid():

            def create():
                nonlocal exam
                exam = services.exam_create(actor=request.user, **form.cleaned_data)

            if _saved(form, create):
                messages.success(request, _("Exam %(code)s created as a draft.") % {"code": exam.code})
                return redirect("exams:exam-overview", exam_id=exam.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)
