"""Shapes of the proctor's commands (socket and API alike) and of the room's minutes lines (issue #15).

Shape only: which fields a command needs. Whether the proctor may give it, and to whom, is the service's rule
(exams.services.live.proctor)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from exams.services.live.commands import EXTEND_MAX_MINUTES

TEXT_MAX = 1000

COMMANDS = ("start", "pause", "resume", "extend", "allow_relogin", "force_submit", "incident")
# What each command needs besides its type; "candidate" where the command is about one seat only.
REQUIRED = {
    "pause": ("reason",),
    "extend": ("candidate", "minutes", "reason"),
    "allow_relogin": ("candidate",),
    "force_submit": ("candidate", "reason"),
    "incident": ("text",),
}
SEAT_OR_ROOM = ("pause", "resume")
ROOM_ONLY = ("start",)


class ProctorCommandInput(serializers.Serializer):
    type = serializers.ChoiceField(choices=COMMANDS, error_messages={"invalid_choice": _("Unknown command “{input}”.")})
    candidate = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    minutes = serializers.IntegerField(required=False, min_value=1, max_value=EXTEND_MAX_MINUTES)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX, trim_whitespace=True)
    text = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX, trim_whitespace=True)

    def validate(self, attrs):
        kind = attrs["type"]
        missing = {
            field: [_("This command needs this field.")]
            for field in REQUIRED.get(kind, ())
            if attrs.get(field) in (None, "")
        }
        if missing:
            raise serializers.ValidationError(missing)
        if kind in ROOM_ONLY and attrs.get("candidate"):
            raise serializers.ValidationError({"candidate": [_("This command is for the whole room.")]})
        return attrs


def command_errors_text(errors: dict) -> str:
    """A serializer's errors as one line naming each field: the `error` message of the proctor's socket."""
    parts = []
    for field, messages in errors.items():
        text = " ".join(str(m) for m in messages) if isinstance(messages, list) else str(messages)
        parts.append(text if field == "non_field_errors" else f"{field}: {text}")
    return "; ".join(parts)


class RoomLogOutput(serializers.Serializer):
    """One line of the minutes, as the console's log and the API show it."""

    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    actor = serializers.SerializerMethodField()
    candidate = serializers.SerializerMethodField()
    reason = serializers.CharField()
    data = serializers.JSONField()
    detail = serializers.CharField()  # worded as in the printed minutes: minutes added, the part ended, …

    def get_actor(self, line) -> str:
        return line.actor.display_name if line.actor else ""

    def get_candidate(self, line) -> dict | None:
        if line.attempt is None:
            return None
        candidate = line.attempt.candidate
        return {"id": candidate.pk, "number": candidate.candidate_number, "name": candidate.person.full_name}


class RoomStateOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    shift = serializers.CharField()
    status = serializers.CharField(help_text="waiting, in_progress or paused")
    started_at = serializers.CharField(allow_null=True)
    paused_at = serializers.CharField(allow_null=True)
    may_command = serializers.BooleanField(required=False, help_text="in the roster: whether the requester may command")


class RosterOutput(serializers.Serializer):
    """The socket's `roster`: the room's state and every seat as the console shows it."""

    type = serializers.CharField()
    room = RoomStateOutput()
    candidates = serializers.ListField(
        child=serializers.DictField(),
        help_text="seats: id, number, name, seat, connected, answered, total, remaining_ms, status, events, last_seen",
    )


class CommandDoneOutput(serializers.Serializer):
    """A command carried out: `done` with the command's name and the room's state after it."""

    type = serializers.CharField()
    command = serializers.CharField()
    room = RoomStateOutput()
