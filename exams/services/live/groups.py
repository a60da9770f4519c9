"""The live exam's channel groups and pushes: the only module that knows their names and event shapes.

Pushes are sent after the current transaction commits (at once outside one), through common.realtime: a rolled
back command tells nobody. The candidate consumer forwards `attempt.push`; the proctor consumer forwards
`room.candidate` and `room.incident` as the protocol's `candidate` and `incident` messages.
"""

from common.realtime import send_after_commit


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
