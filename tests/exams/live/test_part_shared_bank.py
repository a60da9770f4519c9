"""Parts timed in turn that draw from one bank: the candidate's live paper names each question in one part only,
and the writer takes the answers of each part in its turn."""

import datetime as dt
from decimal import Decimal

import pytest

from exams.models import AttemptAnswer, BlueprintCell, Part, RegulationProfile
from exams.services.live import attempts as live
from exams.services.live import commands, timing
from exams.services.live.paper import live_paper
from exams.services.live.writer import SAVED, Answer, write_batch
from exams.services.papers import papers_generate, papers_verify
from tests.exams.live.conftest import TIMED_PROFILE, build_live

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)


def build_shared(candidates=3):
    """The live shift of build_live (Kiến thức chung: 2 + 1 items of the bank's two topics) and a second part,
    Tin học, of one item of each topic from the same bank, timed in turn under NĐ 138/2020."""
    setup = build_live(candidates=candidates)
    exam = setup["exam"]
    exam.profile = RegulationProfile.objects.get(code=TIMED_PROFILE)
    exam.save(update_fields=["profile"])
    second = Part.objects.create(
        exam=exam, key="it", name="Tin học", bank=setup["bank"], questions=2, minutes=30, order=1
    )
    for topic in setup["topics"]:
        BlueprintCell.objects.create(part=second, topic=topic, difficulty=1, count=1, points=Decimal("1"))
    setup["shift"].parts.add(second)
    papers_generate(part=second, user=None)
    setup["parts"] = [Part.objects.get(pk=setup["part"].pk), second]
    return setup


def test_each_question_of_the_live_paper_belongs_to_one_part_and_each_part_takes_its_answers():
    shared = build_shared()
    first, second = shared["parts"]
    assert papers_verify(exam=shared["exam"]).ok
    commands.room_start(room_session=shared["session"], actor=shared["proctor"], now=T0)
    for candidate in shared["candidates"]:
        paper = live_paper(candidate=candidate, shift=shared["shift"])
        by_part = {part["id"]: [q["id"] for q in part["questions"]] for part in paper["parts"]}
        assert len(by_part[first.pk]) == 3 and len(by_part[second.pk]) == 2
        assert paper["total"] == 5  # no question id shared: the index holds all five
        attempt = live.attempt_for_candidate(candidate=candidate, now=T0)
        minute = dt.timedelta(minutes=1)
        first_answers = [Answer(attempt.pk, n, q, [], "", 0) for n, q in enumerate(by_part[first.pk], start=1)]
        assert write_batch(first_answers, now=T0 + minute) == [SAVED] * 3
        timing.part_finish(attempt=attempt, part=first.pk, now=T0 + 2 * minute)
        second_answers = [Answer(attempt.pk, n, q, [], "", 1) for n, q in enumerate(by_part[second.pk], start=4)]
        assert write_batch(second_answers, now=T0 + 3 * minute) == [SAVED] * 2
        assert AttemptAnswer.objects.filter(attempt=attempt).count() == 5
