"""Parts timed in turn (the regulation's rules round1.timed_in_turn): the plan, the closer and close-on-read moving
to the next part, finishing a part early, pause/extend on the current part, the writer's part guard."""

import datetime as dt

import pytest

from common import realtime
from common.errors import ApplicationError
from exams.models import Attempt, AttemptAnswer, CandidatePaper, RegulationProfile
from exams.services.live import attempts as live
from exams.services.live import closing, commands, timing
from exams.services.live.writer import SAVED, Answer, WriteRefused, write_batch
from tests.exams.live.conftest import TIMED_PROFILE

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)
MIN = 60_000


def at(minutes=0, seconds=0):
    return T0 + dt.timedelta(minutes=minutes, seconds=seconds)


def start(ready, now=T0):
    commands.room_start(room_session=ready["session"], actor=ready["proctor"], now=now)
    return [live.attempt_for_candidate(candidate=c, now=now) for c in ready["candidates"]]


def questions_of(candidate, part):
    return [entry["v"] for entry in CandidatePaper.objects.get(candidate=candidate, part=part).layout]


def test_the_seeded_profiles_say_which_round_1_is_timed_in_turn():
    timed = {p.code for p in RegulationProfile.objects.all() if p.config.get("rules", {}).get("round1", {}) and
             p.config["rules"]["round1"].get("timed_in_turn")}  # fmt: skip
    assert timed == {TIMED_PROFILE, "vienchuc_ND115_2020_as_amended_ND85_2023"}


def test_the_plan_follows_the_profile_and_one_clock_stays_one_clock(timed, ready):
    plan = timing.part_plan(shift=timed["shift"])
    assert plan == [[timed["parts"][0].pk, 60 * MIN], [timed["parts"][1].pk, 30 * MIN]]
    assert timing.part_plan(shift=ready["shift"]) == []  # one part under NĐ 170/2025
    exam = timed["exam"]
    exam.profile = RegulationProfile.objects.get(code="congchuc_ND170_2025")
    exam.save(update_fields=["profile"])
    assert timing.part_plan(shift=timed["shift"]) == []


def test_the_state_carries_the_parts_timing_and_the_start_runs_the_first_part_only(timed):
    attempt = start(timed)[0]
    assert attempt.duration_ms == 90 * MIN and attempt.deadline == at(60)
    state = live.attempt_state(attempt=attempt, now=at(10))
    assert state["remaining_ms"] == 50 * MIN and state["duration_ms"] == 90 * MIN
    first, second = timed["parts"]
    assert state["timing"] == {
        "mode": "in_turn",
        "current": first.pk,
        "parts": [
            {"id": first.pk, "status": "current", "remaining_ms": 50 * MIN, "duration_ms": 60 * MIN},
            {"id": second.pk, "status": "waiting", "remaining_ms": 30 * MIN, "duration_ms": 30 * MIN},
        ],
    }


def test_a_read_past_a_part_deadline_moves_to_the_next_part_and_the_last_deadline_submits(timed):
    attempt = start(timed)[0]
    state = live.attempt_state(attempt=attempt, now=at(61))
    assert state["status"] == "in_progress" and state["timing"]["current"] == timed["parts"][1].pk
    assert state["remaining_ms"] == 29 * MIN  # the second part started at the first one's deadline
    state = live.attempt_state(attempt=attempt, now=at(91))
    assert state["status"] == "submitted" and state["ending"] == "timeout"
    attempt.refresh_from_db()
    assert attempt.submitted_at == at(90)


def test_the_closer_moves_every_due_attempt_with_no_browser_and_pushes_the_part(
    timed, django_capture_on_commit_callbacks, monkeypatch
):
    attempts = start(timed)
    sent = []
    monkeypatch.setattr(realtime, "_send", lambda group, event: sent.append((group, event)))
    with django_capture_on_commit_callbacks(execute=True):
        assert closing.attempts_close_expired(now=at(60, 1)) == 2
    for attempt in attempts:
        attempt.refresh_from_db()
        assert attempt.status == Attempt.Status.IN_PROGRESS and attempt.part_index == 1
        assert attempt.deadline == at(90)
    assert closing.attempts_close_expired(now=at(60, 2)) == 0  # nothing due any more
    assert closing.attempts_close_expired(now=at(90, 1)) == 2
    assert set(Attempt.objects.values_list("status", flat=True)) == {Attempt.Status.SUBMITTED}


