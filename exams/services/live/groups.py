"""The live exam's channel groups and pushes: the only module that knows their names and event shapes.

Pushes are sent after the current transaction commits (at once outside one), through common.realtime: a rolled
back command tells nobody. The candidate consumer forwards `attempt.push`; the proctor consumer forwards
`room.candidate` and `room.incident` as the protocol's `candidate` and `incident` messages.
"""

import asyncio
import logging

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


def push_attempt(attempt_id: int, message: dict) -> None:
    """Send a protocol message (paused, resumed, extended, submitted, kicked) to the attempt's socket, after commit."""
    send_after_commit(attempt_group(attempt_id), {"type": "attempt.push", "message": message})


ROOM_KINDS = ("candidate", "incident")


def push_room(room_session_id: int, kind: str, payload: dict) -> None:
    """Send `room.<kind>` (candidate: a seat dict; incident: a minutes line) to the room's consoles, after commit."""
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
    """Many pushes sent together after commit in one round of the channel layer (the end of a shift closes
    hundreds of attempts at once: one `submitted` and one seat each)."""

    def __init__(self):
        self.events: list[tuple[str, dict]] = []

    def attempt(self, attempt_id: int, message: dict) -> None:
        self.events.append((attempt_group(attempt_id), {"type": "attempt.push", "message": message}))

    def room(self, room_session_id: int, kind: str, payload: dict) -> None:
        self.events.append((room_group(room_session_id), {"type": f"room.{kind}", kind: payload}))

    def send_after_commit(self) -> None:
        events = self.events
        if events and get_channel_layer() is not None:
            transaction.on_commit(lambda: async_to_sync(_send_all)(events))
