"""Writing many imported items at once: PostgreSQL COPY with ids taken from the sequences in one query per table
(tens of thousands of rows in a second or two), the ORM's bulk_create elsewhere (SQLite in embedded mode)."""

from django.db import connection
from django.utils import timezone

from exams.models import Item, ItemOption, ItemVersion
from exams.services.banks.items import option_rows, version_row

BATCH = 2000


def items_insert(*, bank, new, topics, actor, progress) -> None:
    """Insert the items, first versions (drafts by `actor`) and options of `new` ([(draft, hash)]) under `topics`."""
    if connection.vendor == "postgresql":
        _copy(bank=bank, new=new, topics=topics, actor=actor)
    else:
        _orm(bank=bank, new=new, topics=topics, actor=actor, progress=progress)


def _orm(*, bank, new, topics, actor, progress) -> None:
    for start in range(0, len(new), BATCH):
        chunk = new[start : start + BATCH]
        items = Item.objects.bulk_create(
            Item(bank=bank, topic=topic, code=draft.code, difficulty=draft.difficulty)
            for (draft, _digest), topic in zip(chunk, topics[start : start + BATCH], strict=True)
        )
        versions = ItemVersion.objects.bulk_create(
            version_row(item=item, number=1, draft=draft, actor=actor, digest=digest)
            for item, (draft, digest) in zip(items, chunk, strict=True)
        )
        rows = (
            row
            for version, (draft, _d) in zip(versions, chunk, strict=True)
            for row in option_rows(version=version, draft=draft)
        )
        ItemOption.objects.bulk_create(rows, batch_size=BATCH * 2)
        progress(40 + int(55 * (start + len(chunk)) / max(len(new), 1)), "")


def _ids(cursor, table: str, count: int) -> list[int]:
    cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count])
    return [row[0] for row in cursor.fetchall()]


def _copy(*, bank, new, topics, actor) -> None:
    now = timezone.now()
    actor_id = getattr(actor, "pk", None)
    option_count = sum(len(draft.options) for draft, _digest in new)
    with connection.cursor() as cursor:
        item_ids = _ids(cursor, Item._meta.db_table, len(new))
        version_ids = _ids(cursor, ItemVersion._meta.db_table, len(new))
        option_ids = iter(_ids(cursor, ItemOption._meta.db_table, option_count)) if option_count else iter(())
        raw = cursor.cursor  # psycopg's own cursor: COPY
        with raw.copy(
            f"COPY {Item._meta.db_table} (id, bank_id, topic_id, code, difficulty, retired, created_at) FROM STDIN"
        ) as copy:
            for item_id, (draft, _digest), topic in zip(item_ids, new, topics, strict=True):
                copy.write_row((item_id, bank.pk, topic.pk, draft.code, draft.difficulty, False, now))
        with raw.copy(
            f"COPY {ItemVersion._meta.db_table} (id, item_id, number, kind, stem, stem_format, points, "
            "general_feedback, shuffle_options, case_sensitive, status, content_hash, used, created_at, "
            "created_by_id) FROM STDIN"
        ) as copy:
            for version_id, item_id, (draft, digest) in zip(version_ids, item_ids, new, strict=True):
                copy.write_row((version_id, item_id, 1, draft.kind, draft.stem, draft.stem_format, draft.points,
                                draft.general_feedback, draft.shuffle_options, draft.case_sensitive,
                                ItemVersion.Status.DRAFT, digest, False, now, actor_id))  # fmt: skip
        with raw.copy(
            f"COPY {ItemOption._meta.db_table} (id, version_id, position, text, fraction, feedback, match_text, "
            "value, tolerance) FROM STDIN"
        ) as copy:
            for version_id, (draft, _digest) in zip(version_ids, new, strict=True):
                for position, o in enumerate(draft.options, start=1):
                    copy.write_row((next(option_ids), version_id, position, o.text, o.fraction, o.feedback,
                                    o.match_text, o.value, o.tolerance))  # fmt: skip
