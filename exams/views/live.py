"""The live exam's pages and API for the proctors and the board (issue #15): the exam's live tab, a room's console,
a shift's board, the room's minutes (PDF), and the REST API of the console's commands.

Who gets in: the proctors granted a room session and the board members of its exam (exams.selectors.proctor), 404
for everyone else; the commands go through exams.services.live.proctor, which refuses the board (it watches)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import pgettext, pgettext_lazy
from django.views import View
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import request_object
from exams import selectors
from exams.models import Attempt, IntegrityEvent
from exams.selectors.proctor import (
    live_exam_for_user,
    live_may_command,
    live_room_session_for_user,
    live_sessions_for_user,
    live_shift_for_user,
    room_log_lines,
)
from exams.serializers.proctor import CommandDoneOutput, ProctorCommandInput, RoomLogOutput, RosterOutput
from exams.services.live.minutes import room_minutes_pdf, room_minutes_rows
from exams.services.live.proctor import command_refusal, console_snapshot, proctor_command, room_state
from exams.tabs import exam_tab_register
from exams.views.seating import file_response

exam_tab_register(url_name="exams:live", label=pgettext_lazy("proctor", "Live"), order=90)


def console_labels() -> dict:
    """The words the console's script shows, translated here (the script holds no text of its own)."""
    return {
        "status": {
            **dict(Attempt.Status.choices),
            "waiting_room": pgettext("proctor", "Not started"),
            "in_progress_room": pgettext("proctor", "In progress"),
            "paused_room": pgettext("proctor", "Paused"),
        },
        "events": dict(IntegrityEvent.Kind.choices),
        "commands": {
            "start": pgettext("proctor", "Start the room"),
            "pause": pgettext("proctor", "Pause"),
            "resume": pgettext("proctor", "Resume"),
            "extend": pgettext("proctor", "Add time"),
            "allow_relogin": pgettext("proctor", "Allow a login on another machine"),
            "force_submit": pgettext("proctor", "Submit for the candidate"),
            "incident": pgettext("proctor", "Write an incident"),
        },
        "room_pause": pgettext("proctor", "Pause the room"),
        "room_resume": pgettext("proctor", "Resume the room"),
        "whole_room": pgettext("proctor", "The whole room"),
        "incident_text": pgettext("proctor", "What happened (goes into the room's minutes)"),
        "reason": pgettext("proctor", "Reason (goes into the room's minutes)"),
        "done": pgettext("proctor", "Done: %(command)s."),
        "connected": pgettext("proctor", "Live"),
        "connecting": pgettext("proctor", "Connecting…"),
        "offline": pgettext("proctor", "Connection lost: reconnecting…"),
        "refused": pgettext("proctor", "The server refused the connection (no access to this room)."),
        "not_open": pgettext("proctor", "Not connected: wait for the connection and try again."),
        "seat": pgettext("proctor", "Seat"),
        "last_seen": pgettext("proctor", "Last heartbeat"),
        "never": pgettext("proctor", "never"),
        "relogin_allowed": pgettext("proctor", "Relogin allowed"),
        "part": pgettext("proctor", "Part %(n)s/%(of)s"),
        "answered": pgettext("proctor", "answered"),
        "remaining": pgettext("proctor", "time left"),
        "no_seat": pgettext("proctor", "No candidate in this room."),
        "confirm_start": pgettext("proctor", "Start every seat of this room now?"),
    }


class LivePageMixin(LoginRequiredMixin):
    """The exam of the URL when the user sees at least one of its room sessions or manages it; 404 otherwise."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        exam_id = kwargs["exam_id"]
        # The board reaches the tab of an exam that has no room yet; a proctor only the exams of his rooms.
        self.exam = live_exam_for_user(user=request.user, exam_id=exam_id) or selectors.exam_get_for_user(
            user=request.user, exam_id=exam_id
        )
        if self.exam is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def page(self, template: str, context: dict):
        # Only who manages the exam sees its other tabs; a proctor sees his rooms only.
        manages = selectors.exam_get_for_user(user=self.request.user, exam_id=self.exam.pk) is not None
        return render(self.request, template, {"exam": self.exam, "manages": manages, **context})

    def room_session(self, room_session_id: int):
        session = live_room_session_for_user(
            user=self.request.user, room_session_id=room_session_id, exam_id=self.exam.pk
        )
        if session is None:
            raise Http404
        return session


class LiveView(LivePageMixin, View):
    """The exam's live tab: its shifts, and in each the rooms the user may open."""

    def get(self, request, exam_id: int):
        shifts: dict[int, dict] = {}
        for session in live_sessions_for_user(user=request.user, exam_id=exam_id):
            entry = shifts.setdefault(session.shift_id, {"shift": session.shift, "sessions": []})
            entry["sessions"].append({"session": session, "state": room_state(room_session=session)})
        return self.page("exams/live/proctor_index.html", {"shifts": list(shifts.values())})


