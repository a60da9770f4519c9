"""Benchmark of paper generation (issue "Exams I", Speed: `papers_s`).

Run on PostgreSQL:  DATABASE_URL=postgres://root@127.0.0.1:5432/test .venv/bin/python bench/exam_papers_generate.py
It never touches the database DATABASE_URL names: it uses (creating and migrating it if needed) `congvu_bench` on the
same server. Not timed: a bank of 3,000 approved single-choice items (4 options each) in 5 topics × 4 difficulties,
an exam with one 60-question part whose blueprint takes 3 items from each of the 20 cells, and 5,000 seated
candidates, all written with bulk inserts. Timed: `exams.services.papers.papers_generate` end to end (checks, pools,
5,000 forms balanced per cell, 5,000 shuffled layouts, digests, the writes and the audit entry) in one transaction.
Goal: papers_s < 10. Prints one JSON line: {"papers_s": ...} (bench/exam_papers.py joins it with import_s).
"""

import datetime as dt
import hashlib
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.support import bench_database  # noqa: E402

BENCH_DB = os.environ.get("BENCH_DB", "congvu_bench")
BENCH_CODE = "BENCH-PAPERS"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("CONGVU_LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _bank(*, bank_items: int, topics: int = 5):
    from exams.models import Item, ItemOption, ItemVersion, QuestionBank, Subject, Topic

    subject, _c = Subject.objects.get_or_create(code="BENCH", defaults={"name": "Bench", "kind": "general"})
    bank = QuestionBank.objects.create(code=BENCH_CODE, name="Bench bank", subject=subject)
    tops = Topic.objects.bulk_create(Topic(bank=bank, name=f"Chủ đề {i + 1}", order=i) for i in range(topics))
    items = Item.objects.bulk_create(
        Item(bank=bank, topic=tops[i % topics], difficulty=1 + (i // topics) % 4, code=f"B{i}")
        for i in range(bank_items)
    )
    versions = ItemVersion.objects.bulk_create(
        (
            ItemVersion(
                item=item,
                number=1,
                kind="single",
                stem=f"Câu hỏi số {item.pk}: nội dung của câu hỏi trắc nghiệm dùng để đo tốc độ sinh đề.",
                status=ItemVersion.Status.APPROVED,
                content_hash=hashlib.sha256(str(item.pk).encode()).hexdigest(),
            )
            for item in items
        ),
        batch_size=1000,
    )
    ItemOption.objects.bulk_create(
        (
            ItemOption(version=v, position=p, text=f"Phương án {p + 1}", fraction=1 if p == 0 else 0)
            for v in versions
            for p in range(4)
        ),
        batch_size=2000,
    )
    for item, version in zip(items, versions, strict=True):
        item.approved_version = version
    Item.objects.bulk_update(items, ["approved_version"], batch_size=1000)
    return bank, tops


def _exam(*, candidates: int, questions: int, bank, topics):
    from django.utils import timezone

    from exams.models import BlueprintCell, Candidate, Exam, Part, RegulationProfile, Room, RoomSession, Shift
    from hrm.models import Person

    profile = RegulationProfile.objects.filter(kind="recruitment").first()
    exam = Exam.objects.create(code=BENCH_CODE, name="Bench", kind="recruitment", profile=profile)
    shift = Shift.objects.create(
        exam=exam, name="Ca 1", starts_at=timezone.now() + dt.timedelta(days=7), duration_minutes=60
    )
    room = Room.objects.create(exam=exam, name="Hội trường", capacity=candidates)
    session = RoomSession.objects.create(shift=shift, room=room)
    part = Part.objects.create(
        exam=exam, key="general", name="Kiến thức chung", bank=bank, questions=questions, minutes=60
    )
    cells = [(t, d) for t in topics for d in range(1, 5)]
    per_cell = questions // len(cells)
    BlueprintCell.objects.bulk_create(BlueprintCell(part=part, topic=t, difficulty=d, count=per_cell) for t, d in cells)
    people = []
    for i in range(candidates):
        person = Person(full_name=f"Nguyễn Văn Thí Sinh {i}", date_of_birth=dt.date(1995, 1, 1), sex="male")
        person.set_name_keys()
        people.append(person)
    people = Person.objects.bulk_create(people, batch_size=2000)
    Candidate.objects.bulk_create(
        (
            Candidate(exam=exam, person=p, candidate_number=f"TS{i:05d}", room_session=session, seat=str(i))
            for i, p in enumerate(people)
        ),
        batch_size=2000,
    )
    return part


def _clear() -> None:
    """Remove what an earlier run left (children first: items and topics protect each other from a bank's cascade)."""
    from exams.models import Candidate, CandidatePaper, Exam, Item, ItemVersion, PaperForm, QuestionBank, Topic
    from hrm.models import Person

    CandidatePaper.objects.filter(part__exam__code=BENCH_CODE).delete()
    PaperForm.objects.filter(part__exam__code=BENCH_CODE).delete()
    person_ids = list(Candidate.objects.filter(exam__code=BENCH_CODE).values_list("person_id", flat=True))
    Exam.objects.filter(code=BENCH_CODE).delete()
    Person.objects.filter(pk__in=person_ids).delete()
    items = Item.objects.filter(bank__code=BENCH_CODE)
    items.update(approved_version=None)
    ItemVersion.objects.filter(item__bank__code=BENCH_CODE).delete()
    items.delete()
    Topic.objects.filter(bank__code=BENCH_CODE).delete()
    QuestionBank.objects.filter(code=BENCH_CODE).delete()


def measure_papers(*, candidates: int = 5000, questions: int = 60, bank_items: int = 3000) -> float:
    """Seconds to generate the papers of `candidates` candidates × `questions` items from a `bank_items`-item bank
    through the service, writes included (the setup, with bulk inserts, is not timed; it is removed afterwards)."""
    from django.db import connection

    from exams.services.papers import papers_generate

    _clear()
    bank, topics = _bank(bank_items=bank_items)
    part = _exam(candidates=candidates, questions=questions, bank=bank, topics=topics)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
            cursor.execute("ANALYZE")
    started = time.perf_counter()
    result = papers_generate(part=part, user=None)
    elapsed = time.perf_counter() - started
    assert result["papers"] == candidates and result["forms"] == candidates, result
    _clear()
    return elapsed


def main() -> None:
    bench_database(BENCH_DB)
    setup_django()
    candidates = int(os.environ.get("BENCH_CANDIDATES", "5000"))
    papers_s = measure_papers(candidates=candidates)
    print(json.dumps({"papers_s": round(papers_s, 2)}))


if __name__ == "__main__":
    main()
