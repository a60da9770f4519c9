"""Factories and helpers of the exam setup tests (exams, positions, parts, banks; through the models)."""

import datetime as dt

import factory
from django.utils import timezone

from exams.models import Exam, PaperForm, Part, Position, QuestionBank, RegulationProfile, Subject
from exams.roles import ExamRole
from tests.hrm.factories import GrantFactory, UserFactory

EXAM_DAY = dt.date(2026, 3, 10)  # NĐ 170/2025 and NĐ 115/2020 (as amended) are both in force


def profile(code: str = "congchuc_ND170_2025") -> RegulationProfile:
    return RegulationProfile.objects.get(code=code)


class SetupExamFactory(factory.django.DjangoModelFactory):
    """A draft recruitment exam under NĐ 170/2025, held on EXAM_DAY."""

    class Meta:
        model = Exam

    code = factory.Sequence(lambda n: f"KT{n:03d}")
    name = factory.Sequence(lambda n: f"Thi tuyển công chức đợt {n}")
    kind = Exam.Kind.RECRUITMENT
    profile = factory.LazyFunction(profile)
    status = Exam.Status.DRAFT
    held_on = EXAM_DAY


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    exam = factory.SubFactory(SetupExamFactory)
    code = factory.Sequence(lambda n: f"VT{n:02d}")
    name = factory.Sequence(lambda n: f"Chuyên viên {n}")


class PartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Part

    exam = factory.SubFactory(SetupExamFactory)
    key = factory.Sequence(lambda n: f"part{n}")
    name = factory.Sequence(lambda n: f"Phần {n}")
    mode = Part.Mode.COMPUTER
    questions = 60
    minutes = 60


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject
        django_get_or_create = ("code",)

    code = "KTC"
    name = "Kiến thức chung"
    kind = Subject.Kind.GENERAL


class BankFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionBank

    code = factory.Sequence(lambda n: f"NH{n:02d}")
    name = factory.Sequence(lambda n: f"Ngân hàng {n}")
    subject = factory.SubFactory(SubjectFactory)


def paper_for(part: Part) -> PaperForm:
    """A generated paper of `part` (the papers helper makes them; here only to freeze the structure)."""
    return PaperForm.objects.create(part=part, number=1, seed=1, items=[], digest="0" * 64)


def board_of(exam, username: str = "board_one"):
    """A board member of `exam` only."""
    user = UserFactory(username=username)
    GrantFactory(user=user, role=ExamRole.EXAM_BOARD, unit=None, scope_type=_ct(Exam), scope_id=exam.pk)
    return user


def proctor_of(session, username: str = "proctor_one"):
    from exams.models import RoomSession

    user = UserFactory(username=username)
    GrantFactory(user=user, role=ExamRole.PROCTOR, unit=None, scope_type=_ct(RoomSession), scope_id=session.pk)
    return user


def grader_of(exam, username: str = "grader_one"):
    user = UserFactory(username=username)
    GrantFactory(user=user, role=ExamRole.GRADER, unit=None, scope_type=_ct(Exam), scope_id=exam.pk)
    return user


def _ct(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
