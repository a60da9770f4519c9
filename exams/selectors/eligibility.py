"""The registry's facts about staff members, as the plain values exams.rules.eligibility checks, and the reasons
rendered in the reader's language.

A rank's "category" (chuyên viên and equivalent, …) is the report category of the salary group it is paid in on
the day asked (hrm RankGroup → SalaryGroup), so a professional title of group A1 counts as a chuyên viên.
"""

import datetime as dt
import functools
from collections import defaultdict

from django.utils.translation import gettext as _

from common.dated import in_force_among, short_date
from exams.rules.eligibility import DisciplineSpell, PriorityFacts, RankSpell, StaffFacts, Target
from hrm.models import AnnualRating, Discipline, Employee, Rank, RankGroup, RatingLevel, SalaryGroup, SalaryRecord
from hrm.models.people import PoliticalTheory, StateManagement


class RankCategories:
    """The report category of any rank on any date, from the dated rank groups and salary groups loaded once."""

    def __init__(self):
        self.groups = defaultdict(list)
        for row in RankGroup.objects.order_by("valid_from").values_list(
            "rank_id", "valid_from", "valid_to", "group_code", "table"
        ):
            self.groups[row[0]].append(row[1:])
        self.salary = defaultdict(list)
        for row in SalaryGroup.objects.order_by("valid_from").values_list(
            "code", "table", "valid_from", "valid_to", "report_category"
        ):
            self.salary[(row[0], row[1])].append(row[2:])

    @staticmethod
    def _row(rows: list[tuple], on: dt.date) -> tuple | None:
        # Before a rank's first dated row (a title renamed in 2021 under a new code), its first row stands.
        found = in_force_among(rows, on)
        return found if found is not None or not rows or on >= rows[0][0] else rows[0]

    def of(self, rank_id: int | None, on: dt.date) -> str:
        if rank_id is None:
            return ""
        group = self._row(self.groups.get(rank_id, []), on)
        if group is None:
            return ""
        salary = self._row(self.salary.get((group[2], group[3]), []), on)
        return salary[2] if salary else ""


def target_of(*, rank: Rank, on: dt.date, categories: RankCategories | None = None) -> Target:
    """The promotion target of a position's rank: its code, category, series and grade."""
    categories = categories or RankCategories()
    return Target(rank=rank.code, category=categories.of(rank.pk, on), series=rank.series, grade=rank.grade)


def _by_employee(queryset, ids) -> dict:
    grouped = defaultdict(list)
    for row in queryset.filter(employee_id__in=ids):
        grouped[row.employee_id].append(row)
    return grouped


def staff_facts(*, employee_ids: list[int], on: dt.date) -> dict[int, StaffFacts]:
    """The eligibility facts of each staff member (by id) as the registry holds them on `on` (a few queries)."""
    categories = RankCategories()
    employees = Employee.objects.filter(pk__in=employee_ids).select_related("person", "rank")
    salary = _by_employee(
        SalaryRecord.objects.order_by("valid_from")
        .only("employee_id", "rank_id", "valid_from", "valid_to")
        .select_related("rank"),
        employee_ids,
    )
    ratings = _by_employee(AnnualRating.objects.select_related("level"), employee_ids)
    disciplines = _by_employee(Discipline.objects.select_related("form").order_by("valid_from"), employee_ids)
    facts = {}
    for employee in employees:
        spells = tuple(
            RankSpell(
                rank=r.rank.code, category=categories.of(r.rank_id, r.valid_from), start=r.valid_from, end=r.valid_to
            )
            for r in salary.get(employee.pk, [])
        )
        rank = employee.rank
        facts[employee.pk] = StaffFacts(
            rank=rank.code if rank else "",
            category=categories.of(rank.pk if rank else None, on),
            series=rank.series if rank else "",
            grade=rank.grade if rank else None,
            spells=spells,
            ratings={r.year: r.level.code for r in ratings.get(employee.pk, [])},
            disciplines=tuple(
                DisciplineSpell(name=d.form.name, start=d.valid_from, end=d.valid_to)
                for d in disciplines.get(employee.pk, [])
            ),
            certificates={
                "state_management": employee.person.state_management,
                "political_theory": employee.person.political_theory,
            },
        )
    return facts


