"""Rooms, shifts and room sessions (tab 40)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from exams import selectors, services
from exams.forms.setup import (
    RoomForm,
    ShiftForm,
)
from exams.views.setup.base import _saved
from exams.views.setup.exam import ExamPageMixin, ExamTabView
from exams.views.setup.positions import _int


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
            form,
            lambda: services.room_create(exam=self.exam, actor=request.user, **form.cleaned_data),
            request=request,
            done=_("Room %(name)s added.") % {"name": form.cleaned_data["name"]},
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
            request=request,
            done=_("Shift %(name)s added.") % {"name": form.cleaned_data["name"]},
        ):
            return None
        return {"shift_form": form}

    def _refusal(self, request, call, done: str = ""):
        try:
            call()
        except ValidationError as exc:
            return {"sessions_error": " ".join(exc.messages)}
        if done:
            messages.success(request, done)
        return None

    def set_sessions(self, request):
        pairs = set()
        for value in request.POST.getlist("session"):
            shift_id, _sep, room_id = value.partition("-")
            pairs.add((_int(shift_id), _int(room_id)))
        return self._refusal(
            request,
            lambda: services.room_sessions_set(exam=self.exam, actor=request.user, pairs=pairs),
            _("The room sessions were saved."),
        )

    def fill(self, request):
        return self._refusal(
            request,
            lambda: services.room_sessions_fill(exam=self.exam, actor=request.user),
            _("Every room now sits in every shift."),
        )

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
            form,
            lambda: services.room_update(room=room, actor=request.user, **form.cleaned_data),
            request=request,
            done=_("Room %(name)s saved.") % {"name": form.cleaned_data["name"]},
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
            request=request,
            done=_("Shift %(name)s saved.") % {"name": form.cleaned_data["name"]},
        ):
            return redirect("exams:exam-rooms", exam_id=self.exam.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)
