"""PostgreSQL's planner statistics after a bulk write: ANALYZE of the tables it filled (and, once it has committed,
VACUUM as well).

Below ANALYZE_AFTER_ROWS written rows the server's autovacuum catches up soon enough; above it, queries planned on
stale statistics cost far more than ANALYZE: a re-import of 20,000 staff rows took 824 s on a server without
autovacuum, and the closing of 2,000 attempts planned on never-analyzed tables ran one query for over ten minutes
(persons × attempts in a nested loop). Nothing here is needed on SQLite.
"""

import logging
import threading

from django.db import DatabaseError, connection, transaction

logger = logging.getLogger(__name__)
ANALYZE_AFTER_ROWS = 1000
ANALYZE_THREAD = "tables-analyze"


def _statement(models, rows: int, command: str = "ANALYZE") -> str | None:
    """The ANALYZE (or other `command`) of the tables of `models`, or None when there is nothing to do (SQLite, or few
    rows written)."""
    if connection.vendor != "postgresql" or rows < ANALYZE_AFTER_ROWS:
        return None
    return f"{command} " + ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)


def tables_analyze(*, models, rows: int) -> None:
    """ANALYZE the tables of `models` now, in this connection, when `rows` rows were written (PostgreSQL only)."""
    statement = _statement(models, rows)
    if statement:
        with connection.cursor() as cursor:
            cursor.execute(statement)


def tables_analyze_on_commit(*, models, rows: int) -> None:
    """VACUUM and ANALYZE the tables of `models` once the current transaction commits, in a thread of its own so that
    the caller's answer does not wait, when `rows` rows were written (PostgreSQL only). VACUUM marks the new rows
    committed and their pages all-visible once, here: otherwise the first queries to read them do it (the first
    quality report after a 100,000-row import was the slowest), and autovacuum comes back for them later, in the
    middle of other work. Neither can run inside the transaction that wrote the rows (`tables_analyze` can)."""
    statement = _statement(models, rows, "VACUUM (ANALYZE)")
    if not statement:
        return

    def analyze():
        try:
            with connection.cursor() as cursor:  # this thread's own connection
                cursor.execute(statement)
        except DatabaseError:  # statistics are an optimisation: autovacuum will catch up
            logger.warning("%s failed", statement, exc_info=True)
        finally:
            connection.close()

    transaction.on_commit(lambda: threading.Thread(target=analyze, name=ANALYZE_THREAD, daemon=True).start())
