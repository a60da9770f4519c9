"""Benchmark of Exams III (issue #16, Speed): grading an exam (`grade_s`) and its item analysis (`analysis_s`).

Run on PostgreSQL:  DATABASE_URL=postgres://root@127.0.0.1:5432/test .venv/bin/python bench/exam_grading.py
It never touches the database DATABASE_URL names (it uses `congvu_bench` on the same server, as
bench/exam_papers_generate.py, whose seeding it reuses). Not timed: the bank, the exam, 5,000 seated candidates, their
papers (a pool of 4 approved forms of 60 single-choice items, one drawn per candidate), 5,000 submitted
attempts and their 300,000 answers in force (written with COPY; each candidate answers as a Rasch model with his
ability and the item's difficulty says, 3 % skipped). Timed: `exams.services.grading.exam_grade` (keys, answers,
grading, the one upsert of 5,000 marks, the run) and
`exams.services.grading.exam_analyse` (the response table, statistics, Rasch, the writes). Goals < 5 s each.
"""

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.exam_papers_generate import BENCH_DB, _bank, _clear, _exam, setup_django  # noqa: E402
from bench.support import bench_database  # noqa: E402


def _sit(part, *, seed: int = 16) -> None:
    """Every candidate of `part` submitted, with an answer in force for 97 % of his questions."""
    import numpy as np
    from django.db import connection
    from django.utils import timezone

    from exams.models import Attempt, CandidatePaper, ItemOption

    rng = np.random.default_rng(seed)
    shift = part.exam.shifts.get()
    shift.parts.add(part)
    now = timezone.now()
    papers = list(CandidatePaper.objects.filter(part=part).values_list("candidate_id", "layout"))
    session_of = dict(part.exam.candidates.values_list("pk", "room_session_id"))
    attempts = Attempt.objects.bulk_create(
        (
            Attempt(candidate_id=c, shift=shift, room_session_id=session_of[c], status=Attempt.Status.SUBMITTED,
                    duration_ms=3_600_000, started_at=now - dt.timedelta(hours=1), submitted_at=now,
                    ending=Attempt.Ending.CANDIDATE, questions=len(layout))
            for c, layout in papers
        ),
        batch_size=2000,
    )  # fmt: skip
    right = dict(ItemOption.objects.filter(version__item__bank=part.bank, position=0).values_list("version_id", "pk"))
    versions = sorted(right)
    difficulty = dict(zip(versions, rng.normal(0, 1, len(versions)), strict=True))
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(
            "COPY exams_attemptanswer (attempt_id, question, choices, text, seq, saved_at) FROM STDIN"
        ) as copy,
    ):
        for attempt, (_candidate, layout) in zip(attempts, papers, strict=True):
            ability = rng.normal(0.3, 1)
            for seq, entry in enumerate(layout, start=1):
                draw = rng.random()
                if draw < 0.03:
                    continue
                chance = 1 / (1 + np.exp(difficulty[entry["v"]] - ability))
                wrong = [o for o in entry["o"] if o != right[entry["v"]]]
                pick = right[entry["v"]] if rng.random() < chance else wrong[int(rng.integers(len(wrong)))]
                copy.write_row((attempt.pk, entry["v"], json.dumps([pick]), "", seq, now))
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
        cursor.execute("ANALYZE")


def _papers(part, *, forms: int) -> None:
    """A pool of `forms` papers, approved, drawn by the candidates (item analysis compares those who shared one)."""
    from exams.models import Exam, PaperForm
    from exams.services.papers import papers_draw, papers_generate

    Exam.objects.filter(pk=part.exam_id).update(paper_mode=Exam.PaperMode.POOL, pool_size=forms)
    part.exam.refresh_from_db()
    papers_generate(part=part, user=None)
    PaperForm.objects.filter(part=part).update(status=PaperForm.Status.APPROVED)
    papers_draw(part=part, user=None)


def measure_grading(*, candidates: int = 5000, questions: int = 60, bank_items: int = 3000, forms: int = 4) -> dict:
    """Seconds to grade, then to analyse, an exam of `candidates` submitted attempts × `questions` items:
    {"grade_s", "analysis_s", "marks", "items"}; the seeded exam is removed afterwards."""
    from exams.services.grading import exam_analyse, exam_grade

    _clear()
    bank, topics = _bank(bank_items=bank_items)
    part = _exam(candidates=candidates, questions=questions, bank=bank, topics=topics)
    _papers(part, forms=forms)
    _sit(part)
    started = time.perf_counter()
    run = exam_grade(exam=part.exam, actor=None)
    grade_s = time.perf_counter() - started
    started = time.perf_counter()
    report = exam_analyse(exam=part.exam)
    analysis_s = time.perf_counter() - started
    assert run.graded == candidates and report["items"] > 0, (run.graded, report["items"])
    kr20 = sorted(form["kr20"] for form in report["forms"].values())
    _clear()
    return {"grade_s": round(grade_s, 2), "analysis_s": round(analysis_s, 2), "marks": run.graded,
            "items": report["items"], "kr20": kr20}  # fmt: skip


def main() -> None:
    bench_database(BENCH_DB)
    setup_django()
    figures = measure_grading(candidates=int(os.environ.get("BENCH_CANDIDATES", "5000")))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