class LiveRoomView(LivePageMixin, View):
    """A room's console: the seat map, the commands (for its proctors) and the room's minutes."""

    def get(self, request, exam_id: int, room_session_id: int):
        session = self.room_session(room_session_id)
        context = {
            "session": session,
            "may_command": live_may_command(user=request.user, room_session=session),
            "log": room_minutes_rows(room_session=session),
            "ws_path": f"/ws/proctor/{session.pk}/",
            "log_url": reverse("exams-api:live-log", args=[exam_id, session.pk]),
            "labels": console_labels(),
        }
        return self.page("exams/live/proctor.html", context)


class LiveShiftView(LivePageMixin, View):
    """The board of a shift: every room the user may watch, its counts updating live, a link to its console."""

    def get(self, request, exam_id: int, shift_id: int):
        shift = live_shift_for_user(user=request.user, exam_id=exam_id, shift_id=shift_id)
        if shift is None:
            raise Http404
        sessions = live_sessions_for_user(user=request.user, exam_id=exam_id, shift_id=shift.pk)
        return self.page(
            "exams/live/proctor_board.html",
            {
                "shift": shift,
                "sessions": sessions,
                "ws_path": f"/ws/proctor/shift/{shift.pk}/",
                "labels": console_labels(),
            },
        )


class LiveMinutesView(LivePageMixin, View):
    """The room's minutes (biên bản) as a PDF."""

    def get(self, request, exam_id: int, room_session_id: int):
        session = self.room_session(room_session_id)
        pdf = room_minutes_pdf(room_session=session, actor=request.user)
        return file_response(pdf, content_type="application/pdf", filename=f"bien-ban-phong-{session.pk}.pdf")


# --- API ------------------------------------------------------------------------------------------------------
class _RoomSessionApi(APIView):
    permission_classes = [IsAuthenticated]

    def room_session(self, request, exam_id: int, room_session_id: int):
        session = live_room_session_for_user(user=request.user, room_session_id=room_session_id, exam_id=exam_id)
        if session is None:
            raise Http404  # not there, or not his room: the same answer
        return session


class LiveRosterApi(_RoomSessionApi):
    @extend_schema(responses=RosterOutput)
    def get(self, request, exam_id: int, room_session_id: int):
        """The room's state and every seat as the console shows it (the socket's `roster`)."""
        session = self.room_session(request, exam_id, room_session_id)
        return Response({"type": "roster", **console_snapshot(room_session=session, user=request.user)})


class LiveLogApi(_RoomSessionApi):
    @extend_schema(responses=RoomLogOutput(many=True))
    def get(self, request, exam_id: int, room_session_id: int):
        """The room's minutes: every command and incident, oldest first."""
        session = self.room_session(request, exam_id, room_session_id)
        return Response(RoomLogOutput(room_log_lines(room_session=session), many=True).data)


class LiveCommandApi(_RoomSessionApi):
    @extend_schema(request=ProctorCommandInput, responses=CommandDoneOutput)
    def post(self, request, exam_id: int, room_session_id: int):
        """Give a proctor's command (as on the socket): `done`, or an `error` with its code (403 when he may not
        command this room, 400 otherwise; nothing is written)."""
        session = self.room_session(request, exam_id, room_session_id)
        data = ProctorCommandInput(data=request_object(request))
        data.is_valid(raise_exception=True)
        command = dict(data.validated_data)
        try:
            done = proctor_command(room_session=session, actor=request.user, command=command)
        except ValidationError as exc:
            body = command_refusal(exc, command=command["type"])
            return Response(body, status=403 if body["code"] == "forbidden" else 400)
        session.refresh_from_db(fields=["started_at", "paused_at"])
        return Response({**done, "room": room_state(room_session=session)})
