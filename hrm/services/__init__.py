"""Writes and workflows of the staff registry, by sub-domain; import from here or the submodules."""

from hrm.services.histories import (
    discipline_create,
    discipline_delete,
    discipline_update,
    rating_create,
    rating_delete,
    rating_update,
    reward_create,
    reward_delete,
    reward_update,
)
from hrm.services.org import staff_quota_set, unit_create
from hrm.services.person_histories import (
    career_create,
    career_delete,
    career_update,
    family_create,
    family_delete,
    family_update,
    qualification_create,
    qualification_delete,
    qualification_update,
)
from hrm.services.restructure import unit_dissolve, unit_move, unit_rename, units_merge
from hrm.services.salary_changes import salary_change
from hrm.services.staff import employee_hire, employee_transfer

__all__ = [
    "career_create",
    "career_delete",
    "career_update",
    "family_create",
    "family_delete",
    "family_update",
    "qualification_create",
    "qualification_delete",
    "qualification_update",
    "discipline_create",
    "discipline_delete",
    "discipline_update",
    "rating_create",
    "rating_delete",
    "rating_update",
    "reward_create",
    "reward_delete",
    "reward_update",
    "employee_hire",
    "employee_transfer",
    "staff_quota_set",
    "unit_create",
    "unit_dissolve",
    "unit_move",
    "unit_rename",
    "units_merge",
    "salary_change",
]
