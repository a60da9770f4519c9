"""Compare a checked file with the registry: which rows create, change or leave a staff record alone."""

from collections import Counter
from dataclasses import dataclass
from operator import attrgetter, itemgetter

import pandas as pd
from django.db import models

from hrm.models import Employee, Person
from hrm.services.imports.lookups import matching
from hrm.services.imports.validating import Checked


class Row:
    """A file row and what importing it does. A new record's person and staff values stay in its slice's columns
    (RowValues) until asked for: the writer makes their COPY text from the columns, not from a dict per row."""

    __slots__ = (
        "row",
        "_person",
        "_employee",
        "employee_id",
        "person_id",
        "person_changes",
        "employee_changes",
        "action",
        "adopted",
        "source",
        "position",
        "lazy",
    )

    def __init__(
        self,
        row: int,
        person: dict | None = None,  # new values of the file's person columns (None: read from `source`)
        employee: dict | None = None,
        employee_id: int | None = None,
        person_id: int | None = None,
        *,
        action: str = "",
        source: "PlanValues | None" = None,
        position: int = 0,
    ):
        self.row, self._person, self._employee = row, person, employee
        self.employee_id, self.person_id = employee_id, person_id
        self.person_changes: dict = {}  # field -> [before, after]
        self.employee_changes: dict = {}
        self.action = action  # create, update or unchanged: fixed when planned (writing fills in the new ids)
        self.adopted = False  # a new staff record for a person already known by CCCD
        self.source, self.position = source, position  # the slice's columns and this row's place in them
        self.lazy = person is None and employee is None  # its values are the columns' (read when asked for)

    @property
    def person(self) -> dict:
        if self._person is None:
            self._person = self.source.people.row(self.position)
        return self._person

    @property
    def employee(self) -> dict:
        if self._employee is None:
            self._employee = self.source.staff.row(self.position)
        return self._employee

    def __repr__(self) -> str:
        return f"Row({self.row}, {self.action!r}, employee_id={self.employee_id}, person_id={self.person_id})"

    def decide(self) -> None:
        self.adopted = self.employee_id is None and self.person_id is not None
        if self.employee_id is None:
            self.action = "create"
        else:
            self.action = "update" if self.person_changes or self.employee_changes else "unchanged"


@dataclass
class RowValues:
    """One model's values for every row of a checked slice, one list per field, blanks replaced by what an empty cell
    stores."""

    columns: dict[str, list]
    count: int

    def row(self, position: int) -> dict:
        return {name: column[position] for name, column in self.columns.items()}


@dataclass
class PlanValues:
    """The person and staff values of a slice's rows, as columns."""

    people: RowValues
    staff: RowValues


def values_columns(rows: list[Row], kind: str, names: list[str] | None = None) -> dict[str, list]:
    """The person (`kind` "person") or staff ("employee") values of `rows` as one list per field (only `names`, a
    missing one '', when given): taken from their slice's columns, except for the few rows whose values are their own
    (a person kept as he is stored, a record adopting a known person), which are read from each row's dict."""
    source = rows[0].source if rows else None
    if source is None or any(r.source is not source for r in rows):
        dicts = [getattr(r, kind) for r in rows]
        if names is None:
            return {n: list(map(itemgetter(n), dicts)) for n in (list(dicts[0]) if dicts else [])}
        return {n: [d.get(n, "") for d in dicts] for n in names}
    values = source.people if kind == "person" else source.staff
    names = list(values.columns) if names is None else names
    own = [(i, getattr(r, kind)) for i, r in enumerate(rows) if not r.lazy]
    if len(rows) == values.count and not own:  # every row of the slice, in order: the columns themselves
        return {n: values.columns[n] if n in values.columns else [""] * len(rows) for n in names}
    positions = [r.position for r in rows]
    out = {
        n: list(map(values.columns[n].__getitem__, positions)) if n in values.columns else [""] * len(rows)
        for n in names
    }
    for i, values_of_row in own:
        for n in names:
            out[n][i] = values_of_row.get(n, "")
    return out


LISTED_ACTIONS = 1000  # rows of an import's answer listed with their action


@dataclass
class Plan:
    rows: list[Row]
    tally: Counter | None = None  # every row's action, when `rows` keeps only some of them (plan_summary)
    values: PlanValues | None = None  # the rows' values as columns (plan_make)

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


def _values(checked: Checked, names: list[str], model) -> RowValues:
    """One list per column, blanks replaced by what an empty cell stores."""
    columns = {}
    for name in names:
        column = checked.values[name].to_numpy(dtype=object, copy=True)
        empty = pd.isna(column) | (column == "")  # compared in C on the array (half the cost of the Series' methods)
        if empty.any():
            blank = blank_value(model, name)
            for i in empty.nonzero()[0]:  # one by one: a blank may be a value numpy would spread (a list)
                column[i] = blank
        columns[name] = column.tolist()
    return RowValues(columns, len(checked.values))


def _changes(old: dict | None, new: dict) -> dict:
    if old is None:
        return {}
    return {k: [old[k], v] for k, v in new.items() if old[k] != v}


def plan_make(*, checked: Checked) -> Plan:
    """One Row per file row, with the changes against the stored person and staff record; a new record's values stay
    columns (RowValues)."""
    person_fields, employee_fields = _fields(checked, Person), _fields(checked, Employee)
    values = PlanValues(_values(checked, person_fields, Person), _values(checked, employee_fields, Employee))
    employee_ids, person_ids = checked.values["_employee_id"].tolist(), checked.values["_person_id"].tolist()
    kept = checked.values["_keep_person"].tolist() if "_keep_person" in checked.values else [False] * len(person_ids)
    old_people = _stored(Person, person_fields, person_ids)
    old_staff = _stored(Employee, employee_fields, employee_ids)
    rows = []
    for position, (number, employee_id, person_id, keep) in enumerate(
        zip(checked.values.index.tolist(), employee_ids, person_ids, kept, strict=True)
    ):
        if employee_id is None and person_id is None:
            row = Row(int(number), source=values, position=position, action="create")
            rows.append(row)
            continue
        # hired again from outside the importer's units: his details stay as they are
        person = dict(old_people[person_id]) if keep else values.people.row(position)
        row = Row(
            int(number), person, values.staff.row(position), employee_id, person_id, source=values, position=position
        )
        row.person_changes = _changes(old_people.get(person_id), person)
        row.employee_changes = _changes(old_staff.get(employee_id), row.employee)
        row.decide()
        rows.append(row)
    _statuses_of_new(checked, rows, values.staff, employee_fields)
    return Plan(rows, values=values)


def _statuses_of_new(checked: Checked, rows: list[Row], staff: RowValues, employee_fields: list[str]) -> None:
    """A file without a status column: its new records recruited after the import date start later (imports.pending);
    every new row gets the key, so the rows of a slice are written alike."""
    if "status" in employee_fields or "_pending_hire" not in checked.values:
        return
    pending, active = Employee.Status.PENDING, Employee.Status.ACTIVE
    staff.columns["status"] = [pending if p else active for p in checked.values["_pending_hire"].tolist()]
    for row, status in zip(rows, staff.columns["status"], strict=True):
        if row.adopted:  # a new record whose values were already taken out of the columns
            row.employee["status"] = status


def _stored(model, names: list[str], ids: list) -> dict[int, dict]:
    if all(i is None for i in ids):
        return {}
    ids = {i for i in ids if i is not None}
    rows = matching(model.objects, "id", ids).values("id", *names)
    return {values.pop("id"): values for values in rows.iterator(chunk_size=10000) if values["id"] in ids}
