"""Factories of the question banks: banks, topics, board members and items made through the services."""

from decimal import Decimal

import factory
from django.contrib.contenttypes.models import ContentType

from exams.models import QuestionBank, Subject, Topic
from exams.roles import ExamRole
from exams.services.banks import ItemDraft, OptionDraft, item_create
from tests.hrm.factories import GrantFactory, UserFactory


class BankFactory(factory.django.DjangoModelFactory):
    """A bank on the seeded general-knowledge subject."""

    class Meta:
        model = QuestionBank

    code = factory.Sequence(lambda n: f"BANK{n:03d}")
    name = factory.Sequence(lambda n: f"Ngân hàng {n}")
    subject = factory.LazyFunction(lambda: Subject.objects.get(code="KTC"))


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    bank = factory.SubFactory(BankFactory)
    name = factory.Sequence(lambda n: f"Chủ đề {n}")


def board_member(bank=None, username=None):
    """A board member of `bank` only (None: of every bank and exam)."""
    user = UserFactory(**({"username": username} if username else {}))
    scope = {}
    if bank is not None:
        scope = {"scope_type": ContentType.objects.get_for_model(bank), "scope_id": bank.pk}
    GrantFactory(user=user, role=ExamRole.EXAM_BOARD, unit=None, **scope)
    return user


def single_draft(stem="Cơ quan nào là cơ quan hành chính nhà nước cao nhất?", right=1, **kwargs) -> ItemDraft:
    texts = kwargs.pop("texts", ["Quốc hội", "Chính phủ", "Chủ tịch nước", "Tòa án nhân dân tối cao"])
    options = [OptionDraft(t, Decimal(1 if i == right else 0)) for i, t in enumerate(texts)]
    return ItemDraft(kind="single", stem=stem, options=options, **kwargs)


def make_item(*, bank, author, topic=None, draft=None):
    topic = topic or TopicFactory(bank=bank)
    return item_create(actor=author, bank=bank, topic=topic, draft=draft or single_draft())
