"""The live exam's channel groups and pushes: the only module that knows their names and event shapes.

Pushes are sent after the current transaction commits (at once outside one), through common.realtime: a rolled
back command tells nobody. The candidate consumer forwards `attempt.push` (and a room's `attempt.room_push`, sent
once to every candidate socket of the room); the proctor consumer forwards `room.candidate` and `room.incident` as
the protocol's `candidate` and `incident` messages, `room.roster` as a `roster`, and `room.seats` (the coalesced
changes of many seats, SeatChanges below) as one `candidate` message per seat.
"""

import asyncio
import logging
import weakref

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from common.realtime import send_after_commit

log = logging.getLogger(__name__)


def attempt_group(attempt_id: int) -> str:
    """The group of an attempt's live connection (the candidate's socket)."""
    return f"exam.attempt.{attempt_id}"


def room_group(room_session_id: int) -> str:
    """The group of a room session's proctor consoles."""
    return f"exam.room.{room_session_id}"


def room_candidates_group(room_session_id: int) -> str:
    """The group of every candidate socket of a room session (one group_send tells them all)."""
    return f"exam.room.{room_session_id}.candidates"


def push_attempt(attempt_id: int, message: dict) -> None:
    """Send a protocol message (paused, resumed, extended, submitted, kicked) to the attempt's socket, after commit."""
    send_after_commit(attempt_group(attempt_id), {"type": "attempt.push", "message": message})


def push_room_attempts(room_session_id: int, messages: dict[int, dict]) -> None:
    """Send each attempt of a room its own protocol message (attempt id → message) in ONE group message to the room's
    candidate sockets, after commit: each socket forwards its own, if any."""
    send_after_commit(room_candidates_group(room_session_id), _room_push(messages))


def _room_push(messages: dict) -> dict:
    """The `attempt.room_push` event of a room's candidate sockets: attempt id → that candidate's message."""
    return {"type": "attempt.room_push", "messages": {str(pk): message for pk, message in messages.items()}}


ROOM_KINDS = ("candidate", "incident", "roster")


def push_room(room_session_id: int, kind: str, payload: dict) -> None:
    """Send `room.<kind>` (candidate: a seat dict; incident: a minutes line; roster: every seat) to the room's
    consoles, after commit."""
    if kind not in ROOM_KINDS:
        raise ValueError(f"unknown room push {kind!r} (kinds: {', '.join(ROOM_KINDS)})")
    send_after_commit(room_group(room_session_id), {"type": f"room.{kind}", kind: payload})


def _send_channel(channel_name: str, event: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.send)(channel_name, event)
    except Exception:  # a connection gone with its process: nothing to tell
        log.warning("could not send %s to %s", event.get("type"), channel_name, exc_info=True)


def push_channel(channel_name: str, message: dict, *, close: bool = False) -> None:
    """Send a protocol message to one connection (another process's too), after commit; `close` ends it then
    (the `kicked` of a relogin)."""
    event = {"type": "attempt.push", "message": message, "close": close}
    transaction.on_commit(lambda: _send_channel(channel_name, event))


SEND_CONCURRENCY = 16  # the Redis layer's connection pool is small: a few sends in flight at a time
LAYER_OPS_AT_ONCE = 32  # group joins and leaves in flight per process (the Redis pool refuses beyond 100)
_gates: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]" = weakref.WeakKeyDictionary()


def _gate() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    gate = _gates.get(loop)
    if gate is None:
        gate = _gates[loop] = asyncio.Semaphore(LAYER_OPS_AT_ONCE)
    return gate


async def groups_join(layer, channel_name: str, groups: list[str]) -> None:
    """Add a socket to its groups, a bounded number of layer calls at a time per process (a reconnect storm of
    2,000 sockets must not exhaust the Redis layer's connection pool)."""
    async with _gate():
        for group in groups:
            await layer.group_add(group, channel_name)


async def groups_leave(layer, channel_name: str, groups: list[str]) -> None:
    """Remove a socket from its groups, bounded as groups_join."""
    async with _gate():
        for group in groups:
            await layer.group_discard(group, channel_name)