def priority_facts(*, candidates) -> list[PriorityFacts]:
    """The dossier-review priority facts of candidates (with person and employee loaded)."""
    out = []
    for candidate in candidates:
        person, employee = candidate.person, candidate.employee
        service_start = employee.recruited_on if employee is not None else None
        out.append(
            PriorityFacts(
                id=candidate.pk,
                sex=person.sex,
                ethnicity=person.ethnicity,
                date_of_birth=person.date_of_birth,
                service_start=service_start,
            )
        )
    return out


# --- reasons in words -------------------------------------------------------------------------------
def _category_label(code: str) -> str:
    if code in SalaryGroup.ReportCategory.values:
        return str(SalaryGroup.ReportCategory(code).label)
    return code or _("unknown")


def _duration(months: int) -> str:
    years, rest = divmod(months, 12)
    return _("%(years)s years %(months)s months") % {"years": years, "months": rest}


@functools.lru_cache(maxsize=64)  # the rating levels are seeded reference rows; their names do not change
def _level_name(code: str) -> str:
    name = RatingLevel.objects.filter(code=code).values_list("name", flat=True).first()
    return name or code


def _certificate_value(kind: str, value: str) -> str:
    choices = {"state_management": StateManagement, "political_theory": PoliticalTheory}.get(kind)
    if choices is not None and value in choices.values:
        return str(choices(value).label)
    return value


def _certificate_kind(kind: str) -> str:
    return {"state_management": _("State management training"), "political_theory": _("Political theory")}.get(
        kind, kind
    )


def _rank_text(ok: bool, p: dict) -> str:
    if not p.get("rank"):
        return _("The registry records no rank for this person.")
    values = {"rank": p["rank"], "from": _category_label(p.get("from", "")), "target": p["target"]}
    if ok:
        return _("Holds %(rank)s, a rank of the level below %(target)s (%(from)s).") % values
    return _("Holds %(rank)s, which is not a rank of the level below %(target)s (%(from)s).") % values


def _text(key: str, ok: bool, p: dict) -> str:
    if key == "position":
        return _("The position names no rank to promote to.")
    if key == "target":
        return _("The profile sets no promotion rule towards %(target)s (%(to)s).") % {
            "target": p["target"],
            "to": _category_label(p.get("to", "")),
        }
    if key == "rank":
        return _rank_text(ok, p)
    if key == "years":
        values = {"time": _duration(p["months"]), "from": _category_label(p["from"]), "min": p["min_years"]}
        return _("%(time)s as %(from)s (at least %(min)s years required).") % values
    if key == "months_in_rank":
        values = {"months": p["months"], "rank": p["rank"] or "—", "min": p["min_months"]}
        return _("%(months)s months in rank %(rank)s (at least %(min)s required).") % values
    if key == "rating":
        if not p["level"]:
            return _("No annual rating recorded for %(year)s.") % {"year": p["year"]}
        values = {"year": p["year"], "level": _level_name(p["level"]), "min": _level_name(p["at_least"])}
        return _("Rated “%(level)s” in %(year)s (at least “%(min)s” required).") % values
    if key == "discipline":
        if ok:
            return _("No discipline in force.")
        values = {"name": p["name"], "start": short_date(dt.date.fromisoformat(p["start"]))}
        if p["end"]:
            values["end"] = short_date(dt.date.fromisoformat(p["end"]))
            return _("Under discipline: %(name)s from %(start)s until %(end)s.") % values
        return _("Under discipline: %(name)s since %(start)s.") % values
    if key == "certificate":
        values = {
            "kind": _certificate_kind(p["kind"]),
            "have": _certificate_value(p["kind"], p["have"]) if p["have"] else _("none recorded"),
            "accepted": ", ".join(_certificate_value(p["kind"], v) for v in p["accepted"]),
        }
        return _("%(kind)s: %(have)s (required: %(accepted)s).") % values
    return key


def reason_text(reason: dict) -> str:
    """One stored eligibility reason ({key, ok, params}) in the reader's language."""
    return _text(reason.get("key", ""), bool(reason.get("ok")), reason.get("params") or {})


def reasons_in_words(reasons: list[dict]) -> list[dict]:
    """Stored reasons with their text: [{ok, text}]."""
    return [{"ok": bool(r.get("ok")), "key": r.get("key", ""), "text": reason_text(r)} for r in reasons or []]
