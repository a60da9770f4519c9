"""The write phase of a staff import: set-based, one transaction, one audit entry per changed record."""

import datetime as dt
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from django.db import connection, transaction
from django.db.models import Max

from common.middleware import current_audit_context
from common.models import AuditEntry
from common.services import audit_bulk
from common.statistics import tables_analyze_on_commit
from hrm.models import Assignment, Employee, Person, SalaryRecord
from hrm.services.imports import history
from hrm.services.imports.bulk import (
    CopyRows,
    IdPool,
    InsertSelect,
    RawJson,
    copy_columns_make,
    copy_rows_make,
    copy_rows_run,
    rows_insert,
    rows_insert_select_shared,
    rows_update,
)
from hrm.services.imports.lookups import SEPARATOR, joined
from hrm.services.imports.planning import Plan, Row, values_columns
from hrm.services.imports.references import Written, ids_condition, keys_checked_by_set

AUDITED_MODEL = "hrm.employee"  # what an import's audit entries are about
NAME_KEYS = ["full_name", "family_name", "middle_name", "given_name", "name_sort", "name_search"]


@functools.lru_cache(maxsize=200_000)
def _name_keys(full_name: str) -> dict:
    holder = SimpleNamespace(full_name=full_name)
    Person.set_name_keys(holder)  # the model's own derivation, without building a whole Person per row
    return {k: getattr(holder, k) for k in NAME_KEYS}  # shared between rows: copied into each, never changed


@functools.lru_cache(maxsize=200_000)
def _name_values(full_name: str) -> tuple:
    """_name_keys as a tuple in NAME_KEYS order: what a row of name columns needs, looked up once per row."""
    return tuple(map(_name_keys(full_name).__getitem__, NAME_KEYS))


def _name_columns(full_names: list[str]) -> dict[str, list]:
    """NAME_KEYS → one value per name, each distinct name derived once (a file repeats names a lot)."""
    columns = list(zip(*map(_name_values, full_names), strict=True)) or [()] * len(NAME_KEYS)
    return {k: list(column) for k, column in zip(NAME_KEYS, columns, strict=True)}


def _named(values: dict) -> dict:
    return {**values, **_name_keys(values.get("full_name", ""))}


def _create_people(rows: list[Row]) -> None:
    new = [r for r in rows if not r.adopted]
    ids = rows_insert(model=Person, rows=[_named(r.person) for r in new])
    for row, pk in zip(new, ids, strict=True):
        row.person_id = pk


def _update(model, rows: list[tuple[int, dict, dict]]) -> None:
    """rows: (id, all new values, changed fields); writes the union of changed fields in one statement."""
    fields = sorted({name for _, _, changes in rows for name in changes})
    if not fields:
        return
    items = [(pk, {f: values[f] for f in fields}) for pk, values, _ in rows]
    if model is Person and "full_name" in fields:
        items = [(pk, _named(values)) for pk, values in items]
        fields = sorted(set(fields) | set(NAME_KEYS))
    rows_update(model=model, items=items, fields=fields)


def _update_people(plan: Plan) -> None:
    # Only what changed, also for a person known by CCCD hired under a new staff number: one kept from outside
    # the importer's units has no changes (planning), so the import never writes him.
    _update(Person, [(r.person_id, r.person, r.person_changes) for r in plan.rows if r.person_changes])


def _create_staff(rows: list[Row]) -> None:
    ids = rows_insert(model=Employee, rows=[{**r.employee, "person_id": r.person_id} for r in rows])
    for row, pk in zip(rows, ids, strict=True):
        row.employee_id = pk


def _changes_json(plan: Plan) -> dict[int, RawJson]:
    # A created record's "after" is the record itself: later changes are audited with before and after,
    # so its state at creation can always be rebuilt; repeating 30 values per row here would double the import.
    out = dict.fromkeys((row.row for row in plan.of("create")), RawJson("{}"))
    for row in plan.of("update"):
        changes = {**row.person_changes, **row.employee_changes}
        out[row.row] = RawJson(json.dumps({k: [_json(a), _json(b)] for k, (a, b) in changes.items()}))
    return out


