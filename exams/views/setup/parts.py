"""Parts (tab 30)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from exams import selectors, services
from exams.forms.setup import (
    PartForm,
    PrefillForm,
)
from exams.views.setup.base import _saved
from exams.views.setup.exam import ExamPageMixin, ExamTabView
from exams.views.setup.positions import _int


class PartsView(ExamTabView):
    template_name = "exams/setup/parts.html"
    actions = {"add": "add", "prefill": "prefill", "delete": "delete"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offered = services.round2_forms(exam=self.exam)
        context.update(parts=selectors.part_list_for_exam(exam=self.exam), forms_offered=offered)
        context.setdefault("form", PartForm(exam=self.exam, user=self.request.user))
        preview = self.request.GET if "round2_form" in self.request.GET else None
        prefill = context.setdefault("prefill_form", PrefillForm(preview, forms_offered=offered))
        data = prefill.cleaned_data if prefill.is_bound and prefill.is_valid() else {}
        try:
            context["plan"] = services.parts_prefill_plan(
                exam=self.exam, round2_form=data.get("round2_form", ""), agency_minutes=data.get("agency_minutes")
            )
        except ValidationError as exc:
            context["plan"], context["plan_error"] = [], " ".join(exc.messages)
        return context

    def add(self, request):
        form = PartForm(request.POST, exam=self.exam, user=request.user)
        if form.is_valid() and _saved(
            form,
            lambda: services.part_create(exam=self.exam, actor=request.user, **form.cleaned_data),
            request=request,
            done=_("Part %(name)s added.") % {"name": form.cleaned_data["name"]},
        ):
            return None
        return {"form": form}

    def prefill(self, request):
        form = PrefillForm(request.POST, forms_offered=services.round2_forms(exam=self.exam))
        created = []

        def run():
            created.extend(services.parts_prefill(exam=self.exam, actor=request.user, **form.cleaned_data))

        if form.is_valid() and _saved(form, run):
            messages.success(request, _("%(count)s parts added from the profile.") % {"count": len(created)})
            return None
        return {"prefill_form": form}

    def delete(self, request):
        part = self.child(selectors.part_get, {"part_id": _int(request.POST.get("part"))})
        try:
            services.part_delete(part=part, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return None


PART_FIELDS = ("round", "key", "name", "mode", "position", "bank", "questions", "minutes", "max_score", "order")


class PartEditView(ExamPageMixin, TemplateView):
    template_name = "exams/setup/child_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        part = self.child(selectors.part_get, {"part_id": self.kwargs["part_id"]})
        initial = {f: getattr(part, f) for f in PART_FIELDS}
        context.setdefault("form", PartForm(exam=self.exam, user=self.request.user, initial=initial))
        context.update(title=_("Part %(name)s") % {"name": part.name}, back="exams:exam-parts")
        return context

    def post(self, request, exam_id, part_id):
        part = self.child(selectors.part_get, {"part_id": part_id})
        form = PartForm(request.POST, exam=self.exam, user=request.user)
        if form.is_valid() and _saved(
            form,
            lambda: services.part_update(part=part, actor=request.user, **form.cleaned_data),
            request=request,
            done=_("Part %(name)s saved.") % {"name": form.cleaned_data["name"]},
        ):
            return redirect("exams:exam-parts", exam_id=self.exam.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)
