"""The clock of parts timed in turn, as pure functions of an attempt's fields (no database)."""

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from exams.models import Attempt
from exams.rules.base import RuleError
from exams.rules.profile import parse_rules
from exams.services.live import clock

T0 = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)
MIN = 60_000


def timed(**fields) -> Attempt:
    values = {"duration_ms": 90 * MIN, "part_plan": [[11, 60 * MIN], [12, 30 * MIN]], "status": Attempt.Status.WAITING}
    return Attempt(**{**values, **fields})


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def test_before_the_start_the_clock_shows_the_first_part_and_the_later_parts_their_allowance():
    attempt = timed(extra_ms=5 * MIN)
    assert clock.remaining_ms_at(attempt, T0) == 65 * MIN
    timing = clock.parts_timing(attempt, T0)
    assert timing["current"] == 11
    assert [(p["status"], p["remaining_ms"]) for p in timing["parts"]] == [("current", 65 * MIN), ("waiting", 30 * MIN)]


def test_the_start_gives_the_first_part_its_own_time_only():
    attempt = timed()
    clock.start(attempt, T0)
    assert attempt.deadline == at(60)
    assert clock.remaining_ms_at(attempt, at(10)) == 50 * MIN
    assert clock.has_next_part(attempt)


def test_a_part_deadline_moves_to_the_next_part_which_starts_at_that_deadline():
    attempt = timed()
    clock.start(attempt, T0)
    assert not clock.catch_up(attempt, at(59))
    assert clock.catch_up(attempt, at(61))
    assert attempt.part_index == 1 and attempt.deadline == at(90)
    assert clock.current_part(attempt) == 12
    assert clock.remaining_ms_at(attempt, at(61)) == 29 * MIN
    timing = clock.parts_timing(attempt, at(61))
    assert [p["status"] for p in timing["parts"]] == ["closed", "current"]
    assert timing["parts"][0]["remaining_ms"] == 0


def test_a_server_down_across_every_part_lands_on_the_last_part_still_due():
    attempt = timed()
    clock.start(attempt, T0)
    assert clock.catch_up(attempt, at(200))
    assert attempt.part_index == 1 and attempt.deadline == at(90)
    assert clock.is_due(attempt, at(200)) and not clock.has_next_part(attempt)


def test_finishing_early_starts_the_next_part_now_with_its_whole_allowance():
    attempt = timed()
    clock.start(attempt, T0)
    clock.next_part(attempt, at(20))
    assert attempt.deadline == at(50)


def test_a_paused_part_does_not_run_out_and_keeps_its_time_frozen():
    attempt = timed()
    clock.start(attempt, T0)
    attempt.status, attempt.paused_at = Attempt.Status.PAUSED, at(50)
    assert not clock.catch_up(attempt, at(120))
    assert clock.remaining_ms_at(attempt, at(120)) == 10 * MIN


def test_the_seat_map_numbers_the_current_part():
    attempt = timed()
    clock.start(attempt, T0)
    assert clock.seat_part(attempt) == {"id": 11, "number": 1, "of": 2}
    clock.catch_up(attempt, at(61))
    assert clock.seat_part(attempt) == {"id": 12, "number": 2, "of": 2}
    attempt.status = Attempt.Status.SUBMITTED
    assert clock.current_part(attempt) is None
    assert [p["status"] for p in clock.parts_timing(attempt, at(95))["parts"]] == ["closed", "closed"]


def test_one_clock_for_the_shift_is_unchanged():
    attempt = Attempt(duration_ms=60 * MIN, status=Attempt.Status.WAITING)
    assert clock.remaining_ms_at(attempt, T0) == 60 * MIN
    clock.start(attempt, T0)
    assert attempt.deadline == at(60)
    assert not clock.catch_up(attempt, at(61)) and clock.is_due(attempt, at(61))
    assert clock.parts_timing(attempt, T0) is None and clock.seat_part(attempt) is None


def test_the_rules_read_timed_in_turn_and_refuse_a_bad_value():
    data = json.loads((Path(__file__).resolve().parents[3] / "common/reference/regulations.json").read_text("utf-8"))
    configs = data["recruitment_exam_configs"]
    assert parse_rules(configs["congchuc_ND138_2020"]["rules"]).round1_timed_in_turn is True
    assert parse_rules(configs["vienchuc_ND115_2020_as_amended_ND85_2023"]["rules"]).round1_timed_in_turn is True
    assert parse_rules(configs["congchuc_ND170_2025"]["rules"]).round1_timed_in_turn is False
    bad = copy.deepcopy(configs["congchuc_ND138_2020"]["rules"])
    bad["round1"]["timed_in_turn"] = "yes"
    with pytest.raises(RuleError) as refused:
        parse_rules(bad)
    assert refused.value.key == "round1.timed_in_turn"
