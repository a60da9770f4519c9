"""What the papers tests build: a bank with topics and approved items, an exam part with its blueprint, seated
candidates (the banks and setup helpers have factories of their own; these make only what papers need)."""

import datetime as dt
import hashlib
from decimal import Decimal

from django.utils import timezone

from exams.models import (
    BlueprintCell,
    CandidateClaim,
    Exam,
    Item,
    ItemOption,
    ItemVersion,
    Part,
    QuestionBank,
    Subject,
    Topic,
)
from tests.exams.factories import ExamFactory, RoomSessionFactory, make_candidate


def make_bank(code="NN01") -> QuestionBank:
    subject, _created = Subject.objects.get_or_create(
        code=f"S-{code}", defaults={"name": "Kiến thức chung", "kind": Subject.Kind.GENERAL}
    )
    return QuestionBank.objects.create(code=code, name=f"Ngân hàng {code}", subject=subject)


def make_topic(bank, name, parent=None, order=0) -> Topic:
    return Topic.objects.create(bank=bank, name=name, parent=parent, order=order)


def make_item(*, bank, topic, difficulty=1, kind="single", options=4, shuffle=True, approved=True) -> Item:
    """An item with one version (approved by default) and `options` options, the first one right."""
    item = Item.objects.create(bank=bank, topic=topic, difficulty=difficulty, code=f"Q{Item.objects.count() + 1}")
    stem = f"Câu hỏi {item.pk} về {topic.name}"
    version = ItemVersion.objects.create(
        item=item,
        number=1,
        kind=kind,
        stem=stem,
        shuffle_options=shuffle,
        status=ItemVersion.Status.APPROVED if approved else ItemVersion.Status.DRAFT,
        content_hash=hashlib.sha256(stem.encode()).hexdigest(),
    )
    for position in range(options):
        ItemOption.objects.create(
            version=version,
            position=position,
            text=f"Phương án {position + 1} của câu {item.pk}",
            fraction=Decimal(1 if position == 0 else 0),
            feedback="Giải thích" if position == 0 else "",
        )
    if approved:
        item.approved_version = version
        item.save(update_fields=["approved_version"])
    return item


def make_items(*, bank, topic, difficulty=1, n=6, **kwargs) -> list[Item]:
    return [make_item(bank=bank, topic=topic, difficulty=difficulty, **kwargs) for _ in range(n)]


def paper_setup(*, mode=Exam.PaperMode.PER_CANDIDATE, candidates=4, pool_size=0, per_cell=9, counts=(2, 1)):
    """An exam with one computer part of sum(counts) questions on a bank of two topics (one cell per topic at
    difficulty 1, `per_cell` approved items each), seated candidates, and the blueprint. Returns a dict."""
    exam = ExamFactory(paper_mode=mode, pool_size=pool_size)
    bank = make_bank(code=f"B{exam.pk}")
    topics = [make_topic(bank, f"Chủ đề {i + 1}", order=i) for i in range(len(counts))]
    for topic in topics:
        make_items(bank=bank, topic=topic, difficulty=1, n=per_cell)
    part = Part.objects.create(
        exam=exam, key="general", name="Kiến thức chung", bank=bank, questions=sum(counts), minutes=60
    )
    for topic, count in zip(topics, counts, strict=True):
        BlueprintCell.objects.create(part=part, topic=topic, difficulty=1, count=count, points=Decimal("1.5"))
    session = RoomSessionFactory(shift__exam=exam)
    seated = [
        make_candidate(exam=exam, number=f"BT{exam.pk:02d}{i:03d}", room_session=session) for i in range(candidates)
    ]
    return {"exam": exam, "bank": bank, "topics": topics, "part": part, "session": session, "candidates": seated}


def exemption(candidate, part_key="general", status=CandidateClaim.Status.ACCEPTED):
    return CandidateClaim.objects.create(
        candidate=candidate, kind=CandidateClaim.Kind.EXEMPTION, part_key=part_key, status=status
    )


def shift_started(exam):
    shift = exam.shifts.order_by("starts_at").first()
    shift.starts_at = timezone.now() - dt.timedelta(minutes=5)
    shift.save(update_fields=["starts_at"])
