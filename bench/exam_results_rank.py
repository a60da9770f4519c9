"""Benchmark of results (issue #16, `rank_s`): results and ranking of 5,000 candidates with their marks through
exams.services.results.results_compute (round 1, round 2 weighted 70/30, priority, ranking in 10 positions'
quotas, every row stored). Goal < 1 s on PostgreSQL.

Run alone:  DATABASE_URL=postgres://root@127.0.0.1:5432/test .venv/bin/python bench/exam_results_rank.py
(its own database `congvu_bench_results` on that server); `bench/exam_papers.py` calls `measure_rank` too.
"""

import datetime as dt
import json
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.support import bench_database  # noqa: E402

BENCH_DB = "congvu_bench_results"
BENCH_CODE = "BENCH-RANK"
POSITIONS = 10
PRIORITY = ["", "", "", "", "", "", "military_service", "minority_officer_family", "hero_invalid", ""]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("CONGVU_LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _clear() -> None:
    from exams.models import Candidate, Exam
    from hrm.models import Person

    candidates = Candidate.objects.filter(exam__code=BENCH_CODE)
    person_ids = list(candidates.values_list("person_id", flat=True))
    candidates.delete()  # marks, claims and results go with them; positions protect nothing once they are gone
    Exam.objects.filter(code=BENCH_CODE).delete()
    Person.objects.filter(pk__in=person_ids).delete()


def _agency():
    from hrm.models import OrgUnit
    from hrm.services.org import unit_create

    found = OrgUnit.objects.filter(code="BENCH-SNV").first()
    return found or unit_create(code="BENCH-SNV", name="Sở Nội vụ (bench)", kind="department", parent=None,
                                valid_from=dt.date(2015, 1, 1))  # fmt: skip


def _parts(exam):
    from exams.models import Part

    return [
        Part.objects.create(exam=exam, round=1, key="general", name="Kiến thức chung", questions=60, minutes=60,
                            max_score=60),
        Part.objects.create(exam=exam, round=2, key="written", name="Viết", mode="paper", minutes=180),
        Part.objects.create(exam=exam, round=2, key="interview", name="Phỏng vấn", mode="oral", minutes=30),
    ]  # fmt: skip


def build(*, candidates: int, seed: int = 16):
    """An exam of `candidates` with every mark entered (round 1 out of 60, written and interview out of 100)."""
    from exams.models import Candidate, CandidateClaim, Exam, Mark, Position, PositionQuota, RegulationProfile
    from hrm.models import Person

    rng = random.Random(seed)
    _clear()
    agency = _agency()
    profile = RegulationProfile.objects.get(code="congchuc_ND170_2025")
    exam = Exam.objects.create(code=BENCH_CODE, name="Bench results", kind="recruitment", profile=profile)
    positions = Position.objects.bulk_create(
        Position(exam=exam, code=f"VT{n:02d}", name=f"Vị trí {n}") for n in range(POSITIONS)
    )
    PositionQuota.objects.bulk_create(PositionQuota(position=p, agency=agency, quota=20) for p in positions)
    parts = _parts(exam)
    people = []
    for i in range(candidates):
        person = Person(full_name=f"Trần Thị Thí Sinh {i}", date_of_birth=dt.date(1995, 1, 1), sex="female")
        person.set_name_keys()
        people.append(person)
    people = Person.objects.bulk_create(people, batch_size=2000)
    rows = Candidate.objects.bulk_create(
        (Candidate(exam=exam, person=p, candidate_number=f"KQ{i:05d}", position=positions[i % POSITIONS],
                   agency=agency, status="eligible") for i, p in enumerate(people)),
        batch_size=2000,
    )  # fmt: skip
    marks, claims = [], []
    for c in rows:
        scores = (rng.randint(20, 60), rng.randint(30, 100), rng.randint(30, 100))
        for part, score in zip(parts, scores, strict=True):
            source = "computer" if part.mode == "computer" else "panel"
            marks.append(Mark(candidate=c, part=part, score=Decimal(score), max_score=part.max_score, source=source))
        key = rng.choice(PRIORITY)
        if key:
            claims.append(CandidateClaim(candidate=c, kind="priority", priority_key=key, status="accepted"))
    Mark.objects.bulk_create(marks, batch_size=5000)
    CandidateClaim.objects.bulk_create(claims, batch_size=5000)
    return exam


def measure_rank(*, candidates: int = 5000) -> dict:
    """Results and ranking of `candidates` through results_compute; {"rank_s", "candidates", "outcomes"}."""
    from django.db.models import Count

    from exams.models import Result
    from exams.services.results import results_compute

    exam = build(candidates=candidates)
    started = time.perf_counter()
    results_compute(exam=exam, actor=None)
    elapsed = time.perf_counter() - started
    outcomes = dict(Result.objects.filter(exam=exam).values_list("outcome").annotate(n=Count("pk")))
    _clear()
    return {"rank_s": round(elapsed, 2), "candidates": candidates, "outcomes": outcomes}


def main() -> None:
    bench_database(BENCH_DB)
    setup_django()
    figures = measure_rank(candidates=int(os.environ.get("BENCH_CANDIDATES", "5000")))
    print(f"rank: {figures['candidates']} candidates in {figures['rank_s']} s (goal < 1 s) {figures['outcomes']}")
    print(json.dumps({"rank_s": figures["rank_s"]}))


if __name__ == "__main__":
    main()
