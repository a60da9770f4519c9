"""The registry's roles and the scopes of its objects, declared to common.access when the app is ready."""

from django.utils.translation import gettext_lazy as _

from common.access import ACCESS, AUDIT_VIEW, EVERY_ACTION, JOBS_VIEW, RoleDef, Scope
from hrm.models import Role

# What the registry's roles allow. Other apps add their own actions to these roles (common.access.allow).
STAFF_LIST = "hrm.staff.list"  # work in the registry: lists of staff, units, the registry's pages
STAFF_VIEW = "hrm.staff.view"  # see a staff record (profile, form 2C, history): HR officers, and one's own
STAFF_CHANGE = "hrm.staff.change"  # hire, edit, transfer, salary changes, histories, photos
STAFF_IMPORT = "hrm.staff.import"
STAFF_EXPORT = "hrm.staff.export"
REPORTS_VIEW = "hrm.reports.view"  # dashboard, quality report, reminders
UNITS_RESTRUCTURE = "hrm.units.restructure"  # administrators only
RULES_CHANGE = (
    "hrm.rules.change"  # the registry's rules as data (ranks and titles, their salary groups): administrators
)

HR_ADMIN_MODELS = [
    "person",
    "employee",
    "assignment",
    "salaryrecord",
    "qualification",
    "reward",
    "discipline",
    "annualrating",
    "familymember",
    "careerentry",
]
HR_READ_MODELS = [
    "orgunit",
    "orgunitversion",
    "rank",
    "rankgroup",
    "salarygroup",
    "basesalary",
    "retirementage",
    "disciplineform",
    "ratinglevel",
    "reminder",
    "staffquota",
]


def _employee_scopes(employee):
    return [Scope.unit(employee.unit_id), Scope.own(employee.person_id)]


def _person_scopes(person):
    units = person.employments.values_list("unit_id", flat=True)
    return [*(Scope.unit(unit_id) for unit_id in units), Scope.own(person.pk)]


def _may(user, action, obj=None) -> bool:
    from hrm.selectors import may

    return may(user, action, obj)


def _roles_of(user) -> set[str]:
    from hrm.selectors import user_roles

    return user_roles(user=user)


def declare() -> None:
    """Declare hrm's roles (administrator, HR officer, staff member) and the scopes of its records."""
    ACCESS.role(RoleDef(Role.ADMIN, Role.ADMIN.label, "hrm", actions={EVERY_ACTION}))
    ACCESS.role(
        RoleDef(
            Role.HR_OFFICER,
            Role.HR_OFFICER.label,
            "hrm",
            scopes=frozenset({"unit"}),  # the province-wide officer is granted the province's unit
            actions={
                STAFF_LIST,
                STAFF_VIEW,
                STAFF_CHANGE,
                STAFF_IMPORT,
                STAFF_EXPORT,
                REPORTS_VIEW,
                JOBS_VIEW,
                AUDIT_VIEW,
            },
            admin_permissions=[
                ("hrm", HR_ADMIN_MODELS, ["view", "add", "change"]),
                ("hrm", HR_READ_MODELS, ["view"]),
            ],
        )
    )
    ACCESS.role(
        RoleDef(Role.STAFF, _("Staff member"), "hrm", scopes=frozenset({"own"}), actions={STAFF_VIEW}, granted=False)
    )
    ACCESS.grants_from(may=_may, roles_of=_roles_of)
    ACCESS.scopes_of_model("hrm.employee", _employee_scopes)
    ACCESS.scopes_of_model("hrm.person", _person_scopes)
    ACCESS.scopes_of_model("hrm.orgunit", lambda unit: [Scope.unit(unit.pk)])
