"""Load the demo data set: units, schools and health units, about 6,000 staff (three in four viên chức) with
histories, and one login per role.

Deterministic (random.Random(2015)) and idempotent: a second run finds the staff and changes nothing
but resetting the demo logins. Written set-based so that it takes seconds.
"""

import datetime as dt
import random
from collections import Counter

from django.db import transaction

from common.statistics import tables_analyze
from hrm.demo import extras
from hrm.demo.people import person_build, qualifications_fill
from hrm.demo.plan import demo_units, staff_plan
from hrm.demo.staff import Scales, employee_build, unit_tree
from hrm.demo.units import demo_units_ensure, seeded_tree
from hrm.demo.users import demo_users_ensure
from hrm.models import (
    AnnualRating,
    Assignment,
    CareerEntry,
    Discipline,
    Employee,
    FamilyMember,
    OrgUnit,
    Person,
    Qualification,
    Reward,
    SalaryRecord,
    StaffQuota,
)

SEED = 2015
CODE_PREFIX = "BT"
BATCH = 1000
QUOTA_CUT = dt.date(2024, 1, 1)
QUOTA_DECISIONS = ("QĐ 01/QĐ-UBND (demo)", "QĐ 2850/QĐ-UBND (demo)")


def _quotas_set(units: list[OrgUnit], own: dict[int, int]) -> None:
    """Each unit's quota rows: its own posts plus its divisions' (divisions get none of their own).

    Quotas are assigned to departments, districts and communes; a division's posts are part of its parent's,
    so the report, which adds the quotas of a subtree, counts each post once. Working units show a cut of
    about a tenth on 01/01/2024 (tinh giản biên chế), so reports before and after differ. Units that already
    have quota rows (a second run, or after the 2025 reform) are left alone.
    """
    totals = dict(own)
    for unit in units:
        if unit.parent_id in totals and unit.kind == OrgUnit.Kind.DIVISION:
            totals[unit.parent_id] += totals.pop(unit.pk)
    done = set(StaffQuota.objects.filter(unit_id__in=list(totals)).values_list("unit_id", flat=True))
    rows = []
    for unit in units:
        if unit.pk not in totals or unit.pk in done or unit.valid_to is not None:
            continue
        quota, start = totals[unit.pk], unit.valid_from
        if start < QUOTA_CUT:
            rows.append(
                StaffQuota(
                    unit=unit,
                    quota=quota + quota // 10 + 1,
                    decision_no=QUOTA_DECISIONS[0],
                    valid_from=start,
                    valid_to=QUOTA_CUT,
                )
            )
            start = QUOTA_CUT
        rows.append(StaffQuota(unit=unit, quota=quota, decision_no=QUOTA_DECISIONS[1], valid_from=start))
    StaffQuota.objects.bulk_create(rows, batch_size=BATCH)


def _communes() -> list[tuple[str, str]]:
    return [(c["name"], d["name"]) for d in seeded_tree()["districts"] for c in d["communes"]]


def _people(rng: random.Random, slots) -> list[Person]:
    taken = set(Person.objects.exclude(cccd=None).values_list("cccd", flat=True))
    communes, people, serial = _communes(), [], 0
    for slot in slots:
        person = person_build(rng, leader=slot.leader, serial=(serial * 7919 + 104729) % 1_000_000, communes=communes)
        while person.cccd in taken:
            serial += 1
            person.cccd = person.cccd[:6] + f"{(serial * 7919 + 104729) % 1_000_000:06d}"
        taken.add(person.cccd)
        serial += 1
        qualifications_fill(rng, person, level=slot.level, leader=slot.leader, major_key=slot.major_key)
        if slot.rank_hint in ("leader", "deputy", "chief") and person.education_level not in ("thac_si", "tien_si"):
            person.education_level = "dai_hoc"
        people.append(person)
    Person.objects.bulk_create(people, batch_size=BATCH)
    return people


def _staff(rng: random.Random, slots, people, units) -> list[dict]:
    scales, tree = Scales(), unit_tree(units)
    built = [
        employee_build(rng, scales, slot, person, f"{CODE_PREFIX}{i + 1:05d}", tree)
        for i, (slot, person) in enumerate(zip(slots, people, strict=True))
    ]
    Employee.objects.bulk_create([b["employee"] for b in built], batch_size=BATCH)
    for b in built:
        for row in b["salary"] + b["assignments"]:
            row.employee = b["employee"]
    SalaryRecord.objects.bulk_create([r for b in built for r in b["salary"]], batch_size=BATCH)
    Assignment.objects.bulk_create([r for b in built for r in b["assignments"]], batch_size=BATCH)
    return built


def _details(rng: random.Random, built: list[dict]) -> None:
    ratings, rows = extras.Ratings(), {}
    for b in built:
        employee = b["employee"]
        person = employee.person
        found = {
            FamilyMember: extras.family_rows(rng, person, person.family_name),
            Qualification: extras.qualification_rows(rng, person, employee.recruited_on),
            CareerEntry: extras.career_rows(employee, b["assignments"][0].unit.name),
            AnnualRating: extras.rating_rows(rng, ratings, employee),
            Reward: extras.reward_rows(rng, employee),
            Discipline: extras.discipline_rows(rng, ratings, employee),
        }
        for model, items in found.items():
            rows.setdefault(model, []).extend(items)
    for model, items in rows.items():
        model.objects.bulk_create(items, batch_size=BATCH)


@transaction.atomic
def demo_load() -> dict:
    """Load (or complete) the demo data set; returns row counts. Safe to run twice."""
    staffed = Employee.objects.filter(code__startswith=CODE_PREFIX).exists()
    # A demo loaded by an older version keeps its units: new schools without staff would only confuse
    demo_units_ensure(agencies=not staffed)
    units = demo_units()
    rng = random.Random(SEED)
    slots, quotas = staff_plan(rng, units)
    _quotas_set(units, quotas)
    if not staffed:
        people = _people(rng, slots)
        _details(rng, _staff(rng, slots, people, units))
        # planner statistics of the rows just written, in this transaction: its own queries (and a caller's before
        # autovacuum gets to them) are planned on thousands of rows, not on the empty tables of before
        tables_analyze(models=DEMO_MODELS, rows=len(slots))
    demo_users_ensure()
    return demo_counts()


DEMO_MODELS = [
    OrgUnit,
    Person,
    Employee,
    Assignment,
    SalaryRecord,
    FamilyMember,
    Qualification,
    CareerEntry,
    AnnualRating,
    Reward,
    Discipline,
    StaffQuota,
]


def demo_counts() -> dict:
    """Row counts of the demo's tables (to compare two runs)."""
    counts = Counter({m._meta.label: m.objects.count() for m in DEMO_MODELS})
    counts["by_kind"] = dict(Counter(Employee.objects.values_list("unit__kind", flat=True)))
    return dict(counts)
