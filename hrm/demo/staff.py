"""Demo staff records with their assignment and salary histories, consistent with the salary scale in force."""

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from common.errors import ApplicationError
from hrm.demo.people import day_between
from hrm.demo.plan import Slot
from hrm.demo.units import FROM
from hrm.models import Assignment, Employee, OrgUnit, Rank, RankGroup, SalaryGroup, SalaryRecord, SalaryStep
from hrm.services.salary import add_months, months_between

TODAY = dt.date(2026, 11, 1)  # the demo's "now": fixed so that the data do not depend on the day it is loaded
LAST_MOVE = dt.date(2025, 6, 1)  # demo transfers end before the 2025 reform
HIGHER = {"tien_si", "thac_si", "dai_hoc"}
# A school's or health unit's deputy was first one of its staff
DEPUTY_BEFORE = {"Phó Hiệu trưởng": "Giáo viên", "Phó Giám đốc": "Bác sĩ", "Phó Trạm trưởng": "Y sĩ"}


class Scales:
    """The rank → group → steps rules, read once (the rows in force on a date, as the services read them)."""

    def __init__(self):
        self.ranks = {r.code: r for r in Rank.objects.all()}
        self.series = defaultdict(dict)  # title series → {hạng: code}
        for rank in self.ranks.values():
            if rank.series and rank.grade:
                self.series[rank.series][rank.grade] = rank.code
        if "01.003" not in self.ranks:
            raise ApplicationError(_("The ranks and salary tables are missing: run migrate first."))
        self.links, self.groups, self.steps = defaultdict(list), defaultdict(list), defaultdict(dict)
        for link in RankGroup.objects.all():
            self.links[link.rank_id].append(link)
        for group in SalaryGroup.objects.all():
            self.groups[(group.code, group.table)].append(group)
        for step in SalaryStep.objects.all():
            self.steps[step.group_id][step.step] = step.coefficient

    def group(self, rank: Rank, on: dt.date) -> SalaryGroup | None:
        link = next((x for x in self.links[rank.pk] if x.in_force_on(on)), None)
        if link is None:
            return None
        return next((g for g in self.groups[(link.group_code, link.table)] if g.in_force_on(on)), None)

    def coefficient(self, rank: Rank, step: int, on: dt.date) -> Decimal:
        group = self.group(rank, on) or self.group(rank, TODAY)  # ranks created in 2021 had no group before
        steps = self.steps[group.pk]
        return steps[min(step, max(steps))]


def _title_code(rng: random.Random, scales: "Scales", hint: str, senior_ok: bool) -> str:
    """A professional title of the series the slot names: leaders and seniors in the higher hạng, most staff in the
    common one (hạng III for teachers and doctors, IV where the series has it)."""
    _title, series, role = hint.split(":")
    grades = sorted(scales.series[series])  # hạng 1 (highest) .. 4
    if role == "lead":
        grade = grades[0] if len(grades) > 2 and senior_ok and rng.random() < 0.2 else grades[min(1, len(grades) - 1)]
    else:
        grade = grades[-1] if rng.random() < 0.6 or not senior_ok else grades[max(len(grades) - 2, 0)]
    return scales.series[series][grade]


def rank_code(rng: random.Random, slot: Slot, education: str, senior_ok: bool, scales: "Scales") -> str:
    hint, higher = slot.rank_hint, education in HIGHER
    if hint.startswith("title:"):
        return _title_code(rng, scales, hint, senior_ok)
    choices = {
        "leader": ("01.001" if slot.level == "province" and rng.random() < 0.3 else "01.002")
        if slot.level != "commune"
        else "01.003",
        "deputy": "01.002" if slot.level != "commune" and rng.random() < 0.6 else "01.003",
        "chief": "01.002" if rng.random() < (0.55 if slot.level == "province" else 0.2) else "01.003",
        "accountant": "06.031" if higher else "06.032",
        "clerk": "02.007" if higher else "02.008",
        "treasurer": "06.035",
    }
    code = choices.get(hint) or ("01.004" if not higher else ("01.002" if rng.random() < 0.12 else "01.003"))
    return "01.003" if code in ("01.001", "01.002") and not senior_ok else code


def _recruited(rng: random.Random, dob: dt.date) -> dt.date:
    start = dob.replace(year=dob.year + rng.randint(22, 27), day=min(dob.day, 28))
    return min(start, day_between(rng, dt.date(2023, 1, 1), dt.date(2024, 12, 31)))


