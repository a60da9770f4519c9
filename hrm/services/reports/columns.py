"""Columns of the quantity-and-quality report (regulations §7.2), each a conditional count over staff in post.

Every column is a Q on an Assignment row (person fields through `employee__person__`), so the whole report
is one grouped query of `COUNT(*) FILTER (WHERE …)` terms.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hrm.models import Employee, Rank, RankGroup, RetirementAge, SalaryGroup
from hrm.models.people import EducationLevel, ITLevel, PoliticalTheory, Sex, StateManagement

P = "employee__person__"  # from an Assignment to its person
SAL = "sal__"  # the SalaryRecord in force on the report date (a FilteredRelation the query adds)
NO_RELIGION = ["", "Không", "không", "KHÔNG"]  # form 2C item 7: "Không" = none
MAJORITY_ETHNICITY = "Kinh"
RANK_KEYS = [f"rank_{value}" for value in SalaryGroup.ReportCategory.values]  # the "by rank" columns but "other"


@dataclass(frozen=True)
class Column:
    key: str
    group: str
    label: str
    q: Q | None  # None: not a count over staff (the quota) or the plain total


def years_before(on: dt.date, years: int, months: int = 0) -> dt.date:
    """The latest birth date of someone who is at least `years` y `months` m old on `on`."""
    total = on.year * 12 + (on.month - 1) - (years * 12 + months)
    year, month = divmod(total, 12)
    month += 1
    return dt.date(year, month, min(on.day, calendar.monthrange(year, month)[1]))


def _ranks_by_category(on: dt.date) -> dict[str, list[int]]:
    """Report category → the ranks paid on `on` in a salary group of that category then (data: SalaryGroup's
    report_category); a rank and its group are matched as the salary services match them (RankGroup code and
    table → SalaryGroup), the latest-starting row winning where rows overlap, as in in_force_one."""
    category_of = {}  # (code, table) → category
    rows = SalaryGroup.objects.in_force(on).exclude(report_category="").order_by("valid_from")
    for code, table, category in rows.values_list("code", "table", "report_category"):
        category_of[(code, table)] = category
    rank_category = {}
    for rank_id, code, table in (
        RankGroup.objects.in_force(on).order_by("valid_from").values_list("rank_id", "group_code", "table")
    ):
        rank_category[rank_id] = category_of.get((code, table))
    out = {value: [] for value in SalaryGroup.ReportCategory.values}
    for rank_id, category in rank_category.items():
        if category is not None:
            out[category].append(rank_id)
    return out


def _rank_columns(on: dt.date) -> list[Column]:
    """A column per report category: staff whose rank is paid on `on` in a salary group of that category then.

    Resolved to rank ids before the query, so that the staff are counted by their salary record's rank alone:
    PostgreSQL tests one list per row instead of joining the rank groups and comparing codes.
    """
    ranks = _ranks_by_category(on)
    group = _("By rank")
    columns = [
        Column(f"rank_{value}", group, label, Q(**{f"{SAL}rank__in": ranks[value]}))
        for value, label in SalaryGroup.ReportCategory.choices
    ]
    return [*columns, Column("rank_other", group, _("Other or none"), None)]


def _field_columns() -> list[Column]:
    """Public employees (viên chức) by the field (lĩnh vực) of the title they are paid by on the report date.

    A column per field of Rank.Field (no query: the report's query count stays fixed), then the rest.
    """
    group, public = _("Public employees by field"), Q(employee__staff_type=Employee.StaffType.VIEN_CHUC)
    fields = [(value, label) for value, label in Rank.Field.choices if value != Rank.Field.OTHER]
    columns = [Column("vc_total", group, _("Public employees"), public)]
    columns += [Column(f"vc_{value}", group, label, public & Q(sal__rank__field=value)) for value, label in fields]
    known = Q(sal__rank__field__in=[value for value, _label in fields])
    return [*columns, Column("vc_other", group, _("Other fields or none"), public & ~known)]


def _choice_columns(prefix: str, group, field: str, choices) -> list[Column]:
    return [Column(f"{prefix}_{value}", group, label, Q(**{f"{P}{field}": value})) for value, label in choices]


def _retirement_q(on: dt.date, person: str = P) -> Q:
    ages = {}  # sex → the row in force on `on` (the latest-starting one if rows overlap, as in_force_one)
    for row in RetirementAge.objects.in_force(on).order_by("valid_from"):  # one query for both sexes
        ages[row.sex] = row
    q = Q(pk__in=[])
    for sex in Sex.values:
        if sex in ages:
            cutoff = years_before(on, ages[sex].years, ages[sex].months)
            q |= Q(**{f"{person}sex": sex, f"{person}date_of_birth__lte": cutoff})
    return q


def age_columns(*, on: dt.date, person: str = P) -> list[Column]:
    """The report's age bands on `on` as Qs through `person` (the path to a Person, e.g. "person__" from staff)."""
    group, dob = _("Age"), f"{person}date_of_birth"
    c30, c41, c51, c61 = (years_before(on, n) for n in (30, 41, 51, 61))
    return [
        Column("age_lt30", group, _("Under 30"), Q(**{f"{dob}__gt": c30})),
        Column("age_30_40", group, _("30–40"), Q(**{f"{dob}__gt": c41, f"{dob}__lte": c30})),
        Column("age_41_50", group, _("41–50"), Q(**{f"{dob}__gt": c51, f"{dob}__lte": c41})),
        Column("age_51_60", group, _("51–60"), Q(**{f"{dob}__gt": c61, f"{dob}__lte": c51})),
        Column("age_gt60", group, _("Over 60"), Q(**{f"{dob}__lte": c61})),
        Column("age_retirement", group, _("Over retirement age"), _retirement_q(on, person)),
    ]


def _language_columns() -> list[Column]:
    group, lang, level = _("Foreign language"), f"{P}foreign_language", f"{P}foreign_language_level"
    other = ~Q(**{f"{lang}__in": ["", "en"]})
    return [
        Column("lang_en_degree", group, _("English: degree"), Q(**{lang: "en", level: "degree"})),
        Column("lang_en_cert", group, _("English: certificate"), Q(**{lang: "en", level: "certificate"})),
        Column("lang_other_degree", group, _("Other: degree"), other & Q(**{level: "degree"})),
        Column("lang_other_cert", group, _("Other: certificate"), other & Q(**{level: "certificate"})),
        Column("lang_minority", group, _("Ethnic language certificate"), Q(**{f"{P}minority_language_cert": True})),
    ]


def _headline_columns(on: dt.date) -> list[Column]:
    group = _("Of which")
    return [
        Column("quota", "", _("Assigned quota"), None),
        Column("total", "", _("Staff in post"), None),
        Column("party", group, _("Party members"), Q(**{f"{P}party_joined_on__lte": on})),
        Column("women", group, _("Women"), Q(**{f"{P}sex": Sex.FEMALE})),
        Column(
            "minority",
            group,
            _("Ethnic minority"),
            ~Q(**{f"{P}ethnicity__in": ["", MAJORITY_ETHNICITY]}),
        ),
        Column("religion", group, _("Religion"), ~Q(**{f"{P}religion__in": NO_RELIGION})),
    ]


def report_columns(*, on: dt.date) -> list[Column]:
    """Every column of the report on date `on`, in the printed order."""
    return [
        *_headline_columns(on),
        *_rank_columns(on),
        *_field_columns(),
        *_choice_columns("edu", _("Professional education"), "education_level", EducationLevel.choices),
        *_choice_columns("pol", _("Political theory"), "political_theory", PoliticalTheory.choices),
        *_choice_columns("sm", _("State management"), "state_management", StateManagement.choices),
        *_choice_columns("it", _("Information technology"), "it_level", ITLevel.choices),
        *_language_columns(),
        *age_columns(on=on),
    ]
