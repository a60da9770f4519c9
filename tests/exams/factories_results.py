"""Factories of the results area: a recruitment exam under NĐ 170/2025 (round 1: general knowledge on computer,
60 questions; round 2: written 70 % + interview 30 %), a position with its quota, candidates with numbers and
marks as grading (or the panel) leaves them."""

import datetime as dt
from decimal import Decimal

from exams.models import CandidateClaim, Mark, Part
from hrm.services.cccd import cccd_make
from tests.exams.factories_cands import PartFactory, PositionFactory, quota, register
from tests.exams.factories_setup import board_of

_serial = iter(range(500_000, 999_999))


def results_exam(*, agency, places: int = 2, exam=None):
    """(exam, position, parts by key, the board member); the position takes `places` in `agency`."""
    from tests.exams.factories import ExamFactory

    exam = exam or ExamFactory()
    position = PositionFactory(exam=exam, code="CV-KT", name="Chuyên viên kế toán")
    quota(position, agency, places)
    parts = {
        "general": PartFactory(exam=exam, key="general", name="Kiến thức chung", round=1, max_score=60),
        "written": PartFactory(
            exam=exam, key="written", name="Viết", round=2, mode=Part.Mode.PAPER, max_score=100, questions=0
        ),
        "interview": PartFactory(
            exam=exam, key="interview", name="Phỏng vấn", round=2, mode=Part.Mode.ORAL, max_score=100, questions=0
        ),
    }
    return exam, position, parts, board_of(exam, username=f"board_{exam.code.lower()}")


def sitting(exam, position, number: str, *, name: str = "", marks: dict | None = None, priority: str = "", agency=None):
    """A candidate numbered `number` with marks {part: score | "absent"}; an accepted priority claim if given."""
    born = dt.date(1995, 1, 1) + dt.timedelta(days=int(number[-3:]))
    cccd = cccd_make(province_code="083", sex="female", date_of_birth=born, serial=next(_serial))
    candidate = register(
        exam, position, full_name=name or f"Thí Sinh {number}", born=born, sex="female", cccd=cccd, agency=agency
    )
    candidate.candidate_number = number
    candidate.save(update_fields=["candidate_number"])
    for part, score in (marks or {}).items():
        mark_set(candidate, part, score)
    if priority:
        CandidateClaim.objects.create(
            candidate=candidate, kind="priority", priority_key=priority, status=CandidateClaim.Status.ACCEPTED
        )
    return candidate


def mark_set(candidate, part, score) -> Mark:
    absent = score == "absent"
    mark, _created = Mark.objects.update_or_create(
        candidate=candidate,
        part=part,
        defaults={
            "score": None if absent else Decimal(str(score)),
            "max_score": part.max_score,
            "absent": absent,
            "source": Mark.Source.COMPUTER if part.mode == Part.Mode.COMPUTER else Mark.Source.PANEL,
        },
    )
    return mark
