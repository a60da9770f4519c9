"""Staff lists: search (accent-insensitive), filters and Vietnamese sorting, always scoped."""

from django.db.models import Q, QuerySet

from common.vietnamese import fold
from hrm.models import Employee, OrgUnit
from hrm.selectors.scoping import employee_queryset_for_user

SORTS = {
    "name": ("person__name_sort",),
    "-name": ("-person__name_sort",),
    "dob": ("person__date_of_birth", "person__name_sort"),
    "-dob": ("-person__date_of_birth", "person__name_sort"),
    "unit": ("unit__path", "person__name_sort"),
    "code": ("code",),
    "rank": ("rank__code", "person__name_sort"),
}


def employee_list_for_hr(*, user, filters: dict) -> QuerySet:
    """Staff `user` may see, filtered by q (name, code or CCCD), unit subtree, type, status, rank, sex."""
    qs = employee_queryset_for_user(user=user)
    q = (filters.get("q") or "").strip()
    if q:
        folded = fold(q)
        qs = qs.filter(Q(person__name_search__contains=folded) | Q(code__iexact=q) | Q(person__cccd=q))
    unit = filters.get("unit")
    if isinstance(unit, OrgUnit):
        qs = qs.filter(unit__path__startswith=unit.path)
    for key, field in (("staff_type", "staff_type"), ("status", "status"), ("sex", "person__sex")):
        if filters.get(key):
            qs = qs.filter(**{field: filters[key]})
    if filters.get("rank"):
        qs = qs.filter(rank__code=filters["rank"])
    return qs.order_by(*SORTS.get(filters.get("sort") or "name", SORTS["name"]))


def employee_get_own(*, user) -> Employee | None:
    """The signed-in user's own staff record (a working one before a former one, the newest first), or None."""
    if not user.is_authenticated or not user.person_id:
        return None
    return Employee.objects.filter(person_id=user.person_id).order_by("status", "-id").first()


def employee_computed(*, employee, on=None) -> dict:
    """Salary, next raise, seniority allowance and retirement computed from the rules in force."""
    from django.utils import timezone

    from hrm.services.retirement import retirement_for
    from hrm.services.salary import monthly_salary, next_regular_raise

    on = on or timezone.localdate()
    person = employee.person
    return {
        "on": on,
        "salary": monthly_salary(employee=employee, on=on),
        "next_raise": next_regular_raise(employee=employee, on=on),
        "retirement": retirement_for(
            date_of_birth=person.date_of_birth, sex=person.sex, birth_year_only=person.birth_year_only
        ),
    }