def salary_rows(rng: random.Random, scales: Scales, rank: Rank, recruited: dt.date) -> list[SalaryRecord]:
    """2–3 contiguous salary records ending in the open one (a promotion row for senior ranks)."""
    group = scales.group(rank, TODAY)
    raise_m, top = group.regular_raise_months, max(scales.steps[group.pk])
    senior = rank.code in ("01.001", "01.002")
    since = add_months(recruited, rng.randint(96, 130)) if senior else recruited
    step = max(1, min(1 + (months_between(since, TODAY) - rng.randint(0, 10)) // raise_m, top))
    starts = [min(add_months(since, (step - 1) * raise_m + (rng.randint(0, 6) if step > 1 else 0)), TODAY)]
    for back in range(1, rng.choice([1, 2]) + 1):
        if step - back >= 1:
            starts.insert(0, since if step - back == 1 else add_months(starts[-1], -back * raise_m))
    rows = [(rank, step - len(starts) + 1 + i, start) for i, start in enumerate(starts)]
    if senior and rows[0][1] == 1:
        rows.insert(0, (scales.ranks["01.003"], rng.randint(3, 6), max(recruited, add_months(since, -36))))
    records = []
    for i, (row_rank, row_step, start) in enumerate(rows):
        end = rows[i + 1][2] if i + 1 < len(rows) else None
        reason = SalaryRecord.Reason.PROMOTION if i and row_rank != rows[i - 1][0] else SalaryRecord.Reason.REGULAR
        records.append(
            SalaryRecord(
                rank=row_rank,
                step=row_step,
                valid_from=start,
                valid_to=end,
                reason=reason,
                coefficient=scales.coefficient(row_rank, row_step, start),
            )
        )
    if records[0].valid_from == recruited:
        records[0].reason = SalaryRecord.Reason.INITIAL
    return records


def _earlier(rng: random.Random, unit: OrgUnit, position: str, tree: dict) -> tuple[OrgUnit, str]:
    """Where and as what someone was before holding `position` in `unit` (a promotion or a transfer)."""
    children = tree["children"].get(unit.pk)
    siblings = [u for u in tree["siblings"].get((unit.parent_id, unit.kind), []) if u.pk != unit.pk] or [unit]
    if unit.kind == OrgUnit.Kind.AGENCY and position in DEPUTY_BEFORE:
        return unit, DEPUTY_BEFORE[position]
    if position.startswith("Phó ") and unit.kind in (OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.DISTRICT) and children:
        return rng.choice(children), "Trưởng phòng"
    if position.startswith("Phó "):
        return unit, "Chuyên viên" if unit.kind != OrgUnit.Kind.COMMUNE else "Công chức Văn phòng - Thống kê"
    if position.startswith(("Chủ tịch", "Giám đốc", "Chánh", "Trưởng")):
        return unit, f"Phó {position}"
    return rng.choice(siblings), position


def assignment_rows(rng: random.Random, slot: Slot, recruited: dt.date, tree: dict) -> list[Assignment]:
    """1–3 contiguous assignments from recruitment (or 2015, when the registry starts) ending in `slot`."""
    start = max(recruited, FROM)
    count = 1 if (LAST_MOVE - start).days < 500 else rng.choice([2, 2, 3])
    moves = sorted(day_between(rng, start + dt.timedelta(days=200), LAST_MOVE) for _ in range(count - 1))
    if len(set(moves)) != len(moves):
        moves = moves[:1]
    places = [(slot.unit, slot.position)]
    for _i in moves:
        earlier = _earlier(rng, *places[0], tree)
        if earlier == places[0]:
            break
        places.insert(0, earlier)
    dates = [start, *moves[: len(places) - 1]]
    rows = []
    for i, ((unit, position), begin) in enumerate(zip(places, dates, strict=True)):
        reason = Assignment.Reason.RECRUITMENT if begin == recruited else Assignment.Reason.IMPORT
        if i:
            reason = Assignment.Reason.TRANSFER if unit != places[i - 1][0] else Assignment.Reason.APPOINTMENT
        end = dates[i + 1] if i + 1 < len(dates) else None
        rows.append(Assignment(unit=unit, position=position, reason=reason, valid_from=begin, valid_to=end))
    return rows


def unit_tree(units: list[OrgUnit]) -> dict:
    """Children and same-kind siblings among the demo units, for plausible earlier postings."""
    children, siblings = defaultdict(list), defaultdict(list)
    for unit in units:
        if unit.kind == OrgUnit.Kind.DIVISION:
            children[unit.parent_id].append(unit)
        if unit.kind in (OrgUnit.Kind.DIVISION, OrgUnit.Kind.COMMUNE):
            siblings[(unit.parent_id, unit.kind)].append(unit)
    return {"children": children, "siblings": siblings}


def employee_build(rng: random.Random, scales: Scales, slot: Slot, person, code: str, tree: dict) -> dict:
    """An unsaved Employee with its assignment and salary rows (linked once the employee has an id)."""
    recruited = _recruited(rng, person.date_of_birth)
    senior_ok = months_between(recruited, TODAY) >= 12 * 11
    rank = scales.ranks[rank_code(rng, slot, person.education_level, senior_ok, scales)]
    salary = salary_rows(rng, scales, rank, recruited)
    current = salary[-1]
    employee = Employee(
        person=person,
        code=code,
        staff_type=slot.staff_type,
        unit=slot.unit,
        position=slot.position,
        rank=rank,
        salary_step=current.step,
        coefficient=scales.coefficient(rank, current.step, TODAY),
        step_since=current.valid_from,
        recruited_on=recruited,
        recruiting_agency="UBND tỉnh Bến Tre",
        occupation_before="Sinh viên" if recruited.year - person.date_of_birth.year < 25 else "Lao động tự do",
    )
    return {"employee": employee, "salary": salary, "assignments": assignment_rows(rng, slot, recruited, tree)}
