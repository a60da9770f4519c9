"""Pages of an exam's setup for its board: the exam list, the overview (tab 10), positions and quotas (20), parts
(30), rooms and shifts (40) and staff (50). Every page finds its exam through `exam_get_for_user` (404 for an exam
that is not there or not the user's); every change goes through exams.services.setup, whose refusals land on the
form field they name."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from exams import selectors, services
from exams.forms.setup import (
    ExamForm,
    ExamStatusForm,
    PartForm,
    PositionForm,
    PrefillForm,
    QuotaForm,
    RoomForm,
    ShiftForm,
    StaffForm,
    exam_initial,
)
from exams.models import Exam
from exams.services.setup.exams import TRANSITIONS
from exams.tabs import exam_tab_register
from hrm.forms import add_service_errors

exam_tab_register(url_name="exams:exam-overview", label=gettext_lazy("Overview"), order=10)
exam_tab_register(url_name="exams:exam-positions", label=gettext_lazy("Positions"), order=20)
exam_tab_register(url_name="exams:exam-parts", label=gettext_lazy("Parts"), order=30)
exam_tab_register(url_name="exams:exam-rooms", label=gettext_lazy("Rooms and shifts"), order=40)
exam_tab_register(url_name="exams:exam-staff", label=gettext_lazy("Exam staff"), order=50)


def _saved(form, call) -> bool:
    """Run a service call; its refusal goes onto the form (on the field it names) and False is returned."""
    try:
        call()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    return True


# --- The exam list and creation --------------------------------------------------------------------
class ExamListView(LoginRequiredMixin, TemplateView):
    """The exams the user manages (403 for anybody who manages none), with filters."""

    template_name = "exams/setup/exam_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.user_manages_exams(user=request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query, status = self.request.GET.get("q", "")[:60].strip(), self.request.GET.get("status", "")
        status = status if status in Exam.Status.values else ""
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


# --- Pages of one exam -----------------------------------------------------------------------------
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


# --- Positions and quotas (tab 20) -----------------------------------------------------------------
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
            form, lambda: services.position_create(exam=self.exam, actor=request.user, **form.cleaned_data)
        ):
            return None
        return {"form": form}

    def quota(self, request):
        position = self.child(selectors.position_get, {"position_id": _int(request.POST.get("position"))})
        form = QuotaForm(request.POST)
        if form.is_valid() and _saved(
            form, lambda: services.quota_set(position=position, actor=request.user, **form.cleaned_data)
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
            form, lambda: services.position_update(position=position, actor=request.user, **form.cleaned_data)
        ):
            return redirect("exams:exam-positions", exam_id=self.exam.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


# --- Parts (tab 30) -----------------------------------------------------------------------------
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
            form, lambda: services.part_create(exam=self.exam, actor=request.user, **form.cleaned_data)
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
            form, lambda: services.part_update(part=part, actor=request.user, **form.cleaned_data)
        ):
            return redirect("exams:exam-parts", exam_id=self.exam.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


# --- Rooms, shifts and room sessions (tab 40) -------------------------------------------------------
class RoomsView(ExamTabView):
    template_name = "exams/setup/rooms.html"
    actions = {
        "room": "add_room",
        "shift": "add_shift",
        "sessions": "set_sessions",
        "fill": "fill",
        "delete_room": "delete_room",
        "delete_shift": "delete_shift",
    }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            rooms=selectors.room_list_for_exam(exam=self.exam),
            shifts=selectors.shift_list_for_exam(exam=self.exam),
            matrix=selectors.room_session_matrix(exam=self.exam),
        )
        context.setdefault("room_form", RoomForm())
        context.setdefault("shift_form", ShiftForm(exam=self.exam))
        context.setdefault("sessions_error", "")
        return context

    def add_room(self, request):
        form = RoomForm(request.POST)
        if form.is_valid() and _saved(
            form, lambda: services.room_create(exam=self.exam, actor=request.user, **form.cleaned_data)
        ):
            return None
        return {"room_form": form}

    def add_shift(self, request):
        form = ShiftForm(request.POST, exam=self.exam)
        if form.is_valid() and _saved(
            form,
            lambda: services.shift_create(
                exam=self.exam, actor=request.user, **{**form.cleaned_data, "parts": list(form.cleaned_data["parts"])}
            ),
        ):
            return None
        return {"shift_form": form}

    def _refusal(self, request, call):
        try:
            call()
        except ValidationError as exc:
            return {"sessions_error": " ".join(exc.messages)}
        return None

    def set_sessions(self, request):
        pairs = set()
        for value in request.POST.getlist("session"):
            shift_id, _sep, room_id = value.partition("-")
            pairs.add((_int(shift_id), _int(room_id)))
        return self._refusal(
            request, lambda: services.room_sessions_set(exam=self.exam, actor=request.user, pairs=pairs)
        )

    def fill(self, request):
        return self._refusal(request, lambda: services.room_sessions_fill(exam=self.exam, actor=request.user))

    def delete_room(self, request):
        room = self.child(selectors.room_get, {"room_id": _int(request.POST.get("room"))})
        return self._refusal(request, lambda: services.room_delete(room=room, actor=request.user))

    def delete_shift(self, request):
        shift = self.child(selectors.shift_get, {"shift_id": _int(request.POST.get("shift"))})
        return self._refusal(request, lambda: services.shift_delete(shift=shift, actor=request.user))


class RoomEditView(ExamPageMixin, TemplateView):
    template_name = "exams/setup/child_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        room = self.child(selectors.room_get, {"room_id": self.kwargs["room_id"]})
        initial = {"name": room.name, "capacity": room.capacity, "location": room.location}
        context.setdefault("form", RoomForm(initial=initial))
        context.update(title=_("Room %(name)s") % {"name": room.name}, back="exams:exam-rooms")
        return context

    def post(self, request, exam_id, room_id):
        room = self.child(selectors.room_get, {"room_id": room_id})
        form = RoomForm(request.POST)
        if form.is_valid() and _saved(
            form, lambda: services.room_update(room=room, actor=request.user, **form.cleaned_data)
        ):
            return redirect("exams:exam-rooms", exam_id=self.exam.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ShiftEditView(ExamPageMixin, TemplateView):
    template_name = "exams/setup/child_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shift = self.child(selectors.shift_get, {"shift_id": self.kwargs["shift_id"]})
        initial = {
            "name": shift.name,
            "starts_at": shift.starts_at,
            "duration_minutes": shift.duration_minutes,
            "parts": list(shift.parts.all()),
        }
        context.setdefault("form", ShiftForm(exam=self.exam, initial=initial))
        context.update(title=_("Shift %(name)s") % {"name": shift.name}, back="exams:exam-rooms")
        return context

    def post(self, request, exam_id, shift_id):
        shift = self.child(selectors.shift_get, {"shift_id": shift_id})
        form = ShiftForm(request.POST, exam=self.exam)
        if form.is_valid() and _saved(
            form,
            lambda: services.shift_update(
                shift=shift, actor=request.user, **{**form.cleaned_data, "parts": list(form.cleaned_data["parts"])}
            ),
        ):
            return redirect("exams:exam-rooms", exam_id=self.exam.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


# --- Staff (tab 50) -------------------------------------------------------------------------------
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
