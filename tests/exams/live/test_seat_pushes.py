"""What the proctor's consoles are told under load: a candidate socket's own seat changes (connected, answers acked,
disconnected) coalesced per room into one `room.seats` group message a second, built without the database; the
console merging them into whole `candidate` objects; the room's start as two group messages whatever its size."""

import asyncio
import datetime as dt

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from common import auth_services, realtime
from config.asgi import websocket_stack
from config.routing import websocket_urlpatterns
from exams.models import Attempt
from exams.services.live import commands
from exams.services.live.groups import SeatChanges, room_candidates_group, room_group
from tests.exams.factories_setup import proctor_of
from tests.exams.live.conftest import build_live, paper_of
from tests.sockets import Communicator

pytestmark = pytest.mark.django_db(transaction=True)
app = websocket_stack(websocket_urlpatterns)
db = database_sync_to_async
T0 = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)


@pytest.fixture
def room():
    ready = build_live(candidates=3)
    ready["proctor"] = proctor_of(ready["session"])
    return ready


def started(room):
    commands.room_start(room_session=room["session"], actor=room["proctor"], now=timezone.now())
    room["attempts"] = [Attempt.objects.get(candidate=c) for c in room["candidates"]]
    return room


async def candidate_socket(user):
    ticket = await db(auth_services.ws_ticket_issue)(user=user)
    ws = Communicator(
        app, f"/ws/exam/?token={ticket}", headers=[(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1")]
    )
    connected, _ = await ws.connect()
    assert connected
    state = await ws.receive_json_from(timeout=5)
    assert state["type"] == "state"
    return ws, state


async def console_socket(room):
    ws = Communicator(URLRouter(websocket_urlpatterns), f"/ws/proctor/{room['session'].pk}/")
    ws.scope["user"] = room["proctor"]
    connected, _ = await ws.connect()
    assert connected
    roster = await ws.receive_json_from(timeout=5)
    assert roster["type"] == "roster"
    return ws, roster


async def next_seat(ws, **expected):
    """The next `candidate` message whose seat has the `expected` fields (earlier ones skipped)."""
    while True:
        message = await ws.receive_json_from(timeout=5)
        if message["type"] == "candidate" and all(message["candidate"].get(k) == v for k, v in expected.items()):
            return message["candidate"]


class Layer:
    """A channel layer that keeps what is sent to groups."""

    def __init__(self):
        self.sent, self.arrived = [], asyncio.Event()

    async def group_send(self, group, event):
        self.sent.append((group, event))
        self.arrived.set()

    async def next(self):
        await asyncio.wait_for(self.arrived.wait(), 5)
        self.arrived.clear()
        return self.sent[-1]


async def test_changes_within_a_second_are_one_group_message_per_room_with_the_latest_fields():
    layer = Layer()
    changes = SeatChanges(every=0.3, layer=layer)
    changes.note(901, {"id": 1, "connected": True, "answered": 0})
    changes.note(901, {"id": 1, "answered": 1})
    changes.note(901, {"id": 2, "connected": True})
    changes.note(902, {"id": 3, "answered": 5})
    await asyncio.sleep(0.1)
    assert sorted(layer.sent, key=lambda sent: sent[0]) == [
        (room_group(901), {"type": "room.seats", "seats": [{"id": 1, "connected": True, "answered": 1},
                                                           {"id": 2, "connected": True}]}),
        (room_group(902), {"type": "room.seats", "seats": [{"id": 3, "answered": 5}]}),
    ]  # fmt: skip
    layer.arrived.clear()
    first_sent = changes.sent_at[901]
    changes.note(901, {"id": 1, "answered": 2})
    changes.note(901, {"id": 1, "answered": 3})
    assert await layer.next() == (room_group(901), {"type": "room.seats", "seats": [{"id": 1, "answered": 3}]})
    assert changes.sent_at[901] - first_sent >= 0.29  # not before a second (here 0.3 s) after the room's last one
    assert len(layer.sent) == 3


async def test_the_console_sees_a_connect_an_answer_and_a_disconnect_as_whole_seats(room):
    await db(started)(room)
    console, roster = await console_socket(room)
    before = {seat["id"]: seat for seat in roster["candidates"]}
    candidate = room["candidates"][0]
    ws, state = await candidate_socket(candidate.user)
    seat = await next_seat(console, id=candidate.pk, connected=True)
    assert seat["name"] == before[candidate.pk]["name"] and seat["seat"] == before[candidate.pk]["seat"]
    assert seat["answered"] == 0 and seat["status"] == "in_progress" and seat["total"] == 3
    assert 0 < seat["remaining_ms"] <= state["remaining_ms"]
    question = (await db(paper_of)(candidate))[0]
    await ws.send_json_to({"type": "answer", "seq": 1, "question": question["v"], "choices": [question["o"][0]]})
    assert await ws.receive_json_from(timeout=5) == {"type": "ack", "seq": 1}
    assert (await next_seat(console, id=candidate.pk, answered=1))["connected"] is True
    await ws.send_json_to({"type": "answer", "seq": 2, "question": question["v"], "choices": []})  # cleared
    assert await ws.receive_json_from(timeout=5) == {"type": "ack", "seq": 2}
    await next_seat(console, id=candidate.pk, answered=0)
    await ws.disconnect()
    assert (await next_seat(console, id=candidate.pk, connected=False))["name"] == before[candidate.pk]["name"]
    await console.disconnect()


async def test_the_handshake_reads_no_seat_and_pushes_nothing_itself(room, monkeypatch):
    await db(started)(room)
    sent = []
    monkeypatch.setattr(realtime, "_send", lambda group, event: sent.append(group))
    ws, _state = await candidate_socket(room["candidates"][1].user)
    assert sent == []  # the seat goes through the coalescer, not a per-socket push read from the database
    await ws.disconnect()


def test_room_start_is_two_group_messages_whatever_the_size_of_the_room(room, monkeypatch):
    sent = []
    monkeypatch.setattr(realtime, "_send", lambda group, event: sent.append((group, event)))
    with CaptureQueriesContext(connection):
        commands.room_start(room_session=room["session"], actor=room["proctor"], now=T0)
    attempts = {a.pk: a for a in Attempt.objects.filter(room_session=room["session"])}
    session = room["session"].pk
    assert [(group, event["type"]) for group, event in sent] == [
        (room_candidates_group(session), "attempt.room_push"),
        (room_group(session), "room.roster"),
    ]
    started_messages = sent[0][1]["messages"]
    assert set(started_messages) == {str(pk) for pk in attempts}
    assert {m["type"] for m in started_messages.values()} == {"started"}
    assert {m["remaining_ms"] for m in started_messages.values()} == {60 * 60_000}
    roster = sent[1][1]["roster"]
    assert roster["room"]["status"] == "in_progress" and "may_command" not in roster["room"]
    assert {seat["attempt"] for seat in roster["candidates"]} == set(attempts)
    assert {seat["status"] for seat in roster["candidates"]} == {"in_progress"}


async def test_the_start_reaches_each_candidate_socket_and_the_console_gets_one_roster(room):
    console, _roster = await console_socket(room)
    sockets = [await candidate_socket(c.user) for c in room["candidates"][:2]]
    assert {state["status"] for _ws, state in sockets} == {"waiting"}
    await console.send_json_to({"type": "start"})
    for ws, state in sockets:
        started = await ws.receive_json_from(timeout=5)
        assert started["type"] == "started" and started["remaining_ms"] == state["remaining_ms"]
    while True:  # the seats' connects may come first
        message = await console.receive_json_from(timeout=5)
        if message["type"] == "roster":
            break
    assert message["room"]["status"] == "in_progress" and message["room"]["may_command"] is True
    assert {seat["status"] for seat in message["candidates"]} == {"in_progress"}
    for ws, _state in sockets:
        await ws.disconnect()
    await console.disconnect()
