"""Benchmark of Exams I (issue 14, Speed): importing questions (`import_s`) and generating papers (`papers_s`).

Run on PostgreSQL:  DATABASE_URL=postgres://root@127.0.0.1:5432/test .venv/bin/python bench/exam_papers.py
The script never touches the database named in DATABASE_URL: it creates (if missing) and migrates its own
database `congvu_bench_exams` on the same server. Measures:
  - import_s: import 10,000 generated GIFT questions (4 options, 20 categories in two levels, some feedback, some
    general feedback) into a new bank through exams.services.banks.questions_import, the page's and the
    command's service, with every check. Goal < 10 s.
  - rank_s: results and ranking of 5,000 candidates with their marks through exams.services.results.results_compute
    (bench/exam_results_rank.py). Goal < 1 s.
  - papers_s: generate the papers of 5,000 seated candidates × 60 items from a 3,000-item bank through
    exams.services.papers.papers_generate, writes included (bench/exam_papers_generate.py). Goal < 10 s.
  - grade_s, analysis_s: grade 5,000 submitted attempts × 60 items and analyse the items of that exam through
    exams.services.grading (bench/exam_grading.py). Goals < 5 s each.
Each measure is a function (`measure_import(...)`) returning its figures; `main` runs them and prints one JSON
line, the last line of the output.
"""

import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.support import bench_database  # noqa: E402

BENCH_DB = "congvu_bench_exams"
QUESTIONS = int(os.environ.get("BENCH_QUESTIONS", "10000"))
SUBJECTS = ["Hiến pháp", "Tổ chức bộ máy", "Cán bộ, công chức", "Viên chức", "Cải cách hành chính"]
AREAS = ["Khái niệm", "Quyền và nghĩa vụ", "Thẩm quyền", "Thủ tục"]
BODIES = ["Quốc hội", "Chính phủ", "Chủ tịch nước", "Ủy ban nhân dân tỉnh", "Hội đồng nhân dân tỉnh", "Sở Nội vụ",
          "Bộ Nội vụ", "Thanh tra tỉnh", "Tòa án nhân dân", "Viện kiểm sát nhân dân"]  # fmt: skip


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("CONGVU_LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def gift_file(path: Path, *, questions: int, seed: int = 14) -> None:
    """A realistic GIFT file: categories in two levels, a title, 4 options, feedback on some answers."""
    rng = random.Random(seed)
    lines = []
    per_category = max(questions // (len(SUBJECTS) * len(AREAS)), 1)
    for n in range(questions):
        if n % per_category == 0:
            category = n // per_category
            subject, area = SUBJECTS[category % len(SUBJECTS)], AREAS[(category // len(SUBJECTS)) % len(AREAS)]
            lines.append(f"$CATEGORY: $course$/top/{subject}/{area}\n")
        body, other = rng.sample(BODIES, 2)
        options = [f"={body}#Đúng theo quy định hiện hành." if n % 5 == 0 else f"={body}"]
        options += [f"~{b}" for b in rng.sample([b for b in BODIES if b != body], 3)]
        rng.shuffle(options)
        general = f"\n\t####Câu {n + 1}: xem văn bản quy định về {other}." if n % 7 == 0 else ""
        lines.append(
            f"// congvu:difficulty={1 + n % 4}\n::BENCH-{n + 1:05d}::Câu {n + 1}\\: theo quy định, cơ quan nào có "
            f"thẩm quyền quyết định vấn đề số {n + 1} liên quan đến {other}?{{\n\t"
            + "\n\t".join(options)
            + general
            + "\n}\n"
        )
    path.write_text("\n".join(lines), encoding="utf-8")


def _clean(code: str) -> None:
    from exams.models import Item, QuestionBank

    for bank in QuestionBank.objects.filter(code=code):
        Item.objects.filter(bank=bank).update(approved_version=None)
        Item.objects.filter(bank=bank).delete()  # items first: a topic is protected while it holds items
        bank.delete()


def measure_import(*, questions: int = QUESTIONS, bank_code: str = "BENCH-IMPORT") -> dict:
    """Import `questions` generated GIFT questions into a new bank; {"import_s", "questions", "created"}."""
    from exams.services.banks import questions_import

    _clean(bank_code)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.gift"
        gift_file(path, questions=questions)
        started = time.perf_counter()
        result = questions_import(path=str(path), name=path.name, bank_code=bank_code, subject_code="KTC")
        elapsed = time.perf_counter() - started
    if result["errors"]:
        raise SystemExit(f"the generated file has errors: {result['errors'][:3]}")
    return {"import_s": round(elapsed, 2), "questions": questions, "created": result["created"]}


def main() -> None:
    bench_database(BENCH_DB)
    setup_django()
    from bench.exam_papers_generate import measure_papers

    papers_s = round(measure_papers(candidates=int(os.environ.get("BENCH_CANDIDATES", "5000"))), 2)
    print(f"papers: 5,000 candidates × 60 items from a 3,000-item bank in {papers_s} s (goal < 10 s)")
    figures = measure_import()
    print(f"import: {figures['created']} of {figures['questions']} questions in {figures['import_s']} s (goal < 10 s)")
    from bench.exam_grading import measure_grading
    from bench.exam_results_rank import measure_rank

    candidates = int(os.environ.get("BENCH_CANDIDATES", "5000"))
    ranked = measure_rank(candidates=candidates)
    print(f"rank: results and ranking of {ranked['candidates']} candidates in {ranked['rank_s']} s (goal < 1 s)")
    graded = measure_grading(candidates=candidates)
    print(f"grading: {graded['marks']} submitted attempts × 60 items graded in {graded['grade_s']} s (goal < 5 s)")
    print(f"item analysis: {graded['items']} items of that exam in {graded['analysis_s']} s (goal < 5 s)")
    figures = {"papers_s": papers_s, "import_s": figures["import_s"], "grade_s": graded["grade_s"],
               "analysis_s": graded["analysis_s"], "rank_s": ranked["rank_s"]}  # fmt: skip
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
