"""The proctor's commands (exams.services.live.proctor): who may give them, to whom, and what each one records."""

import datetime as dt

import pytest

from common.errors import ApplicationError
from exams.models import Attempt, CandidateSeat, RoomLog
from exams.selectors.proctor import live_room_session_for_user, room_presence
from exams.services.live import attempts as live
from exams.services.live.proctor import (
    board_snapshot,
    command_refusal,
    console_snapshot,
    proctor_command,
)
from tests.exams.factories import RoomSessionFactory, make_candidate
from tests.exams.factories_setup import board_of, grader_of, proctor_of

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)


def at(minutes=0):
    return T0 + dt.timedelta(minutes=minutes)


@pytest.fixture
def room(ready):
    ready["proctor"] = proctor_of(ready["session"])
    return ready


def command(room, kind, user=None, now=T0, **fields):
    return proctor_command(
        room_session=room["session"], actor=user or room["proctor"], command={"type": kind, **fields}, now=now
    )


def attempt_of(candidate) -> Attempt:
    return Attempt.objects.get(candidate=candidate)


def refusal(call) -> str:
    with pytest.raises(ApplicationError) as caught:
        call()
    return command_refusal(caught.value)["code"]


def test_roster_makes_the_missing_attempts_and_lists_every_seat(room):
    seats = console_snapshot(room_session=room["session"], user=room["proctor"], now=T0)["candidates"]
    assert [s["number"] for s in seats] == sorted(c.candidate_number for c in room["candidates"])
    assert {s["status"] for s in seats} == {"waiting"} and {s["total"] for s in seats} == {3}
    assert {s["seat"] for s in seats} == {1, 2, 3} and not any(s["connected"] for s in seats)


def test_start_then_room_pause_is_recorded_with_who_and_why(room, django_capture_on_commit_callbacks):
    done = command(room, "start")
    assert done == {"type": "done", "command": "start", "started": 3}
    with django_capture_on_commit_callbacks() as pushes:
        command(room, "pause", now=at(10), reason="Mất điện")
    assert {a.status for a in Attempt.objects.all()} == {Attempt.Status.PAUSED}
    line = RoomLog.objects.get(kind=RoomLog.Kind.PAUSE)
    assert (line.actor, line.reason, line.attempt, line.at) == (room["proctor"], "Mất điện", None, at(10))
    assert len(pushes) >= 3  # each seat's `paused` waits for the commit


def test_a_seat_is_paused_resumed_and_credited_alone(room):
    command(room, "start")
    one = room["candidates"][0]
    command(room, "pause", now=at(5), candidate=one.pk, reason="Máy treo")
    command(room, "resume", now=at(9), candidate=one.pk)
    attempt, other = attempt_of(one), attempt_of(room["candidates"][1])
    assert attempt.paused_ms == 4 * 60_000 and attempt.deadline == other.deadline + dt.timedelta(minutes=4)
    kinds = list(RoomLog.objects.filter(attempt=attempt).values_list("kind", flat=True))
    assert kinds == [RoomLog.Kind.PAUSE, RoomLog.Kind.RESUME]


def test_extend_moves_one_deadline_and_logs_the_minutes(room):
    command(room, "start")
    one = room["candidates"][1]
    done = command(room, "extend", now=at(30), candidate=one.pk, minutes=7, reason="Đổi máy")
    assert done["minutes"] == 7 and attempt_of(one).extra_ms == 7 * 60_000
    line = RoomLog.objects.get(kind=RoomLog.Kind.EXTEND)
    assert (line.attempt.candidate, line.data, line.reason) == (one, {"minutes": 7}, "Đổi máy")


def test_force_submit_closes_the_attempt_and_a_second_one_is_refused(room):
    command(room, "start")
    one = room["candidates"][2]
    command(room, "force_submit", now=at(12), candidate=one.pk, reason="Vi phạm quy chế")
    attempt = attempt_of(one)
    assert (attempt.status, attempt.ending) == (Attempt.Status.SUBMITTED, Attempt.Ending.FORCED)
    assert refusal(lambda: command(room, "force_submit", now=at(13), candidate=one.pk, reason="lần nữa")) == "submitted"
    assert RoomLog.objects.filter(kind=RoomLog.Kind.FORCE_SUBMIT).count() == 1


def test_commands_on_a_submitted_attempt_are_refused(room):
    command(room, "start")
    one = room["candidates"][0]
    command(room, "force_submit", now=at(1), candidate=one.pk, reason="Bỏ thi")
    for kind, fields in [("extend", {"minutes": 5, "reason": "x"}), ("allow_relogin", {}), ("pause", {"reason": "x"})]:
        assert refusal(lambda k=kind, f=fields: command(room, k, now=at(2), candidate=one.pk, **f))
    assert attempt_of(one).extra_ms == 0 and not attempt_of(one).relogin_allowed


