"""The attempt's clock and life: start, state, pause/resume/extend, submit and grading, the closer."""

import datetime as dt
from decimal import Decimal

import pytest

from common.errors import ApplicationError
from exams.models import Attempt, RoomLog
from exams.services.live import attempts as live
from tests.exams.live.conftest import paper_of

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)


def at(minutes=0, seconds=0):
    return T0 + dt.timedelta(minutes=minutes, seconds=seconds)


def start(ready, now=T0):
    live.room_start(room_session=ready["session"], actor=ready["proctor"], now=now)
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


def test_room_start_sets_every_deadline_and_logs_who_started(ready):
    attempts = start(ready)
    assert {a.status for a in attempts} == {Attempt.Status.IN_PROGRESS}
    assert {a.deadline for a in attempts} == {at(60)}
    log = RoomLog.objects.get(room_session=ready["session"])
    assert log.kind == RoomLog.Kind.START and log.actor == ready["proctor"] and log.data == {"attempts": 3}
    with pytest.raises(ApplicationError) as refused:
        live.room_start(room_session=ready["session"], actor=ready["proctor"], now=at(1))
    assert refused.value.code == "already_started"


def test_submit_grades_and_a_second_submit_changes_nothing(ready):
    attempt = start(ready)[0]
    message = live.attempt_submit(attempt=attempt, ending=Attempt.Ending.CANDIDATE, now=at(10))
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED and attempt.submitted_at == at(10)
    assert attempt.score == Decimal(0) and attempt.max_score == Decimal("4.5")
    assert message["type"] == "submitted" and message["verification_code"] == attempt.verification_code
    assert message["result"]["parts"][0]["correct"] == 0 and message["result"]["round1"]["passed"] is False
    again = live.attempt_submit(attempt=attempt, ending=Attempt.Ending.CANDIDATE, now=at(11))
    assert again == message


def test_a_read_past_the_deadline_closes_the_attempt_at_its_deadline(ready):
    attempt = start(ready)[0]
    state = live.attempt_state(attempt=attempt, now=at(61))
    attempt.refresh_from_db()
    assert state["status"] == "submitted" and state["remaining_ms"] == 0
    assert attempt.ending == Attempt.Ending.TIMEOUT and attempt.submitted_at == at(60)
    assert RoomLog.objects.filter(kind=RoomLog.Kind.TIMEOUT, attempt=attempt).exists()
