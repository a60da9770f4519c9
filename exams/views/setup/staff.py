"""Staff of the exam (tab 50)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from exams import selectors, services
from exams.forms.setup import (
    StaffForm,
)
from exams.views.setup.base import _saved
from exams.views.setup.exam import ExamTabView
from exams.views.setup.positions import _int


class StaffView(ExamTabView):
    template_name = "exams/setup/staff.html"
    actions = {"assign": "assign", "remove": "remove"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(staff=selectors.exam_staff_for_exam(exam=self.exam))
        context.setdefault("form", StaffForm(exam=self.exam))
        return context

    def assign(self, request):
        form = StaffForm(request.POST, exam=self.exam)
        if form.is_valid() and _saved(
            form, lambda: services.exam_staff_assign(exam=self.exam, actor=request.user, **form.cleaned_data)
        ):
            messages.success(request, _("The role was given."))
            return None
        return {"form": form}

    def remove(self, request):
        grant = self.child(selectors.exam_staff_get, {"grant_id": _int(request.POST.get("grant"))})
        try:
            services.exam_staff_remove(exam=self.exam, grant=grant, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return None
