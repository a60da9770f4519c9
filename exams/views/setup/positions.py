"""Positions and quotas (tab 20)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from exams import selectors, services
from exams.forms.setup import (
    PositionForm,
    QuotaForm,
)
from exams.views.setup.base import _saved
from exams.views.setup.exam import ExamPageMixin, ExamTabView


class PositionsView(ExamTabView):
    template_name = "exams/setup/positions.html"
    actions = {"add": "add", "quota": "quota", "delete": "delete"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        positions = selectors.position_list_for_exam(exam=self.exam)
        context.update(positions=positions, quota_total=sum(p.quota_total for p in positions))
        context.setdefault("form", PositionForm(exam=self.exam))
        context.setdefault("quota_form", QuotaForm())
        context.setdefault("quota_position", None)
        return context

    def add(self, request):
        form = PositionForm(request.POST, exam=self.exam)
        if form.is_valid() and _saved(
            form,
            lambda: services.position_create(exam=self.exam, actor=request.user, **form.cleaned_data),
            request=request,
            done=_("Position %(code)s added.") % {"code": form.cleaned_data["code"]},
        ):
            return None
        return {"form": form}

    def quota(self, request):
        position = self.child(selectors.position_get, {"position_id": _int(request.POST.get("position"))})
        form = QuotaForm(request.POST)
        if form.is_valid() and _saved(
            form,
            lambda: services.quota_set(position=position, actor=request.user, **form.cleaned_data),
            request=request,
            done=_("The quota of %(code)s was saved.") % {"code": position.code},
        ):
            return None
        return {"quota_form": form, "quota_position": position.pk}

    def delete(self, request):
        position = self.child(selectors.position_get, {"position_id": _int(request.POST.get("position"))})
        try:
            services.position_delete(position=position, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return None


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


class PositionEditView(ExamPageMixin, TemplateView):
    template_name = "exams/setup/child_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        position = self.child(selectors.position_get, {"position_id": self.kwargs["position_id"]})
        initial = {f: getattr(position, f) for f in ("code", "name", "rank", "requires_language", "description")}
        context.setdefault("form", PositionForm(exam=self.exam, initial=initial))
        context.update(title=_("Position %(code)s") % {"code": position.code}, back="exams:exam-positions")
        return context

    def post(self, request, exam_id, position_id):
        position = self.child(selectors.position_get, {"position_id": position_id})
        form = PositionForm(request.POST, exam=self.exam)
        if form.is_valid() and _saved(
            form,
            lambda: services.position_update(position=position, actor=request.user, **form.cleaned_data),
            request=request,
            done=_("Position %(code)s saved.") % {"code": form.cleaned_data["code"]},
        ):
            return redirect("exams:exam-positions", exam_id=self.exam.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)
