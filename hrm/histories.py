"""The one registry of a staff record's history kinds.

Each kind names its model, whose rows they are (the employee's or the person's), where the profile page shows
them and, for the kinds HR officers keep by hand (ratings, rewards, discipline, training and degrees, family,
earlier career), the services that write them and the texts of their pages. The profile page, the history
pages and API, the admin inlines and the audit trail's reads all take the list from here (`HISTORY_KINDS`,
`history_kinds`, `history_labels`).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from common.dated import short_date
from hrm.models import (
    AnnualRating,
    Assignment,
    CareerEntry,
    Discipline,
    FamilyMember,
    Qualification,
    Reward,
    SalaryRecord,
)
from hrm.services import histories, person_histories

EMPLOYEE, PERSON = "employee", "person"


@dataclass(frozen=True)
class HistoryKind:
    key: str  # the URL kind and the rows' keyword in the update and delete services
    model: type[Model]
    owner: str  # EMPLOYEE or PERSON: the foreign key that holds the rows
    profile: str  # the profile page's name for the rows
    anchor: str = ""  # the profile section
    select: tuple = ()  # related rows the pages and the API read
    order: tuple = ()  # empty: the model's own ordering
    create: Callable | None = None
    update: Callable | None = None
    delete: Callable | None = None
    values: Callable | None = None
    describe: Callable | None = None
    title_add: str | Promise = ""
    title_edit: str | Promise = ""
    title_delete: str | Promise = ""

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def editable(self) -> bool:
        return self.create is not None


def _describe_rating(row: AnnualRating) -> str:
    return f"{row.year}: {row.level.name}"


def _describe_reward(row: Reward) -> str:
    return f"{row.form} ({short_date(row.date)})"


def _describe_qualification(row: Qualification) -> str:
    return f"{row.get_kind_display()}: {row.credential or row.level}"


def _describe_family(row: FamilyMember) -> str:
    born = f" ({row.birth_year})" if row.birth_year else ""
    return f"{row.relation}: {row.full_name}{born}"


def _describe_career(row: CareerEntry) -> str:
    return f"{short_date(row.start)}: {row.description}"


def _describe_discipline(row: Discipline) -> str:
    return f"{row.form.name} ({short_date(row.valid_from)})"


_KINDS = (
    HistoryKind("assignment", Assignment, EMPLOYEE, "assignments", "h-work-history", ("unit",), ("valid_from",)),
    HistoryKind("salary", SalaryRecord, EMPLOYEE, "salary", "h-salary-history", ("rank",), ("valid_from",)),
    HistoryKind(
        "rating", AnnualRating, EMPLOYEE, "ratings", "h-ratings", ("level",),
        create=histories.rating_create, update=histories.rating_update, delete=histories.rating_delete,
        values=histories.rating_values, describe=_describe_rating, title_add=_("Add an annual rating"),
        title_edit=_("Correct an annual rating"), title_delete=_("Delete an annual rating"),
    ),
    HistoryKind(
        "reward", Reward, EMPLOYEE, "rewards", "h-rewards",
        create=histories.reward_create, update=histories.reward_update, delete=histories.reward_delete,
        values=histories.reward_values, describe=_describe_reward, title_add=_("Add a reward"),
        title_edit=_("Correct a reward"), title_delete=_("Delete a reward"),
    ),
    HistoryKind(
        "discipline", Discipline, EMPLOYEE, "disciplines", "h-discipline", ("form",),
        create=histories.discipline_create, update=histories.discipline_update, delete=histories.discipline_delete,
        values=histories.discipline_values, describe=_describe_discipline, title_add=_("Add a discipline"),
        title_edit=_("Correct a discipline"), title_delete=_("Delete a discipline"),
    ),
    HistoryKind(
        "qualification", Qualification, PERSON, "qualifications", "h-training",
        create=person_histories.qualification_create, update=person_histories.qualification_update,
        delete=person_histories.qualification_delete, values=person_histories.qualification_values,
        describe=_describe_qualification, title_add=_("Add training or a degree"),
        title_edit=_("Correct training or a degree"), title_delete=_("Delete training or a degree"),
    ),
    HistoryKind(
        "family", FamilyMember, PERSON, "family", "h-family",
        create=person_histories.family_create, update=person_histories.family_update,
        delete=person_histories.family_delete, values=person_histories.family_values, describe=_describe_family,
        title_add=_("Add a family member"), title_edit=_("Correct a family member"),
        title_delete=_("Delete a family member"),
    ),
    HistoryKind(
        "career", CareerEntry, PERSON, "career", "h-work-history",
        create=person_histories.career_create, update=person_histories.career_update,
        delete=person_histories.career_delete, values=person_histories.career_values, describe=_describe_career,
        title_add=_("Add earlier career"), title_edit=_("Correct earlier career"),
        title_delete=_("Delete earlier career"),
    ),
)  # fmt: skip
HISTORY_KINDS: dict[str, HistoryKind] = {kind.key: kind for kind in _KINDS}


def history_kinds(*, owner: str | None = None) -> list[HistoryKind]:
    """The history kinds, in profile order; only the employee's or the person's when `owner` is given."""
    return [kind for kind in _KINDS if owner is None or kind.owner == owner]


def history_labels(*, owner: str) -> tuple[str, ...]:
    """Model labels ("hrm.assignment") of the history rows an employee or a person (`owner`) holds."""
    return tuple(kind.label for kind in history_kinds(owner=owner))
