"""What results are computed from, read in a few set queries: the exam's parts, candidates, marks, accepted
claims, priority categories in force and quotas (5,000 candidates in well under a second)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from exams.models import Candidate, CandidateClaim, Exam, Mark, Part, PositionQuota, PriorityCategory
from exams.rules import priority_points


@dataclass
class PartInfo:
    id: int
    key: str
    name: str
    round: int
    mode: str
    position_id: int | None


@dataclass
class Entry:
    id: int
    number: str
    position_id: int | None
    agency_id: int | None
    marks: dict[int, dict] = field(default_factory=dict)  # part id → {score, max_score, absent, details}
    priority: list[str] = field(default_factory=list)  # accepted category keys
    exempt: set[str] = field(default_factory=set)  # part keys exempted by accepted claims


@dataclass
class ExamData:
    parts: list[PartInfo]
    entries: list[Entry]
    categories: dict[str, Decimal]
    quotas: dict[tuple[int, int], int]  # (position id, agency id) → quota
    positions: dict[int, str]
    _points: dict = field(default_factory=dict)
    round1_memo: dict = field(default_factory=dict)  # exams.services.results.compute._round1_cached

    def points(self, claims: list[str]) -> Decimal:
        """The priority points of `claims` (only the highest counts), remembered per distinct set of claims."""
        key = tuple(sorted(claims))
        if key not in self._points:
            self._points[key] = priority_points(list(key), self.categories)
        return self._points[key]


def _entries(exam: Exam) -> dict[int, Entry]:
    rows = (
        Candidate.objects.filter(exam=exam)
        .exclude(status__in=[Candidate.Status.WITHDRAWN, Candidate.Status.INELIGIBLE])
        .order_by("candidate_number", "pk")
        .values_list("pk", "candidate_number", "position_id", "agency_id")
    )
    return {pk: Entry(pk, number, position, agency) for pk, number, position, agency in rows}


def _marks_into(exam: Exam, entries: dict[int, Entry]) -> None:
    marks = Mark.objects.filter(candidate__exam=exam)
    rows = marks.values_list("candidate_id", "part_id", "score", "max_score", "absent")
    for candidate_id, part_id, score, max_score, absent in rows.iterator(chunk_size=5000):
        entry = entries.get(candidate_id)
        if entry is not None:
            entry.marks[part_id] = {"score": score, "max_score": max_score, "absent": absent,
                                    "correct": None, "questions": None}  # fmt: skip
    # only the marks that count questions (round 1 may need them), and only those two keys of their details
    counted = marks.filter(details__has_key="correct").values_list(
        "candidate_id", "part_id", "details__correct", "details__questions"
    )
    for candidate_id, part_id, correct, questions in counted:
        mark = entries[candidate_id].marks.get(part_id) if candidate_id in entries else None
        if mark is not None:
            mark["correct"], mark["questions"] = correct, questions


def _claims_into(exam: Exam, entries: dict[int, Entry]) -> None:
    rows = CandidateClaim.objects.filter(candidate__exam=exam, status=CandidateClaim.Status.ACCEPTED).values_list(
        "candidate_id", "kind", "priority_key", "part_key"
    )
    for candidate_id, kind, priority_key, part_key in rows:
        entry = entries.get(candidate_id)
        if entry is None:
            continue
        if kind == CandidateClaim.Kind.PRIORITY:
            entry.priority.append(priority_key)
        else:
            entry.exempt.add(part_key)


def exam_data_load(*, exam: Exam) -> ExamData:
    """Everything results_compute needs about `exam`, loaded at once."""
    parts = [
        PartInfo(p.pk, p.key, p.name, p.round, p.mode, p.position_id)
        for p in Part.objects.filter(exam=exam).order_by("round", "order", "pk")
    ]
    entries = _entries(exam)
    _marks_into(exam, entries)
    _claims_into(exam, entries)
    categories = {c.key: c.points for c in PriorityCategory.objects.in_force(exam.held_on)}
    quotas = defaultdict(int)
    positions = dict(exam.positions.values_list("pk", "code"))
    for position_id, agency_id, quota in PositionQuota.objects.filter(position__exam=exam).values_list(
        "position_id", "agency_id", "quota"
    ):
        quotas[(position_id, agency_id)] = quota
    return ExamData(parts, list(entries.values()), categories, dict(quotas), positions)