def test_finishing_a_part_early_starts_the_next_now_and_the_last_one_submits(timed):
    attempt = start(timed)[0]
    first, second = timed["parts"]
    message = timing.part_finish(attempt=attempt, part=first.pk, now=at(20))
    assert message["type"] == "part" and message["current"] == second.pk and message["remaining_ms"] == 30 * MIN
    attempt.refresh_from_db()
    assert attempt.part_index == 1 and attempt.deadline == at(50)
    with pytest.raises(ApplicationError) as refused:
        timing.part_finish(attempt=attempt, part=first.pk, now=at(21))  # a double click: already closed
    assert refused.value.code == "part_closed"
    submitted = timing.part_finish(attempt=attempt, part=second.pk, now=at(30))
    assert submitted["type"] == "submitted" and submitted["ending"] == "candidate"


def test_finishing_a_part_is_refused_unless_it_is_the_running_current_part(timed, ready):
    first = timed["parts"][0]
    waiting = live.attempt_for_candidate(candidate=timed["candidates"][0], now=T0)
    with pytest.raises(ApplicationError) as refused:
        timing.part_finish(attempt=waiting, part=first.pk, now=T0)
    assert refused.value.code == "not_started"
    attempt = start(timed)[0]
    for target, part, code in [(attempt, 999999, "bad_part"), (attempt, True, "bad_part")]:
        with pytest.raises(ApplicationError) as refused:
            timing.part_finish(attempt=target, part=part, now=at(1))
        assert refused.value.code == code
    commands.attempt_pause(attempt=attempt, actor=timed["proctor"], reason="Máy treo", now=at(2))
    with pytest.raises(ApplicationError) as refused:
        timing.part_finish(attempt=attempt, part=first.pk, now=at(3))
    assert refused.value.code == "paused"
    untimed = start(ready)[0]
    with pytest.raises(ApplicationError) as refused:
        timing.part_finish(attempt=untimed, part=ready["part"].pk, now=at(3))
    assert refused.value.code == "not_timed"
    attempt.refresh_from_db()
    assert attempt.part_index == 0


def test_pause_and_extend_act_on_the_current_part_and_the_pause_is_credited(timed):
    attempt = start(timed)[0]
    timing.part_finish(attempt=attempt, part=timed["parts"][0].pk, now=at(10))  # part 2 runs until 40
    commands.attempt_pause(attempt=attempt, actor=timed["proctor"], reason="Mất điện", now=at(15))
    assert closing.attempts_close_expired(now=at(45)) == 0  # paused: its part does not run out
    commands.attempt_resume(attempt=attempt, actor=timed["proctor"], now=at(25))
    attempt.refresh_from_db()
    assert attempt.deadline == at(50) and attempt.paused_ms == 10 * MIN
    commands.attempt_extend(attempt=attempt, actor=timed["proctor"], minutes=5, reason="Máy hỏng", now=at(26))
    attempt.refresh_from_db()
    state = live.attempt_state(attempt=attempt, now=at(26))
    assert state["remaining_ms"] == 29 * MIN and state["timing"]["parts"][1]["remaining_ms"] == 29 * MIN


def test_the_writer_refuses_an_answer_to_a_closed_or_later_part_and_writes_nothing(timed):
    attempt = start(timed)[0]
    candidate = timed["candidates"][0]
    first_q = questions_of(candidate, timed["parts"][0])[0]
    second_q = questions_of(candidate, timed["parts"][1])[0]
    results = write_batch([Answer(attempt.pk, 1, second_q, [], "", 1)], now=at(1))
    assert isinstance(results[0], WriteRefused) and results[0].code == "part_not_started"
    assert write_batch([Answer(attempt.pk, 2, first_q, [], "", 0)], now=at(1)) == [SAVED]
    timing.part_finish(attempt=attempt, part=timed["parts"][0].pk, now=at(2))
    results = write_batch([Answer(attempt.pk, 3, first_q, [], "", 0)], now=at(3))
    assert isinstance(results[0], WriteRefused) and results[0].code == "part_closed"
    assert write_batch([Answer(attempt.pk, 4, second_q, [], "", 1)], now=at(3)) == [SAVED]
    assert AttemptAnswer.objects.filter(attempt=attempt).count() == 2
    attempt.refresh_from_db()
    assert attempt.last_seq == 4


def test_the_seat_map_shows_the_current_part(timed):
    attempt = start(timed)[0]
    rows = live.seat_status_list(room_session=timed["session"], now=at(1))
    assert rows[0]["part"] == {"id": timed["parts"][0].pk, "number": 1, "of": 2}
    timing.part_finish(attempt=attempt, part=timed["parts"][0].pk, now=at(2))
    row = next(r for r in live.seat_status_list(room_session=timed["session"], now=at(3)) if r["attempt"] == attempt.pk)
    assert row["part"]["number"] == 2
