"""After a large import the filled tables' statistics are refreshed (PostgreSQL), in the background, so later
queries plan well without the import's answer waiting for it."""

import threading

import pytest
from django.db import connection

from common import statistics
from hrm.services.imports import staff_import
from tests.hrm.test_import_support import staff_row, write_xlsx

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="ANALYZE is PostgreSQL's (services mode)"),
    pytest.mark.django_db(transaction=True),
]
TABLES = ("hrm_person", "hrm_employee", "hrm_assignment", "hrm_salaryrecord", "common_auditentry")


def _analyzed(column: str = "last_analyze") -> dict:
    """{table: when it was last analyzed (or vacuumed: "last_vacuum") by a statement (not autovacuum)}."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            f"SELECT relname, {column} FROM pg_stat_user_tables WHERE relname = ANY(%s)",  # noqa: S608 - ours
            [list(TABLES)],
        )
        return dict(cursor.fetchall())


def _wait_for_analyze():
    for thread in threading.enumerate():
        if thread.name == statistics.ANALYZE_THREAD:
            thread.join(30)


def test_a_large_import_vacuums_and_analyzes_the_tables_it_filled(tmp_path, hr_manager, monkeypatch):
    monkeypatch.setattr(statistics, "ANALYZE_AFTER_ROWS", 3)
    before = {column: _analyzed(column) for column in ("last_analyze", "last_vacuum")}
    result = staff_import(path=write_xlsx(tmp_path / "s.xlsx", [staff_row(n) for n in range(1, 5)]), user=hr_manager)
    assert result["created"] == 4
    _wait_for_analyze()
    for column, earlier in before.items():
        after = _analyzed(column)
        assert all(after[t] is not None and (earlier.get(t) is None or after[t] > earlier[t]) for t in TABLES), after


def test_small_imports_and_dry_runs_leave_it_to_autovacuum(tmp_path, hr_manager):
    started = []
    real = threading.Thread.start

    def spy(thread):
        started.append(thread.name)
        return real(thread)

    path = write_xlsx(tmp_path / "s.xlsx", [staff_row(1), staff_row(2)])
    threading.Thread.start = spy
    try:
        staff_import(path=path, user=hr_manager, dry_run=True)
        staff_import(path=path, user=hr_manager)
    finally:
        threading.Thread.start = real
    assert statistics.ANALYZE_THREAD not in started
