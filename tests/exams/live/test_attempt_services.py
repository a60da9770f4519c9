"""The attempt's clock and life: start, state, pause/resume/extend, submit and grading, the closer."""

import datetime as dt
from decimal import Decimal

import pytest

from common import realtime
from common.errors import ApplicationError
from exams.models import Attempt, RoomLog
from exams.services.live import attempts as live
from exams.services.live import closing, commands, seats
from tests.exams.live.conftest import paper_of

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)


def at(minutes=0, seconds=0):
    return T0 + dt.timedelta(minutes=minutes, seconds=seconds)


def start(ready, now=T0):
    commands.room_start(room_session=ready["session"], actor=ready["proctor"], now=now)
    return [live.attempt_for_candidate(candidate=c, now=now) for c in ready["candidates"]]


def test_a_candidate_gets_a_waiting_attempt_with_his_paper_and_no_key(ready):
    candidate = ready["candidates"][0]
    attempt = live.attempt_for_candidate(candidate=candidate, now=T0)
    state = live.attempt_state(attempt=attempt, now=T0)
    assert attempt.status == Attempt.Status.WAITING and attempt.questions == 3
    assert state["status"] == "waiting" and state["remaining_ms"] == 60 * 60_000
    questions = [q["id"] for part in state["parts"] for q in part["questions"]]
    assert questions == [entry["v"] for entry in paper_of(candidate)]
    assert [o["id"] for o in state["parts"][0]["questions"][0]["options"]] == paper_of(candidate)[0]["o"]
    assert "fraction" not in str(state) and state["answers"] == {} and state["last_seq"] == 0


def test_the_state_reads_the_answers_once_the_writer_stored_some(ready, django_assert_num_queries):
    """attempt_state skips the answers' query while last_seq is 0: only the writer stores answers, and it moves
    last_seq in the same transaction."""
    from exams.services.live.writer import Answer, write_batch

    attempt = start(ready)[0]
    paper = live_paper_of(attempt)
    with django_assert_num_queries(0):
        assert live.attempt_state(attempt=attempt, now=at(1), paper=paper)["answers"] == {}
    first = paper_of(attempt.candidate)[0]
    write_batch([Answer(attempt.pk, 1, first["v"], [first["o"][1]], "", None)], now=at(2))
    attempt = live.attempt_for_candidate(candidate=attempt.candidate, now=at(3))
    state = live.attempt_state(attempt=attempt, now=at(3))
    assert state["last_seq"] == 1 and state["answers"] == {str(first["v"]): [first["o"][1]]}


def live_paper_of(attempt):
    from exams.services.live.paper import live_paper

    return live_paper(candidate=attempt.candidate, shift=attempt.shift)


def test_room_start_sets_every_deadline_and_logs_who_started(ready):
    attempts = start(ready)
    assert {a.status for a in attempts} == {Attempt.Status.IN_PROGRESS}
    assert {a.deadline for a in attempts} == {at(60)}
    log = RoomLog.objects.get(room_session=ready["session"])
    assert log.kind == RoomLog.Kind.START and log.actor == ready["proctor"] and log.data == {"attempts": 3}
    with pytest.raises(ApplicationError) as refused:
        commands.room_start(room_session=ready["session"], actor=ready["proctor"], now=at(1))
    assert refused.value.code == "already_started"


def test_submit_grades_and_a_second_submit_changes_nothing(ready):
    attempt = start(ready)[0]
    message = closing.attempt_submit(attempt=attempt, ending=Attempt.Ending.CANDIDATE, now=at(10))
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED and attempt.submitted_at == at(10)
    assert attempt.score == Decimal(0) and attempt.max_score == Decimal("4.5")
    assert message["type"] == "submitted" and message["verification_code"] == attempt.verification_code
    assert message["result"]["parts"][0]["correct"] == 0 and message["result"]["round1"]["passed"] is False
    again = closing.attempt_submit(attempt=attempt, ending=Attempt.Ending.CANDIDATE, now=at(11))
    assert again == message


def test_a_read_past_the_deadline_closes_the_attempt_at_its_deadline(ready):
    attempt = start(ready)[0]
    state = live.attempt_state(attempt=attempt, now=at(61))
    attempt.refresh_from_db()
    assert state["status"] == "submitted" and state["remaining_ms"] == 0
    assert attempt.ending == Attempt.Ending.TIMEOUT and attempt.submitted_at == at(60)
    assert RoomLog.objects.filter(kind=RoomLog.Kind.TIMEOUT, attempt=attempt).exists()


