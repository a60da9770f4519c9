"""A candidate seated but never there (his attempt started with the room and closed by the clock, never connected,
no answer) is recorded absent (vắng thi) by bulk grading, never scored 0; one who connected and answered nothing
gets his 0. The item analysis leaves the absent out."""

import datetime as dt

import pytest

from exams.models import Attempt, AttemptAnswer, Mark
from exams.services.grading import exam_grade
from exams.services.live import attempts as live
from exams.services.live import closing, commands, scoring
from tests.exams.grading.conftest import T0, option
from tests.exams.live.conftest import build_live, paper_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def shift_with_an_absentee(db):
    ready = build_live(candidates=3)
    present, silent, away = ready["candidates"]
    commands.room_start(room_session=ready["session"], actor=ready["proctor"], now=T0)
    attempt = live.attempt_for_candidate(candidate=present, now=T0)
    for seq, entry in enumerate(paper_of(present), start=1):
        AttemptAnswer.objects.create(
            attempt=attempt, question=entry["v"], choices=[option(entry["v"], 0)], seq=seq, saved_at=T0
        )
    Attempt.objects.filter(candidate=silent).update(connected_at=T0, last_seen_at=T0)  # there, answered nothing
    closing.attempts_close_expired(now=T0 + dt.timedelta(hours=5))  # the clock closes all three
    assert set(Attempt.objects.filter(shift=ready["shift"]).values_list("status", flat=True)) == {"submitted"}
    return ready


def test_a_seated_candidate_who_never_connected_is_absent_not_zero(shift_with_an_absentee):
    ready = shift_with_an_absentee
    present, silent, away = ready["candidates"]
    exam_grade(exam=ready["exam"], actor=None)
    marks = {m.candidate_id: m for m in Mark.objects.filter(part=ready["part"])}
    assert marks[away.pk].absent is True and marks[away.pk].score is None
    assert marks[away.pk].details == {"reason": scoring.NEVER_CONNECTED}
    assert marks[silent.pk].absent is False and marks[silent.pk].score == 0
    assert marks[present.pk].absent is False and marks[present.pk].score == marks[present.pk].max_score


def test_the_absence_rule_needs_all_three_signs_and_a_closing_not_his_own():
    never = {"connected_at": None, "last_seen_at": None, "answered": False}
    assert scoring.attempt_absent(ending=Attempt.Ending.TIMEOUT, **never) is True
    assert scoring.attempt_absent(ending=Attempt.Ending.FORCED, **never) is True
    assert scoring.attempt_absent(ending=Attempt.Ending.CANDIDATE, **never) is False  # he submitted: he was there
    assert scoring.attempt_absent(ending=Attempt.Ending.TIMEOUT, **{**never, "answered": True}) is False
    assert scoring.attempt_absent(ending=Attempt.Ending.TIMEOUT, **{**never, "connected_at": T0}) is False
    assert scoring.attempt_absent(ending=Attempt.Ending.TIMEOUT, **{**never, "last_seen_at": T0}) is False


def test_item_analysis_leaves_the_absent_out(shift_with_an_absentee):
    from exams.services.grading.analysis import part_responses

    ready = shift_with_an_absentee
    frames = part_responses(exam=ready["exam"], part=ready["part"])
    candidates = {c for frame in frames.values() for c in frame["candidate"]}
    assert ready["candidates"][2].pk not in candidates and ready["candidates"][1].pk in candidates
