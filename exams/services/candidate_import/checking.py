"""Checking every row of a candidate file against the exam and the registry; nothing written."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.phones import phone_normalize
from common.vietnamese import fold
from exams.models import Candidate, CandidateClaim, Exam, Position, PositionQuota
from exams.services.applicants import exemptible_parts_for, priority_categories_for
from exams.services.candidate_import.columns import COLUMNS, SEXES, Progress, _silent
from hrm.models import OrgUnit, Person
from hrm.services.cccd import cccd_normalize, cccd_restore_zeros, cccd_validate
from hrm.services.identity import cccd_refusal, identity_key


@dataclass
class Checked:
    errors: list[dict] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)


class _Context:
    """What every row is checked against, loaded once."""

    def __init__(self, exam: Exam, rows: list[tuple[int, dict]]):
        self.exam = exam
        self.positions = {p.code.upper(): p for p in Position.objects.filter(exam=exam)}
        self.quotas: dict[int, set[int]] = {}
        for position_id, agency_id in PositionQuota.objects.filter(position__exam=exam).values_list(
            "position_id", "agency_id"
        ):
            self.quotas.setdefault(position_id, set()).add(agency_id)
        codes = {str(r.get("agency", "")).strip().upper() for _n, r in rows} - {""}
        self.agencies = {u.code.upper(): u for u in OrgUnit.objects.filter(code__in=codes)} if codes else {}
        numbers = {_cccd(r.get("cccd")) for _n, r in rows} - {""}
        self.people = {p.cccd: p for p in Person.objects.filter(cccd__in=numbers)}
        self.in_exam = set(
            Candidate.objects.filter(exam=exam, person__cccd__in=numbers).values_list("person__cccd", flat=True)
        )
        self.priorities = set(priority_categories_for(exam=exam))
        self.parts = exemptible_parts_for(exam=exam)
        self.part_names = {fold(name): key for key, name in self.parts.items()}
        self.seen: dict[str, int] = {}


def _cccd(value) -> str:
    return cccd_restore_zeros(cccd_normalize(str(value or "")))


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(str(value).strip(), fmt).date()
        except ValueError:
            continue
    return None


def _split(value) -> list[str]:
    return [v.strip() for v in str(value or "").replace(";", ",").split(",") if v.strip()]


class RowErrors(Exception):
    pass


class _Row:
    def __init__(self, number: int, data: dict, context: _Context):
        self.number, self.data, self.context, self.errors = number, data, context, []

    def error(self, key: str, message: str) -> None:
        header = next(c.header for c in COLUMNS if c.key == key)
        self.errors.append({"row": self.number, "column": header, "message": str(message)})

    def required(self) -> None:
        for column in COLUMNS:
            if column.required and self.data.get(column.key) in (None, ""):
                self.error(column.key, _("This column is required."))

    def identity(self) -> dict:
        data = self.data
        born, sex = _date(data.get("date_of_birth")), SEXES.get(fold(str(data.get("sex") or "")))
        if data.get("date_of_birth") and born is None:
            self.error("date_of_birth", _("Enter a date as dd/mm/yyyy."))
        if data.get("sex") and sex is None:
            self.error("sex", _("Write Nam or Nữ."))
        number = _cccd(data.get("cccd"))
        name = " ".join(str(data.get("full_name") or "").split())
        if number and born and sex:
            self._cccd_checks(number=number, name=name, born=born, sex=sex)
        return {"cccd": number, "full_name": name, "date_of_birth": born, "sex": sex}

    def _cccd_checks(self, *, number: str, name: str, born: dt.date, sex: str) -> None:
        context = self.context
        problems = cccd_validate(cccd=number, sex=sex, date_of_birth=born)
        if problems:
            self.error("cccd", " ".join(problems))
            return
        if number in context.seen:
            self.error("cccd", _("The same CCCD is on row %(row)s of this file.") % {"row": context.seen[number]})
            return
        context.seen[number] = self.number
        known = context.people.get(number)
        if known is not None and identity_key(
            full_name=known.full_name, date_of_birth=known.date_of_birth
        ) != identity_key(full_name=name, date_of_birth=born):
            self.error("cccd", cccd_refusal())
        elif number in context.in_exam:
            self.error("cccd", _("This person is already a candidate of this exam."))

    def position(self) -> tuple:
        context = self.context
        position = context.positions.get(str(self.data.get("position") or "").strip().upper())
        if position is None:
            if self.data.get("position"):
                self.error("position", _("No position of this exam has this code."))
            return None, None
        agencies = context.quotas.get(position.pk, set())
        code = str(self.data.get("agency") or "").strip().upper()
        if not code:
            if len(agencies) > 1:
                self.error("agency", _("This position has quotas in several agencies: give the agency code."))
            return position, next(iter(agencies), None)
        agency = context.agencies.get(code)
        if agency is None:
            self.error("agency", _("No agency has this code."))
        elif agencies and agency.pk not in agencies:
            self.error("agency", _("This position has no quota in this agency."))
        return position, agency.pk if agency else None

    def phone(self) -> str:
        try:
            return phone_normalize(str(self.data.get("phone") or ""))
        except ApplicationError as exc:
            self.error("phone", " ".join(exc.messages))
            return ""

    def claims(self) -> list[tuple[str, str]]:
        out = []
        for key in _split(self.data.get("priority")):
            if key not in self.context.priorities:
                self.error("priority", _("“%(key)s” is not a priority category in force for this exam.") % {"key": key})
            out.append((CandidateClaim.Kind.PRIORITY, key))
        for value in _split(self.data.get("exemptions")):
            key = value if value in self.context.parts else self.context.part_names.get(fold(value))
            if key is None:
                self.error("exemptions", _("“%(key)s” is not the language or IT part of this exam.") % {"key": value})
            out.append((CandidateClaim.Kind.EXEMPTION, key))
        return out


def _check_headers(columns: list) -> list[dict]:
    present = {c.key for c in columns if c is not None}
    return [
        {"row": 1, "column": c.header, "message": _("This column is missing.")}
        for c in COLUMNS
        if c.required and c.key not in present
    ]


def rows_check(*, exam: Exam, columns: list, rows: list[tuple[int, dict]], progress: Progress = _silent) -> Checked:
    """Every row checked against the exam and the registry; nothing written."""
    checked = Checked(errors=_check_headers(columns))
    if checked.errors:
        return checked
    context = _Context(exam, rows)
    for index, (number, data) in enumerate(rows):
        row = _Row(number, data, context)
        row.required()
        person = row.identity()
        position, agency_id = row.position()
        claims = row.claims()
        phone = row.phone()
        checked.errors += row.errors
        if not row.errors:
            checked.rows.append(
                {
                    "person": person,
                    "known": context.people.get(person["cccd"]),
                    "position": position,
                    "agency_id": agency_id,
                    "claims": claims,
                    "phone": phone,
                    "email": str(data.get("email") or "")[:254],
                    "ethnicity": str(data.get("ethnicity") or "Kinh")[:50],
                }
            )
        if index % 500 == 0:
            progress(10 + 40 * index // max(len(rows), 1), _("Checking the rows"))
    return checked
