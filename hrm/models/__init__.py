from hrm.models.access import Grant, Role, User
from hrm.models.attachments import Attachment
from hrm.models.histories import (
    AnnualRating,
    Assignment,
    CareerEntry,
    Discipline,
    FamilyMember,
    Qualification,
    Reward,
    SalaryRecord,
)
from hrm.models.org import OrgUnit, OrgUnitVersion, StaffQuota
from hrm.models.people import Employee, Person
from hrm.models.reminders import Reminder
from hrm.models.rules import (
    BaseSalary,
    DisciplineForm,
    Rank,
    RankGroup,
    RatingLevel,
    RetirementAge,
    RuleValue,
    SalaryGroup,
    SalaryStep,
)

__all__ = [
    "AnnualRating",
    "Attachment",
    "Assignment",
    "BaseSalary",
    "CareerEntry",
    "Discipline",
    "DisciplineForm",
    "Employee",
    "FamilyMember",
    "Grant",
    "OrgUnit",
    "OrgUnitVersion",
    "Person",
    "Qualification",
    "Rank",
    "RankGroup",
    "RatingLevel",
    "Reminder",
    "RetirementAge",
    "Reward",
    "Role",
    "RuleValue",
    "SalaryGroup",
    "SalaryRecord",
    "SalaryStep",
    "StaffQuota",
    "User",
]