async def _send_all(events: list[tuple[str, dict]]) -> None:
    layer = get_channel_layer()
    gate = asyncio.Semaphore(SEND_CONCURRENCY)

    async def send(group: str, event: dict) -> None:
        async with gate:
            await layer.group_send(group, event)

    results = await asyncio.gather(*(send(g, e) for g, e in events), return_exceptions=True)
    for (group, event), result in zip(events, results, strict=True):
        if isinstance(result, Exception):
            log.warning("could not send %s to %s: %s", event.get("type"), group, result)


class Pushes:
    """Many pushes sent together after commit in one round of the channel layer, grouped by room (the end of a shift
    closes hundreds of attempts at once): one `attempt.room_push` per room carrying each candidate's own message,
    one `room.seats` per room carrying its changed seats, and the minutes lines one by one."""

    def __init__(self):
        self.messages: dict[int, dict[int, dict]] = {}  # room → attempt id → protocol message
        self.seats: dict[int, list[dict]] = {}  # room → seats
        self.events: list[tuple[str, dict]] = []

    def attempt(self, room_session_id: int, attempt_id: int, message: dict, seat: dict) -> None:
        """The attempt's protocol message to its socket, and its seat as it is now to the room's consoles."""
        self.messages.setdefault(room_session_id, {})[attempt_id] = message
        self.seats.setdefault(room_session_id, []).append(seat)

    def incident(self, room_session_id: int, line: dict) -> None:
        self.events.append((room_group(room_session_id), {"type": "room.incident", "incident": line}))

    def send_after_commit(self) -> None:
        events = [
            *self.events,
            *((room_candidates_group(room), _room_push(messages)) for room, messages in self.messages.items()),
            *((room_group(room), {"type": "room.seats", "seats": seats}) for room, seats in self.seats.items()),
        ]  # fmt: skip
        if events and get_channel_layer() is not None:
            transaction.on_commit(lambda: async_to_sync(_send_all)(events))


SEATS_EVERY_S = 1.0  # a room's consoles get at most one `room.seats` a second from each server process


class SeatChanges:
    """The seat changes the candidate sockets of this process know without the database (connected, answered,
    remaining time, status), coalesced per room: at most one `room.seats` group message per room per SEATS_EVERY_S,
    carrying the latest fields of every seat changed since the last one."""

    def __init__(self, *, every: float = SEATS_EVERY_S, layer=None):
        self.every, self.layer = every, layer  # layer: the default channel layer unless given
        self.pending: dict[int, dict[int, dict]] = {}  # room → candidate id → changed fields
        self.sent_at: dict[int, float] = {}
        self.tasks: dict[int, asyncio.Task] = {}

    def note(self, room_session_id: int, seat: dict) -> None:
        """Record a change of one seat (a partial `candidate` object with at least its "id")."""
        room = self.pending.setdefault(room_session_id, {})
        room[seat["id"]] = {**room.get(seat["id"], {}), **seat}
        task = self.tasks.get(room_session_id)
        if task is None or task.done():
            loop = asyncio.get_running_loop()
            wait = max(0.0, self.sent_at.get(room_session_id, -self.every) + self.every - loop.time())
            self.tasks[room_session_id] = loop.create_task(self._flush_after(room_session_id, wait))

    async def _flush_after(self, room_session_id: int, wait: float) -> None:
        await asyncio.sleep(wait)
        await self.flush(room_session_id)

    async def flush(self, room_session_id: int) -> None:
        seats = self.pending.pop(room_session_id, {})
        self.sent_at[room_session_id] = asyncio.get_running_loop().time()
        layer = self.layer or get_channel_layer()
        if not seats or layer is None:
            return
        try:
            await layer.group_send(room_group(room_session_id), {"type": "room.seats", "seats": list(seats.values())})
        except Exception:  # the consoles catch up at their next change or reload
            log.warning("could not send the seats of room %s", room_session_id, exc_info=True)


_seat_changes: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, SeatChanges]" = weakref.WeakKeyDictionary()


def seat_changes() -> SeatChanges:
    """The running event loop's (this server process's) seat coalescer."""
    loop = asyncio.get_running_loop()
    changes = _seat_changes.get(loop)
    if changes is None:
        changes = _seat_changes[loop] = SeatChanges()
    return changes