def _audit_rows(plan: Plan, user) -> list[dict]:
    common = _audit_common(user)
    changes = _changes_json(plan)
    return [
        {
            **common,
            "object_id": str(row.employee_id),
            "unit_id": row.employee.get("unit_id"),
            "object_repr": f"{row.person.get('full_name', '')} ({row.employee.get('code', '')})"[:255],
            "changes": changes[row.row],
        }
        for row in plan.rows
        if row.action != "unchanged"
    ]


def _audit(plan: Plan, user) -> None:
    rows = _audit_rows(plan, user)
    audit_bulk([AuditEntry(**{**row, "changes": json.loads(row["changes"])}) for row in rows])


def _json(value):
    return value if value is None or isinstance(value, (str, int, bool, float)) else str(value)


def plan_write(*, plan: Plan, user, on: dt.date, progress: Callable[[str], None]) -> None:
    """Write a plan in one transaction: people, staff records, open assignment and salary rows, audit."""
    with transaction.atomic():
        plan_rows_write(plan=plan, user=user, on=on, progress=progress)


IMPORTED_MODELS = (Person, Employee, Assignment, SalaryRecord, AuditEntry)


def tables_analyze_after_import(*, plan: Plan) -> None:
    """Refresh PostgreSQL's statistics of the tables a written import filled, once it is committed, in a thread of
    its own: the import's answer does not wait for it."""
    counts = plan.counts()
    tables_analyze_on_commit(models=IMPORTED_MODELS, rows=counts["created"] + counts["updated"])


def plan_rows_write(*, plan: Plan, user, on: dt.date, progress: Callable[[str], None]) -> None:
    """The writes of a plan (or of one slice of a file), inside the caller's transaction."""
    if connection.vendor == "postgresql":
        prepared_write(prepared=plan_prepare(plan=plan, user=user, on=on), plan=plan, on=on, progress=progress)
        return
    created = plan.of("create")
    updated = plan.of("update")
    progress("people")
    _update_people(plan)
    _create_people(created)
    progress("staff")
    _create_staff(created)
    _update(Employee, [(r.employee_id, r.employee, r.employee_changes) for r in updated])
    progress("history")
    rows_insert(model=Assignment, rows=_assignment_rows(created, on))
    rows_insert(model=SalaryRecord, rows=_salary_rows(created, on))
    history.histories_update(rows=updated, on=on)
    progress("audit")
    _audit(plan, user)


def _assignment_rows(created: list[Row], on: dt.date) -> list[dict]:
    return history.closed_for_leavers(created, [history.assignment_new(r, on) for r in created], on)


def _salary_rows(created: list[Row], on: dt.date) -> list[dict]:
    return history.closed_for_leavers(created, [history.salary_new(r, on) for r in created], on)


@dataclass
class Prepared:
    """The new rows of a plan, ids taken and COPY text made (PostgreSQL): what is left is sending them. The history
    rows and audit entries of new records are made by the server from the records (rows_of_new); those of changed
    records are sent as text."""

    people: CopyRows
    staff: CopyRows
    audit: CopyRows  # of changed records
    created_ids: list[int]
    created_names: list[str]  # the full name of each new record's person, as the file (or the registry) gives it
    audit_of_new: dict  # the parameters of _audit_of_new


WRITTEN_MODELS = (Person, Employee, AuditEntry)  # at most one new row each per file row, from an IdPool


def plan_prepare(*, plan: Plan, user, on: dt.date, pool: IdPool | None = None) -> Prepared:
    """A plan's writes made ready: new ids (given to the plan's rows) and COPY text; only sending is left."""
    created = plan.of("create")
    new = [r for r in created if not r.adopted]
    person_columns = values_columns(new, "person")
    names = _name_columns(person_columns.get("full_name", [""] * len(new)))
    people = copy_columns_make(model=Person, columns={**person_columns, **names}, count=len(new), pool=pool)
    for row, pk in zip(new, people.ids, strict=True):
        row.person_id = pk
    staff_columns = {**values_columns(created, "employee"), "person_id": [r.person_id for r in created]}
    staff = copy_columns_make(model=Employee, columns=staff_columns, count=len(created), pool=pool)
    for row, pk in zip(created, staff.ids, strict=True):
        row.employee_id = pk
    changed = Plan(plan.of("update"))
    return Prepared(
        people=people,
        staff=staff,
        audit=copy_rows_make(model=AuditEntry, rows=_audit_rows(changed, user), pool=pool),  # COPY: many indexes
        created_ids=staff.ids,
        created_names=values_columns(created, "person", ["full_name"])["full_name"],
        audit_of_new=_audit_common(user),
    )


