"""After a large import the filled tables' statistics are refreshed (PostgreSQL), so later queries plan well."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hrm.services.imports import staff_import, writing
from tests.hrm.test_import_support import staff_row, write_xlsx

pytestmark = pytest.mark.django_db


def _analyze_statements(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("ANALYZE")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ANALYZE is PostgreSQL's (services mode)")
def test_a_large_import_analyzes_the_tables_it_filled(
    tmp_path, hr_manager, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(writing, "ANALYZE_AFTER_ROWS", 3)
    path = write_xlsx(tmp_path / "s.xlsx", [staff_row(n) for n in range(1, 5)])
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        result = staff_import(path=path, user=hr_manager)
    assert result["created"] == 4
    statements = _analyze_statements(queries)
    assert len(statements) == 1
    for table in ("hrm_person", "hrm_employee", "hrm_assignment", "hrm_salaryrecord", "common_auditentry"):
        assert table in statements[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ANALYZE is PostgreSQL's (services mode)")
def test_small_imports_and_dry_runs_leave_it_to_autovacuum(tmp_path, hr_manager, django_capture_on_commit_callbacks):
    path = write_xlsx(tmp_path / "s.xlsx", [staff_row(1), staff_row(2)])
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        staff_import(path=path, user=hr_manager, dry_run=True)
        staff_import(path=path, user=hr_manager)
    assert _analyze_statements(queries) == []
