"""The proctor's console socket (`ws/proctor/<room_session_id>/`) and the board's socket of a shift
(`ws/proctor/shift/<shift_id>/`), issue #15, docs/exam-protocol.md.

Thin adapters: the user comes from the scope, access from the same selectors as the pages, commands through
ProctorCommandInput into exams.services.live.proctor. Async, because they mostly forward the room's pushes."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from exams.selectors.proctor import live_room_session_for_user, live_shift_for_user, room_log_room_session_id
from exams.serializers.proctor import ProctorCommandInput, command_errors_text
from exams.services.live.groups import room_group
from exams.services.live.proctor import (
    board_snapshot,
    command_error,
    command_refusal,
    console_snapshot,
    proctor_command,
    room_state,
)


@database_sync_to_async
def _console_open(user, room_session_id: int) -> dict | None:
    session = live_room_session_for_user(user=user, room_session_id=room_session_id)
    return None if session is None else console_snapshot(room_session=session, user=user)


@database_sync_to_async
def _command(user, room_session_id: int, command: dict) -> dict:
    # Looked up again: the socket lives for hours, and the grant or the room may change under it.
    session = live_room_session_for_user(user=user, room_session_id=room_session_id)
    if session is None:
        return command_error(
            code="forbidden", message=_("You no longer have access to this room."), command=command["type"]
        )
    done = proctor_command(room_session=session, actor=user, command=command)
    session.refresh_from_db(fields=["started_at", "paused_at"])
    return {**done, "room": room_state(room_session=session)}


@database_sync_to_async
def _incident_room(line: dict) -> int | None:
    return line.get("room") or room_log_room_session_id(line_id=line.get("id"))


@database_sync_to_async
def _board_open(user, shift_id: int) -> list[dict] | None:
    shift = live_shift_for_user(user=user, shift_id=shift_id)
    return None if shift is None else board_snapshot(shift=shift, user=user)


class _RoomWatcher(AsyncJsonWebsocketConsumer):
    """Forwards the rooms' pushes as the protocol's messages; malformed JSON gets an `error`, the socket stays.

    It keeps the seats it has sent (candidate id → `candidate` object): a `room.seats` event carries only what the
    candidate sockets know of their seats (connected, answered, remaining time, status), coalesced per room and
    second; each changed seat is merged into the one known here and sent whole, as the protocol's `candidate`."""

    def known_seats(self) -> dict:
        if not hasattr(self, "seats"):
            self.seats = {}
        return self.seats

    def remember(self, seats: list[dict]) -> None:
        known = self.known_seats()
        for seat in seats:
            known[seat["id"]] = seat

    async def decode_json(self, text_data):
        try:
            return await super().decode_json(text_data)
        except ValueError:
            return None  # receive_json answers with an error; the socket stays open

    async def room_candidate(self, event):
        self.remember([event["candidate"]])
        await self.send_json({"type": "candidate", "candidate": event["candidate"]})

    async def room_seats(self, event):
        known = self.known_seats()
        for change in event["seats"]:
            if change["id"] not in known:  # not a seat of the rooms watched here (or seated since the roster)
                continue
            seat = known[change["id"]] = {**known[change["id"]], **change}
            await self.send_json({"type": "candidate", "candidate": seat})

    async def room_incident(self, event):
        await self.send_json({"type": "incident", "incident": event["incident"]})


class ProctorConsumer(_RoomWatcher):
    """One room's console: the roster on connect, every seat's change and incident, and the proctor's commands."""

    async def connect(self):
        self.user = self.scope["user"]
        self.room_session_id = self.scope["url_route"]["kwargs"]["room_session_id"]
        opened = await _console_open(self.user, self.room_session_id)
        if opened is None:
            await self.close()  # before accept(): the handshake is refused
            return
        self.group = room_group(self.room_session_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        self.remember(opened["candidates"])
        self.may_command = opened["room"].get("may_command")
        await self.send_json({"type": "roster", **opened})

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def room_roster(self, event):
        """Every seat at once (the room's start): the protocol's `roster`, with the room as it is now (and whether
        this console's user may command it, as on connect)."""
        roster = event["roster"]
        self.seats = {}
        self.remember(roster["candidates"])
        room = {**roster["room"], "may_command": self.may_command}
        await self.send_json({"type": "roster", "room": room, "candidates": roster["candidates"]})

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict):
            return await self.send_json(command_error(code="bad_message", message=_("Expected a JSON object.")))
        data = ProctorCommandInput(data=content)
        if not data.is_valid():
            kind = content.get("type") if isinstance(content.get("type"), str) else None
            return await self.send_json(
                command_error(code="bad_command", message=command_errors_text(data.errors), command=kind)
            )
        command = dict(data.validated_data)
        try:
            reply = await _command(self.user, self.room_session_id, command)
        except ValidationError as exc:
            reply = command_refusal(exc, command=command["type"])
        await self.send_json(reply)


class ShiftBoardConsumer(_RoomWatcher):
    """The board's view of a shift: every room it may watch with its seats, then their changes, tagged by room."""

    async def connect(self):
        user = self.scope["user"]
        rooms = await _board_open(user, self.scope["url_route"]["kwargs"]["shift_id"])
        if rooms is None:
            await self.close()
            return
        self.groups_joined = {room_group(room["id"]): room["id"] for room in rooms}
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        self.remember([seat for room in rooms for seat in room["candidates"]])
        await self.send_json({"type": "board", "rooms": rooms})

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", {}):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        await self.send_json(command_error(code="read_only", message=_("The board view takes no commands.")))

    async def room_roster(self, event):
        """A room's seats all changed (its start): each as a `candidate` message, which the board counts."""
        for seat in event["roster"]["candidates"]:
            if seat["id"] in self.known_seats():
                self.known_seats()[seat["id"]] = seat
                await self.send_json({"type": "candidate", "candidate": seat})

    async def room_incident(self, event):
        # The board counts incidents by room; a minutes line names its room only by its id.
        line = event["incident"]
        if line.get("kind") == "incident":
            line = {**line, "room": await _incident_room(line)}
        await self.send_json({"type": "incident", "incident": line})