def _audit_common(user) -> dict:
    actor_id = user.pk if getattr(user, "pk", None) else None
    return {
        "actor_id": actor_id,
        "actor_name": getattr(user, "username", ""),
        "action": AuditEntry.Action.IMPORT,
        "model": AUDITED_MODEL,
        "ip": current_audit_context().get("ip"),
    }


def _audit_of_new(common: dict) -> InsertSelect:
    """The insert of the audit entries of new staff records (the same as _audit_rows writes for them: "after" is the
    record itself, so `changes` is empty); `common` holds its parameters."""
    values = {name: f"CAST(%({name})s AS {AuditEntry._meta.get_field(name).db_type(connection)})" for name in common}
    values.update(
        {
            "object_id": "e.id::text",
            "unit_id": "e.unit_id",
            "object_repr": "LEFT(e.person_full_name || ' (' || e.code || ')', 255)",
        }
    )
    return InsertSelect(model=AuditEntry, values=values, source=f"{history.NEW_STAFF} e")


def rows_of_new(*, employee_ids: list[int], names: list[str], on: dt.date, common: dict) -> None:
    """The assignment and salary rows and the audit entries of new staff records, made by the server in one
    statement that looks each record up once (PostgreSQL); `names`: the full name of each record's person, sent
    along so that the people are not looked up again."""
    if not employee_ids:
        return
    inserts, params = history.histories_of_new(on=on)
    text = joined(names)
    if text is None:  # a name holds the separator: arrays, quoted element by element
        lists, params = "%(ids)s::bigint[], %(names)s::text[]", {**params, "ids": employee_ids, "names": names}
    else:  # two text parameters: no per-element quoting in Python (this thread shares the GIL with the checks)
        lists = "string_to_array(%(ids)s, %(sep)s)::bigint[], string_to_array(%(names)s, %(sep)s)"
        params = {**params, "ids": joined(employee_ids), "names": text, "sep": SEPARATOR}
    rows_insert_select_shared(
        name=history.NEW_STAFF,
        # an index lookup per id: the records were just copied, their statistics are not there yet; a lone empty
        # name comes back as no element from string_to_array
        shared=f"SELECT e.*, COALESCE(i.full_name, '') AS person_full_name FROM unnest({lists}) AS i (id, full_name) "  # noqa: S608 - fixed texts
        "JOIN hrm_employee e ON e.id = i.id",
        inserts=[*inserts, _audit_of_new(common)],
        params={**params, **common},
    )


def _new_rows(prepared: Prepared, audited_after: int) -> list[Written]:
    """Every row the writes of new records add: people, staff records, and the history rows and audit entries
    rows_of_new makes from those records (no other rows hold their ids; the audit entries are the import's after
    `audited_after`)."""
    staff, history_rows = ids_condition("id", prepared.staff.ids), ids_condition("employee_id", prepared.staff.ids)
    return [
        Written(Person, *ids_condition("id", prepared.people.ids)),
        Written(Employee, *staff),
        Written(Assignment, *history_rows),
        Written(SalaryRecord, *history_rows),
        Written(AuditEntry, "c.id > %s AND c.model = %s", (audited_after, AUDITED_MODEL)),
    ]


def _last_audit_id() -> int:
    return AuditEntry.objects.aggregate(last=Max("id"))["last"] or 0


def prepared_write(*, prepared: Prepared, plan: Plan, on: dt.date, progress: Callable[[str], None]) -> None:
    """Send a prepared plan, with the changes to existing records, inside the caller's transaction."""
    updated = plan.of("update")
    progress("people")
    _update_people(plan)
    with keys_checked_by_set(
        written=_new_rows(prepared, _last_audit_id()),
        created={Person: prepared.people.ids, Employee: prepared.staff.ids},
    ):
        copy_rows_run(prepared.people)
        progress("staff")
        copy_rows_run(prepared.staff)
        progress("history")
        rows_of_new(
            employee_ids=prepared.created_ids, names=prepared.created_names, on=on, common=prepared.audit_of_new
        )
    _update(Employee, [(r.employee_id, r.employee, r.employee_changes) for r in updated])
    history.histories_update(rows=updated, on=on)
    progress("audit")
    copy_rows_run(prepared.audit)
