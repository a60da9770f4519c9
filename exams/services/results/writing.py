"""Storing thousands of results fast: COPY on PostgreSQL (exams.services.papers.writing), `bulk_create` elsewhere;
inside the caller's transaction, so all or nothing."""

import json

from django.db import connection

from exams.models import Result
from exams.services.papers.writing import copy_rows

COLUMNS = ["candidate_id", "exam_id", "round1_pass", "round2_score", "priority", "total", "outcome", "rank",
           "reasons", "decision_id", "computed_at", "applied_at"]  # fmt: skip


def _bool(value):
    return None if value is None else ("t" if value else "f")


def results_insert(rows: list[dict]) -> None:
    """Insert the computed `rows` (the fields of each Result, as dicts)."""
    if connection.vendor != "postgresql":
        Result.objects.bulk_create([Result(**row) for row in rows], batch_size=2000)
        return
    stamp = rows[0]["computed_at"].isoformat() if rows else ""  # one computation, one moment
    lines = [
        [r["candidate_id"], r["exam_id"], _bool(r["round1_pass"]), r["round2_score"], r["priority"], r["total"],
         r["outcome"], r["rank"], json.dumps(r["reasons"], ensure_ascii=False), r["decision_id"],
         stamp, None]
        for r in rows
    ]  # fmt: skip
    copy_rows(model=Result, columns=COLUMNS, rows=lines)
