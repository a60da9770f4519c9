"""Staff lists: search (accent-insensitive), filters and Vietnamese sorting, always scoped."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from common.vietnamese import fold
from hrm.models import Employee, OrgUnit, Reminder
from hrm.selectors.scoping import employee_queryset_for_user

SORTS = {
    "name": ("person__name_sort",),
    "-name": ("-person__name_sort",),
    "dob": ("person__date_of_birth", "person__name_sort"),
    "-dob": ("-person__date_of_birth", "person__name_sort"),
    "unit": ("unit__path", "person__name_sort"),
    "-unit": ("-unit__path", "person__name_sort"),
    "code": ("code",),
    "-code": ("-code",),
    "rank": ("rank__code", "person__name_sort"),
    "-rank": ("-rank__code", "person__name_sort"),
    "position": ("position", "person__name_sort"),
    "-position": ("-position", "person__name_sort"),
    "step": ("salary_step", "person__name_sort"),
    "-step": ("-salary_step", "person__name_sort"),
    "status": ("status", "person__name_sort"),
    "-status": ("-status", "person__name_sort"),
}
MIN_DIGITS = 3  # a shorter run of digits would match most CCCDs
# Plain equality filters: the input's name → the field it compares.
EQUALS = {
    "staff_type": "staff_type",
    "status": "status",
    "sex": "person__sex",
    "rank": "rank__code",
    "education": "person__education_level",
}


def age_bands(*, on=None) -> dict:
    """The report's age bands on `on` (today by default): key → (label, Q over staff)."""
    from hrm.services.reports.columns import age_columns

    on = on or timezone.localdate()
    return {c.key: (c.label, c.q) for c in age_columns(on=on, person="person__")}


def _search(qs: QuerySet, q: str) -> QuerySet:
    """A name without accents, part of a staff number, or (digits only) part of a CCCD."""
    match = Q(person__name_search__contains=fold(q)) | Q(code__icontains=q)
    if q.isdigit() and len(q) >= MIN_DIGITS:
        match |= Q(person__cccd__contains=q)
    return qs.filter(match)


def _retiring(qs: QuerySet, months: int) -> QuerySet:
    from hrm.services.retirement import employee_ids_retiring_by
    from hrm.services.salary import add_months

    active = qs.filter(status=Employee.Status.ACTIVE)
    return qs.filter(pk__in=employee_ids_retiring_by(staff=active, by=add_months(timezone.localdate(), months)))


def _raise_due(qs: QuerySet, due: bool) -> QuerySet:
    """Staff with (or without) a regular raise due: the reminders' own computation (hrm.services.reminders)."""
    reminder = Reminder.objects.filter(employee=OuterRef("pk"), kind=Reminder.Kind.RAISE_DUE)
    return qs.filter(Exists(reminder)) if due else qs.exclude(Exists(reminder))


def _narrow(qs: QuerySet, filters: dict) -> QuerySet:
    for key, field in EQUALS.items():
        if filters.get(key):
            qs = qs.filter(**{field: filters[key]})
    if filters.get("position"):
        qs = qs.filter(position__icontains=filters["position"].strip())
    if filters.get("party") in ("yes", "no"):
        qs = qs.filter(person__party_joined_on__isnull=filters["party"] == "no")
    if filters.get("age"):
        qs = qs.filter(age_bands()[filters["age"]][1])
    if filters.get("retiring"):
        qs = _retiring(qs, filters["retiring"])
    if filters.get("raise_due") in ("yes", "no"):
        qs = _raise_due(qs, filters["raise_due"] == "yes")
    if filters.get("ids"):
        qs = qs.filter(pk__in=filters["ids"])
    return qs


def employee_list_for_hr(*, user, filters: dict) -> QuerySet:
    """Staff `user` may see, searched (name, part of a staff number or CCCD), filtered and sorted (name by default);
    not those hired from a later date (hrm.selectors.pending shows them as arrivals until that day)."""
    qs = employee_queryset_for_user(user=user).exclude(status=Employee.Status.PENDING)  # hired from a later date
    q = (filters.get("q") or "").strip()
    if q:
        qs = _search(qs, q)
    unit = filters.get("unit")
    if isinstance(unit, OrgUnit):
        qs = qs.filter(unit__path__startswith=unit.path)
    qs = _narrow(qs, filters)
    return qs.order_by(*SORTS.get(filters.get("sort") or "name", SORTS["name"]), "pk")


def employee_list_selected_for_hr(*, user, ids: list[int]) -> list[Employee] | None:
    """The selected staff records in list order, or None when any of them is not one `user` may see."""
    wanted = set(ids)
    staff = list(employee_list_for_hr(user=user, filters={"ids": sorted(wanted)}))
    return staff if len(staff) == len(wanted) else None


def employee_get_own(*, user) -> Employee | None:
    """The signed-in user's own staff record (a working one before a former one, the newest first), or None."""
    if not user.is_authenticated or not user.person_id:
        return None
    return Employee.objects.filter(person_id=user.person_id).order_by("status", "-id").first()


def employee_computed(*, employee, on=None) -> dict:
    """Salary, next raise, seniority allowance and retirement computed from the rules in force."""
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
