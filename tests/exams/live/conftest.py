"""A ready live shift: one computer part of 3 single-choice questions (1.5 points each, the first option right),
candidates seated in one room with their papers generated, and the room's proctor."""

import pytest

from exams.models import CandidatePaper, CandidateSeat
from exams.services.papers import papers_generate
from tests.exams.factories_papers import make_bank, make_items, make_topic, paper_setup
from tests.hrm.factories import UserFactory


def build_live(candidates=3):
    setup = paper_setup(candidates=candidates)
    session, part = setup["session"], setup["part"]
    session.shift.parts.add(part)
    for number, candidate in enumerate(setup["candidates"], start=1):
        CandidateSeat.objects.get_or_create(
            candidate=candidate, shift=session.shift, defaults={"room_session": session, "number": number}
        )
    papers_generate(part=setup["part"], user=None)
    setup["shift"] = session.shift
    setup["proctor"] = UserFactory()
    return setup


def right_choice(candidate, question: int) -> int:
    """The right option of a question of the candidate's paper (options are made with the first one right)."""
    from exams.models import ItemOption

    return ItemOption.objects.get(version_id=question, position=0).pk


def paper_of(candidate) -> list[dict]:
    return CandidatePaper.objects.get(candidate=candidate).layout


@pytest.fixture
def ready(db):
    return build_live()


TIMED_PROFILE = "congchuc_ND138_2020"  # its round 1 times the parts in turn (migration 0061)


def build_timed(candidates=2, minutes=(60, 30)):
    """A live shift of two computer parts timed in turn (Kiến thức chung then Ngoại ngữ), under NĐ 138/2020."""
    from decimal import Decimal

    from exams.models import BlueprintCell, Part, RegulationProfile

    setup = build_live(candidates=candidates)
    exam, first = setup["exam"], setup["part"]
    exam.profile = RegulationProfile.objects.get(code=TIMED_PROFILE)
    exam.save(update_fields=["profile"])
    Part.objects.filter(pk=first.pk).update(minutes=minutes[0])
    # its own bank, as a language part has: a question is named by its item version, so one item drawn into both
    # parts of a paper would make its answers ambiguous
    bank = make_bank(code=f"NN{exam.pk}")
    topic = make_topic(bank, "Tiếng Anh", order=0)
    make_items(bank=bank, topic=topic, difficulty=1, n=4)
    second = Part.objects.create(
        exam=exam, key="language", name="Ngoại ngữ", bank=bank, questions=2, minutes=minutes[1], order=1
    )
    BlueprintCell.objects.create(part=second, topic=topic, difficulty=1, count=2, points=Decimal("1"))
    setup["shift"].parts.add(second)
    papers_generate(part=second, user=None)
    setup["parts"] = [Part.objects.get(pk=first.pk), second]
    return setup


@pytest.fixture
def timed(db):
    return build_timed()
