"""Compare a checked file with the registry: which rows create, change or leave a staff record alone."""

from collections import Counter
from dataclasses import dataclass, field
from operator import attrgetter

import pandas as pd
from django.db import models

from hrm.models import Employee, Person
from hrm.services.imports.lookups import matching
from hrm.services.imports.validating import Checked


@dataclass
class Row:
    row: int
    person: dict  # new values of the file's person columns
    employee: dict
    employee_id: int | None = None
    person_id: int | None = None
    person_changes: dict = field(default_factory=dict)  # field -> [before, after]
    employee_changes: dict = field(default_factory=dict)
    action: str = ""  # create, update or unchanged: fixed when planned (writing fills in the new ids)
    adopted: bool = False  # a new staff record for a person already known by CCCD

    def decide(self) -> None:
        self.adopted = self.employee_id is None and self.person_id is not None
        if self.employee_id is None:
            self.action = "create"
        else:
            self.action = "update" if self.person_changes or self.employee_changes else "unchanged"


LISTED_ACTIONS = 1000  # rows of an import's answer listed with their action


@dataclass
class Plan:
    rows: list[Row]
    tally: Counter | None = None  # every row's action, when `rows` keeps only some of them (plan_summary)

    def of(self, action: str) -> list[Row]:
        return [r for r in self.rows if r.action == action]

    def counts(self) -> dict:
        actions = self.tally if self.tally is not None else Counter(map(attrgetter("action"), self.rows))
        return {"created": actions["create"], "updated": actions["update"], "unchanged": actions["unchanged"]}


class PlanSummary:
    """What an import answers about the plans of its slices, kept as they are written: the count of each action and
    the first LISTED_ACTIONS changed rows; the rows themselves are let go (freed slice by slice, not all at the end)."""

    def __init__(self):
        self.tally: Counter = Counter()
        self.listed: list[Row] = []

    def add(self, plan: Plan) -> None:
        self.tally.update(map(attrgetter("action"), plan.rows))
        room = LISTED_ACTIONS - len(self.listed)
        if room > 0:
            self.listed += [r for r in plan.rows if r.action != "unchanged"][:room]

    def rows(self) -> int:
        return self.tally.total()

    def plan(self) -> Plan:
        return Plan(self.listed, tally=self.tally)


def blank_value(model, name: str):
    """What an empty cell stores: the field's default, None or ''."""
    f = model._meta.get_field(name)
    if f.has_default():
        return f.get_default()
    if f.null:
        return None
    return "" if isinstance(f, (models.CharField, models.TextField)) else None


DERIVED = {Employee: ("leaving_status",)}  # values the file's cells give (imports.pending), not cells themselves


def _fields(checked: Checked, model) -> list[str]:
    derived = [name for name in DERIVED.get(model, ()) if name in checked.values]
    return [c.field for c in checked.present if c.model is model] + derived


def _records(checked: Checked, names: list[str], model) -> list[dict]:
    """One dict per row of the given columns, blanks replaced by what an empty cell stores."""
    columns = []
    for name in names:
        column = checked.values[name].to_numpy(dtype=object, copy=True)
        empty = pd.isna(column) | (column == "")  # compared in C on the array (half the cost of the Series' methods)
        if empty.any():
            blank = blank_value(model, name)
            for i in empty.nonzero()[0]:  # one by one: a blank may be a value numpy would spread (a list)
                column[i] = blank
        columns.append(column.tolist())
    return (
        # strict=False inside: a checked zip per row costs a third more, and every row has one value per name
        [dict(zip(names, row, strict=False)) for row in zip(*columns, strict=True)]
        if names
        else [{} for _ in range(len(checked.values))]
    )


def _changes(old: dict | None, new: dict) -> dict:
    if old is None:
        return {}
    return {k: [old[k], v] for k, v in new.items() if old[k] != v}


def plan_make(*, checked: Checked) -> Plan:
    """One Row per file row, with the changes against the stored person and staff record."""
    person_fields, employee_fields = _fields(checked, Person), _fields(checked, Employee)
    people, staff = _records(checked, person_fields, Person), _records(checked, employee_fields, Employee)
    employee_ids, person_ids = checked.values["_employee_id"].tolist(), checked.values["_person_id"].tolist()
    kept = checked.values["_keep_person"].tolist() if "_keep_person" in checked.values else [False] * len(person_ids)
    old_people = _stored(Person, person_fields, person_ids)
    old_staff = _stored(Employee, employee_fields, employee_ids)
    rows = []
    for number, person, employee, employee_id, person_id, keep in zip(
        checked.values.index, people, staff, employee_ids, person_ids, kept, strict=True
    ):
        if keep:  # hired again from outside the importer's units: his details stay as they are
            person = dict(old_people[person_id])
        row = Row(int(number), person, employee, employee_id, person_id)
        if employee_id is not None or person_id is not None:
            row.person_changes = _changes(old_people.get(person_id), person)
            row.employee_changes = _changes(old_staff.get(employee_id), employee)
        row.decide()
        rows.append(row)
    _statuses_of_new(checked, rows, employee_fields)
    return Plan(rows)


def _statuses_of_new(checked: Checked, rows: list[Row], employee_fields: list[str]) -> None:
    """A file without a status column: its new records recruited after the import date start later (imports.pending);
    every new row gets the key, so the rows of a slice are written alike."""
    if "status" in employee_fields or "_pending_hire" not in checked.values:
        return
    for row, pending in zip(rows, checked.values["_pending_hire"].tolist(), strict=True):
        if row.action == "create":
            row.employee["status"] = Employee.Status.PENDING if pending else Employee.Status.ACTIVE


def _stored(model, names: list[str], ids: list) -> dict[int, dict]:
    if all(i is None for i in ids):
        return {}
    ids = {i for i in ids if i is not None}
    rows = matching(model.objects, "id", ids).values("id", *names)
    return {values.pop("id"): values for values in rows.iterator(chunk_size=10000) if values["id"] in ids}