def test_incident_is_written_and_shown_to_the_room(room, django_capture_on_commit_callbacks):
    one = room["candidates"][0]
    with django_capture_on_commit_callbacks(execute=False) as pushes:
        done = command(room, "incident", candidate=one.pk, text="Thí sinh mang điện thoại")
    line = RoomLog.objects.get(pk=done["incident"])
    assert (line.kind, line.reason, line.attempt.candidate, line.actor) == (
        "incident",
        "Thí sinh mang điện thoại",
        one,
        room["proctor"],
    )
    assert len(pushes) == 1


def test_starting_twice_is_refused_and_writes_nothing(room):
    command(room, "start")
    assert refusal(lambda: command(room, "start", now=at(1))) == "already_started"
    assert RoomLog.objects.filter(kind=RoomLog.Kind.START).count() == 1


def test_the_board_watches_but_does_not_command(room):
    board = board_of(room["exam"])
    assert live_room_session_for_user(user=board, room_session_id=room["session"].pk) is not None
    assert refusal(lambda: command(room, "start", user=board)) == "forbidden"
    assert console_snapshot(room_session=room["session"], user=board)["room"]["may_command"] is False
    assert not RoomLog.objects.exists() and not Attempt.objects.filter(status="in_progress").exists()


def test_another_rooms_proctor_and_a_grader_neither_see_nor_command(room):
    elsewhere = proctor_of(RoomSessionFactory(shift=room["shift"]), username="proctor_two")
    grader = grader_of(room["exam"])
    for user in (elsewhere, grader):
        assert live_room_session_for_user(user=user, room_session_id=room["session"].pk) is None
        assert refusal(lambda u=user: command(room, "pause", user=u, reason="x")) == "forbidden"
    assert not RoomLog.objects.exists()


def test_a_candidate_of_another_room_is_refused(room):
    command(room, "start")
    other_session = RoomSessionFactory(shift=room["shift"])
    stranger = make_candidate(exam=room["exam"], number="ZZ0001", room_session=other_session)
    CandidateSeat.objects.create(candidate=stranger, shift=room["shift"], room_session=other_session, number=1)
    live.attempts_prepare(shift=room["shift"])  # his attempt exists, in the other room
    for candidate_id in (stranger.pk, 999999):
        assert refusal(lambda c=candidate_id: command(room, "extend", candidate=c, minutes=5, reason="x")) == (
            "not_in_room"
        )
    assert not RoomLog.objects.filter(kind=RoomLog.Kind.EXTEND).exists()


def test_presence_counts_who_connected_or_answered(room):
    command(room, "start")
    came, answered = attempt_of(room["candidates"][0]), attempt_of(room["candidates"][1])
    came.connected_at = T0
    came.save(update_fields=["connected_at"])
    answered.last_seq = 4
    answered.save(update_fields=["last_seq"])
    presence = room_presence(room_session=room["session"])
    present = {r["number"] for r in presence["present"]}
    assert present == {room["candidates"][0].candidate_number, room["candidates"][1].candidate_number}
    assert [r["number"] for r in presence["absent"]] == [room["candidates"][2].candidate_number]


def test_live_core_refusals_come_back_with_their_code(room):
    one = room["candidates"][0]
    live.attempts_prepare(shift=room["shift"])
    assert refusal(lambda: command(room, "resume", candidate=one.pk)) == "not_paused"


def test_the_board_counts_every_room_of_the_shift_in_a_few_queries(room, django_assert_max_num_queries):
    board = board_of(room["exam"])
    second = RoomSessionFactory(shift=room["shift"])
    late = make_candidate(exam=room["exam"], number="ZZ0002", room_session=second)
    CandidateSeat.objects.create(candidate=late, shift=room["shift"], room_session=second, number=1)
    command(room, "start")
    command(room, "incident", text="Quạt trần hỏng")
    live.attempts_prepare(shift=room["shift"])
    with django_assert_max_num_queries(8):
        rooms = board_snapshot(shift=room["shift"], user=board)
    by_id = {r["id"]: r for r in rooms}
    first = by_id[room["session"].pk]
    assert (first["status"], first["incidents"], len(first["candidates"])) == ("in_progress", 1, 3)
    assert {c["status"] for c in first["candidates"]} == {"in_progress"}
    assert by_id[second.pk]["candidates"] == [{"id": late.pk, "status": "waiting", "connected": False}]
    # a proctor of the first room sees only his room on the board
    assert [r["id"] for r in board_snapshot(shift=room["shift"], user=room["proctor"])] == [room["session"].pk]
