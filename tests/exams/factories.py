import datetime as dt

import factory
from django.utils import timezone

from exams.models import Exam, RegulationProfile, Room, RoomSession, Shift
from exams.services import candidate_create
from tests.hrm.factories import PersonFactory


class ExamFactory(factory.django.DjangoModelFactory):
    """An open recruitment exam under the seeded profile of Decree 170/2025."""

    class Meta:
        model = Exam

    code = factory.Sequence(lambda n: f"EX{n:03d}")
    name = factory.Sequence(lambda n: f"Thi tuyển công chức {n}")
    kind = Exam.Kind.RECRUITMENT
    profile = factory.LazyFunction(lambda: RegulationProfile.objects.get(code="congchuc_ND170_2025"))
    status = Exam.Status.OPEN


class ShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shift

    exam = factory.SubFactory(ExamFactory)
    name = factory.Sequence(lambda n: f"Ca {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=1))
    duration_minutes = 60


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    exam = factory.SubFactory(ExamFactory)
    name = factory.Sequence(lambda n: f"Phòng {n:02d}")
    capacity = 30


class RoomSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoomSession

    shift = factory.SubFactory(ShiftFactory)
    room = factory.SubFactory(RoomFactory, exam=factory.SelfAttribute("..shift.exam"))


def make_candidate(*, exam=None, number="BT0001", person=None, room_session=None, seat=""):
    """A candidate through the service (so he has his principal and grant)."""
    exam = exam or (room_session.shift.exam if room_session else ExamFactory())
    return candidate_create(
        exam=exam, person=person or PersonFactory(), candidate_number=number, room_session=room_session, seat=seat
    )
