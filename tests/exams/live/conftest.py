"""A ready live shift: one computer part of 3 single-choice questions (1.5 points each, the first option right),
candidates seated in one room with their papers generated, and the room's proctor."""

import pytest

from exams.models import CandidatePaper, CandidateSeat
from exams.services.papers import papers_generate
from tests.exams.factories_papers import paper_setup
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
