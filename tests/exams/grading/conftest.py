"""A sat live shift for grading: candidates seated, papers generated, the room started, answers in force written
and every attempt submitted (graded at submission by live-core's scoring)."""

import datetime as dt

import pytest
from django.utils import timezone

from exams.models import Attempt, AttemptAnswer, ItemOption
from exams.services.live import attempts as live
from exams.services.live import closing, commands
from tests.exams.live.conftest import build_live, paper_of

T0 = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)


def option(question: int, position: int) -> int:
    return ItemOption.objects.get(version_id=question, position=position).pk


def sit(ready, picks: list[list[int | None]]) -> list[Attempt]:
    """Each candidate answers his paper's questions in order: the option at position pick (0 is right), None skips."""
    commands.room_start(room_session=ready["session"], actor=ready["proctor"], now=T0)
    attempts = []
    for candidate, choices in zip(ready["candidates"], picks, strict=True):
        attempt = live.attempt_for_candidate(candidate=candidate, now=T0)
        for seq, (entry, pick) in enumerate(zip(paper_of(candidate), choices, strict=True), start=1):
            if pick is not None:
                AttemptAnswer.objects.create(
                    attempt=attempt,
                    question=entry["v"],
                    choices=[option(entry["v"], pick)],
                    seq=seq,
                    saved_at=timezone.now(),
                )
        closing.attempt_submit(attempt=attempt, ending=Attempt.Ending.CANDIDATE, now=T0 + dt.timedelta(minutes=30))
        attempt.refresh_from_db()
        attempts.append(attempt)
    return attempts


@pytest.fixture
def sat(db):
    """Four candidates, three questions each (1.5 points): all right; 2 right; 1 right and a skip; all wrong."""
    ready = build_live(candidates=4)
    ready["attempts"] = sit(ready, [[0, 0, 0], [0, 0, 1], [0, None, 2], [1, 2, 3]])
    return ready


def written_setup(candidates=3, graders=3):
    """An exam with a paper-based written part (round 2, out of 100) sat by seated candidates, and its graders."""
    from exams.models import CandidateSeat, Part
    from tests.exams.factories import ExamFactory, RoomSessionFactory, make_candidate
    from tests.exams.factories_setup import grader_of

    exam = ExamFactory()
    part = Part.objects.create(exam=exam, round=2, key="written", name="Viết", mode=Part.Mode.PAPER, minutes=180)
    session = RoomSessionFactory(shift__exam=exam)
    session.shift.parts.add(part)
    people = [
        make_candidate(exam=exam, number=f"W{exam.pk:02d}{i:03d}", room_session=session) for i in range(candidates)
    ]
    for number, person in enumerate(people, start=1):
        CandidateSeat.objects.create(candidate=person, shift=session.shift, room_session=session, number=number)
    team = [grader_of(exam, username=f"grader_{exam.pk}_{i}") for i in range(graders)]
    return {"exam": exam, "part": part, "session": session, "candidates": people, "graders": team}


@pytest.fixture(autouse=True)
def _english():
    """Refusals are matched on their English source text (the Vietnamese catalogue may be compiled)."""
    from django.utils import translation

    with translation.override("en"):
        yield
