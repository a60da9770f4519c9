"""An import's new rows have their foreign keys checked set by set (PostgreSQL), with the guarantees of the server's
per-row checks: a key to a row that is gone refuses the import and writes nothing, the rows referred to are locked
until it commits, and the session is left as it was."""

import datetime as dt

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction

from common.errors import ApplicationError
from hrm.models import Assignment, Employee, OrgUnit, Person, SalaryRecord
from hrm.services.imports import references, staff_import, writing
from hrm.services.imports.references import Written, ids_condition, keys_checked_by_set
from tests.hrm.factories import EmployeeFactory
from tests.hrm.test_import_support import staff_row, write_xlsx

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: runs in the services pass of .ci/run"
)
committed = pytest.mark.django_db(transaction=True)  # another connection (or the writer thread) takes part
ON = dt.date(2025, 3, 1)


def replication_role() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        return cursor.fetchone()[0]


def checks_counted(monkeypatch) -> list:
    calls, real = [], references._check

    def counting(cursor, written, created):
        calls.append(written.model)
        return real(cursor, written, created)

    monkeypatch.setattr(references, "_check", counting)
    return calls


def test_ids_from_a_block_are_tested_as_a_range_others_as_a_list():
    assert ids_condition("id", [7, 8, 9]) == ("c.id BETWEEN %s AND %s", (7, 9))
    assert ids_condition("employee_id", [7, 9]) == ("c.employee_id = ANY(%s)", ([7, 9],))
    assert ids_condition("id", [9, 8, 7]) == ("c.id = ANY(%s)", ([9, 8, 7],))
    assert ids_condition("id", []) == ("c.id = ANY(%s)", ([],))


@committed
@pytest.mark.parametrize("slice_rows", [3, 10_000], ids=["slices", "one-transaction"])
def test_an_import_checks_its_new_rows_keys_by_set_and_leaves_the_session_as_it_was(
    tmp_path, province, admin_user, settings, monkeypatch, slice_rows
):
    settings.CONGVU_IMPORT_SLICE_ROWS = slice_rows
    checked = checks_counted(monkeypatch)
    path = write_xlsx(tmp_path / "staff.xlsx", [staff_row(n, unit="H831" if n % 2 else "X28801") for n in range(1, 8)])
    result = staff_import(path=path, user=admin_user, on=ON)
    assert (result["errors"], result["created"]) == ([], 7)
    assert {Person, Employee, Assignment, SalaryRecord} <= set(checked)
    assert replication_role() == "origin"
    units = {province["d1"].pk, province["c1"].pk}
    assert set(Employee.objects.values_list("unit_id", flat=True)) == units
    assert set(Assignment.objects.values_list("unit_id", flat=True)) == units
    assert SalaryRecord.objects.filter(employee__in=Employee.objects.all()).count() == 7


@committed
def test_a_unit_deleted_while_the_rows_are_written_refuses_the_import_and_writes_nothing(
    tmp_path, province, admin_user, monkeypatch
):
    """Without the per-row checks nothing locks the unit while the rows are sent: another session deletes it (it
    does not wait, the new rows are not committed), and the check by set finds it gone."""
    real, db = writing.rows_of_new, connection.settings_dict

    def deleted_meanwhile(**kwargs):
        real(**kwargs)
        with psycopg.connect(
            dbname=db["NAME"], host=db["HOST"], port=db["PORT"], user=db["USER"], autocommit=True
        ) as other:
            other.execute("SET lock_timeout = '5s'")  # a lock held by the import would fail this test, not hang it
            unit = "(SELECT id FROM hrm_orgunit WHERE code = 'X28801')"
            other.execute(f"DELETE FROM hrm_orgunitversion WHERE unit_id = {unit}")  # noqa: S608 - fixed text
            other.execute("DELETE FROM hrm_orgunit WHERE code = 'X28801'")

    monkeypatch.setattr(writing, "rows_of_new", deleted_meanwhile)
    path = write_xlsx(tmp_path / "staff.xlsx", [staff_row(1, unit="H831"), staff_row(2, unit="X28801")])
    with pytest.raises(ApplicationError, match="nhập lại"):
        staff_import(path=path, user=admin_user, on=ON)
    assert not OrgUnit.objects.filter(code="X28801").exists()
    assert not Employee.objects.exists() and not Person.objects.exists() and not Assignment.objects.exists()
    assert replication_role() == "origin"


@pytest.mark.django_db
def test_a_key_to_a_missing_row_raises_and_keys_to_rows_created_are_not_looked_up(province):
    employee = EmployeeFactory(unit=province["d1"])
    person = employee.person
    written = [Written(Employee, "c.id = %s", (employee.pk,))]
    with transaction.atomic():
        with keys_checked_by_set(written=written, created={Person: [person.pk]}):
            assert replication_role() == "replica"
        assert replication_role() == "origin"
    with pytest.raises(IntegrityError, match="hrm_employee.unit_id"):
        with transaction.atomic():
            with keys_checked_by_set(written=written, created={Person: [person.pk]}):
                Employee.objects.filter(pk=employee.pk).update(unit_id=987654321)  # no trigger checks it here


@pytest.mark.django_db
def test_an_error_in_the_block_leaves_the_rest_of_the_transaction_checked_row_by_row():
    with transaction.atomic():
        with pytest.raises(ValueError):
            with transaction.atomic():  # a savepoint the caller goes on after
                with keys_checked_by_set(written=[], created={}):
                    raise ValueError("a bug")
        assert replication_role() == "origin"


@committed
def test_outside_a_transaction_the_server_checks_each_row():
    with keys_checked_by_set(written=[Written(Person, "false", ())], created={}):
        assert replication_role() == "origin"


@pytest.mark.django_db
def test_without_the_privilege_or_beside_another_trigger_the_server_checks_each_row():
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE FUNCTION test_noop() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';"
                "CREATE TRIGGER test_noop BEFORE INSERT ON hrm_person FOR EACH ROW EXECUTE FUNCTION test_noop()"
            )
        assert not references._allowed([Person])
        assert references._allowed([Employee])
        with keys_checked_by_set(written=[Written(Person, "false", ())], created={}):
            assert replication_role() == "origin"
        transaction.set_rollback(True)
    with transaction.atomic():
        with connection.cursor() as cursor:  # a role that is neither superuser nor granted the setting
            cursor.execute("CREATE ROLE test_import_clerk")
            cursor.execute("SET LOCAL ROLE test_import_clerk")
        assert not references._allowed([Employee])
        transaction.set_rollback(True)
