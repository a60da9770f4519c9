"""The proctor's console socket and the board's socket: roster, refusals, each command reaching the candidate's
group and the room's minutes, bad messages answered with `error` on an open socket."""

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.routing import URLRouter

from exams import routing
from exams.models import Attempt, RoomLog
from exams.services.live import attempts as live
from exams.services.live import commands
from exams.services.live.groups import attempt_group, room_candidates_group
from tests.exams.factories import RoomSessionFactory
from tests.exams.factories_setup import board_of, grader_of, proctor_of
from tests.exams.live.conftest import build_live
from tests.hrm.factories import UserFactory
from tests.sockets import Communicator

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def room(db):
    setup = build_live()
    setup["proctor"] = proctor_of(setup["session"])
    return setup


async def console(user, path):
    ws = Communicator(URLRouter(routing.websocket_urlpatterns), path)
    ws.scope["user"] = user
    connected, _ = await ws.connect()
    return ws, connected


async def open_console(room, user=None):
    ws, connected = await console(user or room["proctor"], f"/ws/proctor/{room['session'].pk}/")
    assert connected
    roster = await ws.receive_json_from(timeout=5)
    assert roster["type"] == "roster"
    return ws, roster


async def listen_to_attempt(candidate):
    """A channel in the candidate's attempt group and his room's candidates group: what his exam page would
    receive (the room's start comes as one `attempt.room_push` for the whole room: `received` picks his)."""
    attempt = await database_sync_to_async(lambda: live.attempt_for_candidate(candidate=candidate))()
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add(attempt_group(attempt.pk), channel)
    await layer.group_add(room_candidates_group(attempt.room_session_id), channel)
    return Listener(layer, channel, attempt.pk), channel


class Listener:
    def __init__(self, layer, channel, attempt_id):
        self.layer, self.channel, self.attempt_id = layer, channel, attempt_id

    async def receive(self, channel):
        event = await self.layer.receive(channel)
        if event["type"] == "attempt.room_push":
            return {"type": "attempt.push", "message": event["messages"][str(self.attempt_id)]}
        return event


async def reply_of(ws, kind=None):
    """The next `done`/`error` reply, skipping the room's pushes that come first."""
    while True:
        message = await ws.receive_json_from(timeout=5)
        if message["type"] in ("done", "error"):
            assert kind is None or message["command"] == kind
            return message


def logged(**filters):
    return database_sync_to_async(lambda: list(RoomLog.objects.filter(**filters).values("kind", "reason", "actor")))()


async def test_the_proctor_gets_the_roster_of_his_room(room):
    ws, roster = await open_console(room)
    assert roster["room"]["status"] == "waiting" and roster["room"]["may_command"] is True
    numbers = sorted(c.candidate_number for c in room["candidates"])
    assert [seat["number"] for seat in roster["candidates"]] == numbers
    assert set(roster["candidates"][0]) >= {"id", "number", "name", "seat", "connected", "answered", "total",
                                            "remaining_ms", "status", "events", "last_seen"}  # fmt: skip
    await ws.disconnect()


async def test_outsiders_other_rooms_proctors_and_graders_are_refused(room):
    other = await database_sync_to_async(lambda: proctor_of(RoomSessionFactory(shift=room["shift"]), "p2"))()
    grader = await database_sync_to_async(lambda: grader_of(room["exam"]))()
    outsider = await database_sync_to_async(lambda: UserFactory(username="outsider"))()
    for user in (other, grader, outsider):
        ws, connected = await console(user, f"/ws/proctor/{room['session'].pk}/")
        assert not connected
        ws, connected = await console(user, f"/ws/proctor/shift/{room['shift'].pk}/")
        assert connected is (user is other)  # the other room's proctor sees his own room on the board
        await ws.disconnect()


async def test_pause_and_resume_of_the_room_reach_the_candidates_and_are_logged(room):
    layer, channel = await listen_to_attempt(room["candidates"][0])
    ws, _roster = await open_console(room)
    await ws.send_json_to({"type": "start"})
    assert (await reply_of(ws, "start"))["room"]["status"] == "in_progress"
    assert (await layer.receive(channel))["message"]["type"] == "started"
    await ws.send_json_to({"type": "pause", "reason": "Mất điện toàn phòng"})
    done = await reply_of(ws, "pause")
    assert done["room"]["status"] == "paused"
    assert (await layer.receive(channel))["message"]["type"] == "paused"
    await ws.send_json_to({"type": "resume"})
    assert (await reply_of(ws, "resume"))["room"]["status"] == "in_progress"
    assert (await layer.receive(channel))["message"]["type"] == "resumed"
    lines = await logged(room_session=room["session"])
    assert [line["kind"] for line in lines] == ["start", "pause", "resume"]
    assert lines[1]["reason"] == "Mất điện toàn phòng" and {line["actor"] for line in lines} == {room["proctor"].pk}
    await ws.disconnect()