def test_the_closer_closes_due_attempts_with_no_browser_and_is_safe_twice(ready, settings):
    start(ready)
    paused = live.attempt_for_candidate(candidate=ready["candidates"][1], now=at(10))
    commands.attempt_pause(attempt=paused, actor=ready["proctor"], reason="Máy treo", now=at(10))
    assert closing.attempts_close_expired(now=at(59)) == 0
    assert closing.attempts_close_expired(now=at(60, 1)) == 2  # the paused one's clock is stopped
    assert closing.attempts_close_expired(now=at(60, 2)) == 0
    statuses = dict(Attempt.objects.values_list("candidate_id", "status"))
    assert statuses[ready["candidates"][1].pk] == Attempt.Status.PAUSED
    assert settings.CELERY_BEAT_SCHEDULE["exams.attempts_close_expired"]["schedule"] <= 5


def test_the_celery_task_runs_the_closer(ready, monkeypatch):
    from exams.tasks import attempts_close_expired as task

    start(ready)
    monkeypatch.setattr(live.clock, "now_or", lambda now: now or at(61))
    assert task() == 3 and task() == 0


def test_pause_freezes_the_clock_and_resume_credits_the_pause(ready):
    attempt = start(ready)[0]
    commands.attempt_pause(attempt=attempt, actor=ready["proctor"], reason="Mất điện", now=at(10))
    attempt.refresh_from_db()
    assert live.remaining_ms(attempt=attempt, now=at(30)) == 50 * 60_000
    commands.attempt_resume(attempt=attempt, actor=ready["proctor"], now=at(25))
    attempt.refresh_from_db()
    assert attempt.deadline == at(75) and attempt.paused_ms == 15 * 60_000
    assert live.remaining_ms(attempt=attempt, now=at(25)) == 50 * 60_000
    kinds = list(RoomLog.objects.filter(attempt=attempt).values_list("kind", "reason", "actor"))
    assert kinds == [("pause", "Mất điện", ready["proctor"].pk), ("resume", "", ready["proctor"].pk)]


def test_a_room_pause_spares_a_seat_paused_before_it_on_resume(ready):
    first, second, _third = start(ready)
    commands.attempt_pause(attempt=second, actor=ready["proctor"], reason="Thí sinh ốm", now=at(5))
    paused = commands.room_pause(room_session=ready["session"], actor=ready["proctor"], reason="Mất điện", now=at(10))
    assert {a.pk for a in paused} == {first.pk, _third.pk}
    resumed = commands.room_resume(room_session=ready["session"], actor=ready["proctor"], now=at(20))
    assert {a.pk for a in resumed} == {first.pk, _third.pk}
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.deadline == at(70) and second.status == Attempt.Status.PAUSED
    ready["session"].refresh_from_db()
    assert ready["session"].paused_at is None


def test_extend_moves_the_deadline_and_needs_a_reason_and_sane_minutes(ready):
    attempt = start(ready)[0]
    commands.attempt_extend(attempt=attempt, actor=ready["proctor"], minutes=5, reason="Máy hỏng", now=at(30))
    attempt.refresh_from_db()
    assert attempt.deadline == at(65) and attempt.extra_ms == 5 * 60_000
    for minutes, reason, field in (
        (5, "  ", "reason"),
        (0, "x", "minutes"),
        ("abc", "x", "minutes"),
        (999, "x", "minutes"),
    ):
        with pytest.raises(ApplicationError) as refused:
            commands.attempt_extend(attempt=attempt, actor=ready["proctor"], minutes=minutes, reason=reason, now=at(31))
        assert field in refused.value.message_dict
    attempt.refresh_from_db()
    assert attempt.extra_ms == 5 * 60_000 and RoomLog.objects.filter(kind="extend").count() == 1


