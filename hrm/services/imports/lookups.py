"""Rules that need the database or other rows: units and scope, ranks and pay steps, duplicates, CCCD."""

import datetime as dt

import pandas as pd
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.utils.translation import gettext

from common.errors import ApplicationError
from hrm.access import STAFF_IMPORT
from hrm.models import Employee, OrgUnit, Person, Rank, RankGroup, SalaryGroup, SalaryStep
from hrm.selectors import unit_scope_for_user
from hrm.services.cccd import cccd_validate_many
from hrm.services.identity import cccd_refusal, hire_refusal, identity_key
from hrm.services.imports.columns import CCCD, CODE, COEFFICIENT, RANK, STEP, UNIT
from hrm.services.titles import rank_staff_type_check

SEPARATOR = "\x1f"  # a control character: cleaned cells never hold one (common.text.clean_text)


def joined(values) -> str | None:
    """Values as ONE text parameter for `string_to_array(…, SEPARATOR)` (PostgreSQL): the driver need not quote
    100,000 array elements one by one in Python. None when a value holds the separator (then send an array)."""
    text = SEPARATOR.join(map(str, values))
    return None if text.count(SEPARATOR) != max(len(values) - 1, 0) else text


def matching(queryset, field: str, values) -> QuerySet:
    """queryset.filter(field__in=values) that stays one parameter for 100,000 values on PostgreSQL."""
    values = [v for v in dict.fromkeys(values) if v not in ("", None)]
    if connection.vendor == "postgresql":
        cast = "bigint" if values and isinstance(values[0], int) else "text"
        text = joined(values)
        if text is None:
            array = RawSQL(f"SELECT unnest(%s::{cast}[])", [values])  # noqa: S611 - a fixed cast; values a parameter
        else:
            sql = f"SELECT unnest(string_to_array(%s, %s)::{cast}[])"
            array = RawSQL(sql, [text, SEPARATOR])  # noqa: S611 - a fixed cast; values a parameter
        return queryset.filter(**{f"{field}__in": array})
    if len(values) > 900:
        return queryset  # SQLite: fewer queries to read all than to page through IN lists
    return queryset.filter(**{f"{field}__in": values})


def objects(index, items) -> pd.Series:
    """A Series of plain Python values (ids stay ints; None stays None, never NaN)."""
    return pd.Series(list(items), index=index, dtype=object)


def _check_units(checked, frame: pd.DataFrame, user) -> None:
    codes = frame[UNIT]
    units = {u["code"]: u for u in OrgUnit.objects.filter(code__in=codes.unique()).values("id", "code", "valid_to")}
    scope = unit_scope_for_user(user=user, action=STAFF_IMPORT)
    allowed = None if scope.everywhere else set(scope.unit_ids().values_list("id", flat=True))
    texts = codes.tolist()  # plain strings: iterating the Series itself goes through pandas once per cell
    ids = objects(codes.index, (units[code]["id"] if code in units else None for code in texts))
    checked.values["unit_id"] = ids
    filled = codes != ""
    checked.flag(filled & ids.isna(), UNIT, gettext("No unit has this code."))
    closed = objects(codes.index, (code in units and units[code]["valid_to"] is not None for code in texts))
    checked.flag(closed, UNIT, gettext("This unit has been dissolved or merged."))
    if allowed is not None:
        outside = ids.notna() & ~ids.isin(allowed)
        checked.flag(outside, UNIT, gettext("This unit is not among the units you manage."))
    checked.allowed_unit_ids = allowed


def _check_existing(checked, frame: pd.DataFrame) -> None:
    keys = frame[CODE].str.lower()  # staff numbers are unique regardless of case (hrm_employee_code_unique_ci)
    employees = Employee.objects.alias(code_key=Lower("code"))
    rows = matching(employees, "code_key", keys).values("id", "code", "person_id", "unit_id")
    existing = {e["code"].lower(): e for e in rows}
    found = [existing.get(key) for key in keys]
    other_case = [bool(e) and e["code"] != code for e, code in zip(found, frame[CODE], strict=True)]
    for row, employee, differs in zip(frame.index, found, other_case, strict=True):
        if differs:
            message = gettext("This staff number is already used as %(code)s.") % {"code": employee["code"]}
            checked.errors.append({"row": int(row), "column": CODE, "message": message})
    checked.values["_employee_id"] = objects(frame.index, (e["id"] if e else None for e in found))
    checked.values["_person_id"] = objects(frame.index, (e["person_id"] if e else None for e in found))
    allowed = checked.allowed_unit_ids
    if allowed is not None:
        outside = objects(frame.index, (bool(e) and e["unit_id"] not in allowed for e in found))
        message = gettext("This staff number belongs to a staff member of a unit you do not manage.")
        checked.flag(outside, CODE, message)


