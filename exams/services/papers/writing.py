"""Writing thousands of papers fast: COPY on PostgreSQL (ids taken from the table's sequence first, the JSON already
serialised for the digests written as is), `bulk_create` in large batches elsewhere. Inside the caller's
transaction: all or nothing."""

from collections.abc import Callable

from django.db import connection
from django.utils import timezone

from exams.models import CandidatePaper, PaperForm

BATCH = 2000


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _ids(model, count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _copy(model, columns: list[str], rows: list[list], progress: Callable[[int], None]) -> None:
    sql = f'COPY "{model._meta.db_table}" ({", ".join(columns)}) FROM STDIN'
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            copy.write("".join("\t".join(_copy_text(v) for v in row) + "\n" for row in chunk))
            progress(start + len(chunk))


def paper_forms_insert(forms: list[PaperForm], items_json: list[str], progress: Callable[[int], None]) -> None:
    """Insert `forms` (their pks are set); `items_json` holds each form's items already serialised."""
    if connection.vendor != "postgresql":
        for start in range(0, len(forms), BATCH):
            PaperForm.objects.bulk_create(forms[start : start + BATCH])
            progress(min(start + BATCH, len(forms)))
        return
    now = timezone.now().isoformat()
    for form, pk in zip(forms, _ids(PaperForm, len(forms)), strict=True):
        form.pk = pk
    columns = ["id", "part_id", "number", "seed", "items", "digest", "status", "generation_id", "created_at"]
    rows = [
        [f.pk, f.part_id, f.number, f.seed, text, f.digest, f.status, f.generation_id, now]
        for f, text in zip(forms, items_json, strict=True)
    ]
    _copy(PaperForm, columns, rows, progress)


def candidate_papers_insert(*, part_id: int, generation_id: int, rows: list[tuple], progress: Callable[[int], None]):
    """Insert candidates' papers from rows (candidate id, form id, seed, layout, layout JSON, digest)."""
    if connection.vendor != "postgresql":
        papers = [
            CandidatePaper(
                candidate_id=candidate_id,
                part_id=part_id,
                form_id=form_id,
                seed=seed,
                layout=layout,
                digest=digest,
                generation_id=generation_id,
            )
            for candidate_id, form_id, seed, layout, _text, digest in rows
        ]
        for start in range(0, len(papers), BATCH):
            CandidatePaper.objects.bulk_create(papers[start : start + BATCH])
            progress(min(start + BATCH, len(papers)))
        return
    now = timezone.now().isoformat()
    columns = ["candidate_id", "part_id", "form_id", "seed", "layout", "digest", "generation_id", "created_at"]
    lines = [
        [candidate_id, part_id, form_id, seed, text, digest, generation_id, now]
        for candidate_id, form_id, seed, _layout, text, digest in rows
    ]
    _copy(CandidatePaper, columns, lines, progress)


def copy_rows(*, model, columns: list[str], rows: list[list]) -> None:
    """COPY `rows` (values in `columns` order, JSON already serialised) into `model`'s table: PostgreSQL only."""
    _copy(model, columns, rows, lambda _done: None)