def test_commands_that_do_not_fit_the_state_are_refused_and_write_nothing(ready):
    waiting = live.attempt_for_candidate(candidate=ready["candidates"][0], now=T0)
    for command in (
        lambda: commands.attempt_pause(attempt=waiting, actor=ready["proctor"], reason="x", now=T0),
        lambda: commands.attempt_resume(attempt=waiting, actor=ready["proctor"], now=T0),
        lambda: closing.attempt_submit(attempt=waiting, ending=Attempt.Ending.CANDIDATE, now=T0),
        lambda: commands.room_pause(room_session=ready["session"], actor=ready["proctor"], reason="x", now=T0),
        lambda: commands.room_resume(room_session=ready["session"], actor=ready["proctor"], now=T0),
        lambda: closing.attempt_submit(attempt=waiting, ending=Attempt.Ending.FORCED, actor=ready["proctor"], now=T0),
    ):
        with pytest.raises(ApplicationError):
            command()
    assert not RoomLog.objects.exists()
    assert Attempt.objects.get(pk=waiting.pk).status == Attempt.Status.WAITING


def test_a_forced_submission_is_in_the_minutes_with_who_and_why(ready):
    attempt = start(ready)[0]
    message = closing.attempt_submit(
        attempt=attempt, ending=Attempt.Ending.FORCED, actor=ready["proctor"], reason="Sử dụng tài liệu", now=at(20)
    )
    assert message["ending"] == "forced"
    log = RoomLog.objects.get(kind=RoomLog.Kind.FORCE_SUBMIT)
    assert log.attempt == attempt and log.actor == ready["proctor"] and log.reason == "Sử dụng tài liệu"


def test_changes_are_pushed_after_commit_to_the_attempt_and_the_room(
    ready, django_capture_on_commit_callbacks, monkeypatch
):
    attempt = start(ready)[0]
    sent = []
    monkeypatch.setattr(realtime, "_send", lambda group, event: sent.append((group, event)))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        commands.attempt_extend(attempt=attempt, actor=ready["proctor"], minutes=3, reason="Máy hỏng", now=at(5))
        assert sent == []  # nothing before the commit
    assert len(callbacks) == 3
    room = f"exam.room.{ready['session'].pk}"
    assert [(group, event["type"]) for group, event in sent] == [
        (room, "room.incident"),
        (f"exam.attempt.{attempt.pk}", "attempt.push"),
        (room, "room.candidate"),
    ]
    assert sent[1][1]["message"] == {"type": "extended", "remaining_ms": 58 * 60_000, "reason": "Máy hỏng"}
    assert sent[2][1]["candidate"]["remaining_ms"] == 58 * 60_000


def test_seat_status_has_what_the_proctor_console_shows(ready):
    attempt = start(ready)[0]
    live.attempt_integrity_event(attempt=attempt, kind="blur", now=at(3))
    seat = seats.seat_status(attempt=attempt, now=at(10))
    assert set(seat) >= {"id", "number", "name", "seat", "connected", "answered", "total", "remaining_ms", "status",
                         "events", "last_seen"}  # fmt: skip
    assert seat["id"] == attempt.candidate_id and seat["total"] == 3 and seat["seat"] == 1
    assert seat["remaining_ms"] == 50 * 60_000 and seat["connected"] is False
    assert seat["events"] == [{"kind": "blur", "at": "2026-11-24T01:03:00.000Z"}]


def test_a_flag_is_stored_once_and_removed(ready):
    attempt = start(ready)[0]
    question = paper_of(attempt.candidate)[0]["v"]
    live.attempt_flag(attempt=attempt, question=question, flagged=True, now=at(1))
    live.attempt_flag(attempt=attempt, question=question, flagged=True, now=at(2))
    attempt.refresh_from_db()
    assert attempt.flags == [question]
    live.attempt_flag(attempt=attempt, question=question, flagged=False, now=at(3))
    attempt.refresh_from_db()
    assert attempt.flags == []


def test_the_roster_lists_every_seat_before_the_start_in_a_few_queries(ready, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        roster = live.seat_status_list(room_session=ready["session"], now=T0)
    assert [row["seat"] for row in roster] == [1, 2, 3]
    assert {row["status"] for row in roster} == {"waiting"} and {row["total"] for row in roster} == {3}


def test_an_incident_needs_its_text_and_a_seat_of_this_room(ready):
    attempt = start(ready)[0]
    entry = commands.room_incident(
        room_session=ready["session"], actor=ready["proctor"], text="Thí sinh ngất", attempt=attempt
    )
    assert entry.kind == RoomLog.Kind.INCIDENT and seats.log_line(entry=entry)["candidate"] == attempt.candidate_id
    with pytest.raises(ApplicationError) as refused:
        commands.room_incident(room_session=ready["session"], actor=ready["proctor"], text=" ")
    assert "text" in refused.value.message_dict
