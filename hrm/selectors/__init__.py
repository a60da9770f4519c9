"""Reads of the registry that depend on who asks (conventions B2: one package, a module per sub-domain).

`scoping` (re-exported here) says what a user may see; `staff`, `edit`, `reminders` and `restructure` hold the
reads of the pages of those names.
"""

from hrm.selectors.scoping import (
    UnitScope,
    employee_get_for_user,
    employee_queryset_for_user,
    is_province_admin,
    may,
    scope_ids_for_user,
    subtree_unit_ids_on,
    unit_get_for_user,
    unit_scope_for_user,
    units_for_user,
    user_has_hr_scope,
    user_roles,
)

__all__ = [
    "UnitScope",
    "employee_get_for_user",
    "employee_queryset_for_user",
    "is_province_admin",
    "may",
    "scope_ids_for_user",
    "subtree_unit_ids_on",
    "unit_get_for_user",
    "unit_scope_for_user",
    "units_for_user",
    "user_has_hr_scope",
    "user_roles",
]