async def test_extend_and_force_submit_reach_the_candidate_and_the_console(room):
    one = room["candidates"][1]
    layer, channel = await listen_to_attempt(one)
    ws, _roster = await open_console(room)
    await ws.send_json_to({"type": "start"})
    await reply_of(ws, "start")
    await layer.receive(channel)  # started
    await ws.send_json_to({"type": "extend", "candidate": one.pk, "minutes": 10, "reason": "Máy hỏng"})
    assert (await reply_of(ws, "extend"))["minutes"] == 10
    extended = (await layer.receive(channel))["message"]
    assert extended["type"] == "extended" and extended["reason"] == "Máy hỏng"
    assert extended["remaining_ms"] > 60 * 60_000
    await ws.send_json_to({"type": "force_submit", "candidate": one.pk, "reason": "Vi phạm quy chế"})
    await reply_of(ws, "force_submit")
    assert (await layer.receive(channel))["message"]["type"] == "submitted"
    attempt = await database_sync_to_async(Attempt.objects.get)(candidate=one)
    assert (attempt.status, attempt.ending, attempt.extra_ms) == ("submitted", "forced", 10 * 60_000)
    await ws.disconnect()


async def test_relogin_and_incident_are_logged_and_the_incident_reaches_the_board_with_its_room(room):
    one = room["candidates"][0]
    ws, _roster = await open_console(room)
    board = await database_sync_to_async(lambda: board_of(room["exam"]))()
    watcher, connected = await console(board, f"/ws/proctor/shift/{room['shift'].pk}/")
    assert connected and (await watcher.receive_json_from(timeout=5))["type"] == "board"
    await ws.send_json_to({"type": "allow_relogin", "candidate": one.pk})
    await reply_of(ws, "allow_relogin")
    await ws.send_json_to({"type": "incident", "candidate": None, "text": "Camera phòng thi tắt 2 phút"})
    await reply_of(ws, "incident")
    while (message := await watcher.receive_json_from(timeout=5))["type"] != "incident":
        pass
    assert message["incident"]["reason"] == "Camera phòng thi tắt 2 phút"
    assert message["incident"]["room"] == room["session"].pk
    kinds = [line["kind"] for line in await logged(room_session=room["session"])]
    assert kinds == ["allow_relogin", "incident"]
    await ws.disconnect()
    await watcher.disconnect()


async def test_the_board_member_watches_and_his_command_is_refused(room):
    board = await database_sync_to_async(lambda: board_of(room["exam"]))()
    ws, roster = await open_console(room, board)
    assert roster["room"]["may_command"] is False
    await ws.send_json_to({"type": "start"})
    error = await reply_of(ws, "start")
    assert error["type"] == "error" and error["code"] == "forbidden" and error["message"]
    assert await logged() == []
    await ws.disconnect()


async def test_bad_messages_get_an_error_and_the_socket_stays_open(room):
    ws, _roster = await open_console(room)
    await ws.send_to(text_data="{not json")
    assert (await ws.receive_json_from(timeout=5))["code"] == "bad_message"
    await ws.send_json_to({"type": "teleport"})
    assert (await ws.receive_json_from(timeout=5))["code"] == "bad_command"
    await ws.send_json_to({"type": "extend", "candidate": room["candidates"][0].pk, "minutes": 5})
    error = await ws.receive_json_from(timeout=5)
    assert error["code"] == "bad_command" and "reason" in error["message"]
    await ws.send_json_to({"type": "extend", "candidate": 99999, "minutes": 5, "reason": "x"})
    assert (await ws.receive_json_from(timeout=5))["code"] == "not_in_room"
    await ws.send_json_to({"type": "resume"})
    assert (await ws.receive_json_from(timeout=5))["code"] == "not_paused"
    assert await logged() == []
    await ws.disconnect()


async def test_the_board_gets_every_room_then_the_seats_changes(room):
    board = await database_sync_to_async(lambda: board_of(room["exam"]))()
    ws, connected = await console(board, f"/ws/proctor/shift/{room['shift'].pk}/")
    assert connected
    first = await ws.receive_json_from(timeout=5)
    assert first["type"] == "board" and [r["id"] for r in first["rooms"]] == [room["session"].pk]
    assert len(first["rooms"][0]["candidates"]) == 3 and first["rooms"][0]["incidents"] == 0
    await database_sync_to_async(commands.room_start)(room_session=room["session"], actor=room["proctor"])
    seats = [await ws.receive_json_from(timeout=5) for _seat in range(3)]  # the start's roster, seat by seat
    assert {seat["type"] for seat in seats} == {"candidate"}
    assert {seat["candidate"]["status"] for seat in seats} == {"in_progress"}
    assert {seat["candidate"]["id"] for seat in seats} == {c.pk for c in room["candidates"]}
    await ws.send_json_to({"type": "start"})
    assert (await ws.receive_json_from(timeout=5))["code"] == "read_only"
    await ws.disconnect()