def _steps_by_rank(rank_ids, on: dt.date) -> dict[int, dict[int, object]]:
    groups = {(g.code, g.table): g.pk for g in SalaryGroup.objects.in_force(on)}
    steps: dict[int, dict] = {}
    for s in SalaryStep.objects.filter(group_id__in=groups.values()).values("group_id", "step", "coefficient"):
        steps.setdefault(s["group_id"], {})[s["step"]] = s["coefficient"]
    out = {}
    for rg in RankGroup.objects.in_force(on).filter(rank_id__in=rank_ids).order_by("valid_from"):
        out[rg.rank_id] = steps.get(groups.get((rg.group_code, rg.table)), {})
    return out


def _check_rank_kinds(checked, ranks: dict[str, Rank], codes: pd.Series) -> None:
    """A civil servant is paid by a ngạch, a public employee by a professional title (hrm.services.titles), checked
    once per distinct pair of staff type and rank."""
    if "staff_type" not in checked.values:
        return
    refusals = {}
    pairs = zip(checked.values.index, checked.values["staff_type"].tolist(), codes.tolist(), strict=True)
    for row, staff_type, code in pairs:
        if code not in ranks or not staff_type:
            continue
        if (staff_type, code) not in refusals:
            try:
                rank_staff_type_check(rank=ranks[code], staff_type=staff_type, field=RANK)
                refusals[staff_type, code] = None
            except ApplicationError as exc:
                refusals[staff_type, code] = exc.messages[0]
        if refusals[staff_type, code] is not None:
            checked.errors.append({"row": int(row), "column": RANK, "message": refusals[staff_type, code]})


def _check_salary(checked, frame: pd.DataFrame, on: dt.date) -> None:
    codes = frame[RANK]
    ranks = {r.code: r for r in Rank.objects.filter(code__in=codes.unique()).only("id", "code", "kind")}
    ids = {code: rank.pk for code, rank in ranks.items()}
    rank_ids = objects(codes.index, (ids.get(code) for code in codes))
    checked.values["rank_id"] = rank_ids
    checked.flag((codes != "") & rank_ids.isna(), RANK, gettext("No rank has this code."))
    _check_rank_kinds(checked, ranks, codes)
    table = _steps_by_rank(set(ids.values()), on)
    values = checked.values
    coefficients = values["coefficient"].tolist()
    columns = zip(values.index, rank_ids, values["salary_step"], coefficients, strict=True)
    for i, (row, rank, step, coefficient) in enumerate(columns):
        if rank is not None:
            coefficients[i], error = _step_check(table.get(rank), step, coefficient)
            if error is not None:
                checked.errors.append({"row": int(row), "column": error[0], "message": error[1]})
    values["coefficient"] = objects(values.index, coefficients)
    no_rank = (codes == "") & values["salary_step"].notna()
    checked.flag(no_rank, RANK, gettext("A salary step needs a rank."))


def _step_check(steps: dict | None, step, coefficient) -> tuple[object, tuple[str, str] | None]:
    """(the coefficient, filled from the step when blank; an error as (column, message) or None)."""
    if steps is None:
        return coefficient, (RANK, gettext("This rank has no salary group in force."))
    if step is None:
        return coefficient, (STEP, gettext("The salary step is required with a rank."))
    if step not in steps:
        message = gettext("This rank's salary group has steps 1 to %(n)s.")
        return coefficient, (STEP, message % {"n": max(steps, default=0)})
    if coefficient is None:
        return steps[step], None
    if coefficient != steps[step]:
        message = gettext("Step %(step)s of this rank has coefficient %(expected)s.")
        return coefficient, (COEFFICIENT, message % {"step": step, "expected": steps[step]})
    return coefficient, None


def check_references(*, checked, frame: pd.DataFrame, user, on: dt.date) -> None:
    """Units (and the user's scope), existing staff numbers, ranks and their pay steps."""
    _check_units(checked, frame, user)
    _check_existing(checked, frame)
    if RANK in frame:
        _check_salary(checked, frame, on)


class Repeats:
    """Staff numbers and CCCDs seen so far in a file, with the row each was first seen in: the rows of a file may
    be checked slice by slice, and a value repeated across slices is still named with its first row."""

    def __init__(self):
        self._first: dict[str, dict] = {CODE: {}, CCCD: {}}

    def check(self, *, checked, frame: pd.DataFrame) -> None:
        """A staff number or a CCCD may appear only once in a file."""
        codes = frame[CODE].str.lower()  # "nv001" repeats "NV001"
        self._flag(checked, codes, CODE, gettext("This staff number already appears in row %(row)s."))
        if CCCD in frame:
            self._flag(checked, frame[CCCD], CCCD, gettext("This CCCD already appears in row %(row)s."))

    def _flag(self, checked, values: pd.Series, header: str, message: str) -> None:
        first = self._first[header]
        filled = [(value, row) for value, row in zip(values.tolist(), values.index.tolist(), strict=True) if value]
        distinct = dict(filled)
        if len(distinct) == len(filled) and first.keys().isdisjoint(distinct):  # nearly always: no value repeated
            first.update(distinct)
            return
        for value, row in filled:
            if first.setdefault(value, row) != row:
                checked.errors.append({"row": int(row), "column": header, "message": message % {"row": first[value]}})


def check_cccd(*, checked) -> None:
    """Each CCCD fits its holder's sex and birth date, and a known one follows the registry's identity rule."""
    if "cccd" not in checked.values:
        return
    values = checked.values
    cccds = values["cccd"].tolist()
    sexes = values["sex"].tolist() if "sex" in values else [None] * len(cccds)
    births = values["date_of_birth"].tolist() if "date_of_birth" in values else [None] * len(cccds)
    rows = values.index.tolist()
    for position, reasons in cccd_validate_many(cccds=cccds, sexes=sexes, dates_of_birth=births):
        checked.errors += [{"row": int(rows[position]), "column": CCCD, "message": m} for m in reasons]
    _check_cccd_owners(checked, values.index[(values["cccd"] != "").to_numpy()])


def _owners(cccds: list) -> tuple[dict, dict]:
    """({cccd: person values}, {person id: unit id of his active record})."""
    owners = {
        p["cccd"]: p for p in matching(Person.objects, "cccd", cccds).values("id", "cccd", "full_name", "date_of_birth")
    }
    ids = [p["id"] for p in owners.values()]
    if not ids:
        return owners, {}
    working = (Employee.Status.ACTIVE, Employee.Status.PENDING)  # one such record per person, starting later or not
    active = matching(Employee.objects.filter(status__in=working), "person_id", ids)
    return owners, dict(active.values_list("person_id", "unit_id"))


def _people_in_scope(ids: list, allowed: set | None) -> set:
    """The people among `ids` with a staff record (any status) in the importer's units."""
    if allowed is None:
        return set(ids)
    records = matching(Employee.objects.filter(unit_id__in=allowed), "person_id", ids)
    return set(records.values_list("person_id", flat=True))


def _check_cccd_owners(checked, rows) -> None:
    """A known CCCD is the row's own person, or (a new staff number) that person hired again when the name and
    birth date are his (hrm.services.identity); anything else is the neutral refusal. A person hired again from
    outside the importer's units is attached, never changed (_check_kept_people)."""
    values = checked.values
    cccds = values.loc[rows, "cccd"].tolist()
    owners, active = _owners(cccds)
    if not owners:
        return
    allowed = checked.allowed_unit_ids
    in_scope = _people_in_scope([p["id"] for p in owners.values()], allowed)
    people, kept = values["_person_id"].tolist(), []
    position = {row: i for i, row in enumerate(values.index)}
    for row, cccd in zip(rows, cccds, strict=True):
        owner, i = owners.get(cccd), position[row]
        if owner is None or owner["id"] == people[i]:
            continue
        refusal = (
            cccd_refusal()
            if people[i] is not None
            else hire_refusal(
                known=identity_key(full_name=owner["full_name"], date_of_birth=owner["date_of_birth"]),
                typed=identity_key(
                    full_name=values.at[row, "full_name"], date_of_birth=values.at[row, "date_of_birth"]
                ),
                active=owner["id"] in active,
                active_visible=allowed is None or active.get(owner["id"]) in allowed,
            )
        )
        if refusal is not None:
            checked.errors.append({"row": int(row), "column": CCCD, "message": refusal})
            continue
        people[i] = owner["id"]
        if owner["id"] not in in_scope:
            kept.append(row)
    values["_person_id"] = objects(values.index, people)
    kept_rows = set(kept)
    values["_keep_person"] = objects(values.index, (row in kept_rows for row in values.index))
    _check_kept_people(checked, kept)


def _check_kept_people(checked, rows: list) -> None:
    """A person hired again from outside the importer's units keeps his details: a filled cell must say what his
    record says (an empty cell keeps it); the name counts as his when it is his without accents or case."""
    if not rows:
        return
    values = checked.values
    columns = [c for c in checked.present if c.model is Person and c.field not in ("cccd", "full_name")]
    ids = [values.at[row, "_person_id"] for row in rows]
    stored = {p["id"]: p for p in Person.objects.filter(pk__in=ids).values("id", *[c.field for c in columns])}
    message = gettext(
        "This person's record is kept by another unit: the import can hire him again but not change his "
        "details; leave this cell empty."
    )
    for row, person_id in zip(rows, ids, strict=True):
        for column in columns:
            value = values.at[row, column.field]
            if value not in (None, "") and value != stored[person_id][column.field]:
                checked.errors.append({"row": int(row), "column": column.header, "message": message})
