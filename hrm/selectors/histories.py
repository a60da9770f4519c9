"""A staff member's history rows as the profile, the history pages and the API read them (kinds: hrm.histories)."""

from django.db.models import Model, QuerySet

from hrm.histories import EMPLOYEE, HistoryKind, history_kinds
from hrm.models import Assignment, Employee


def assignment_current(*, employee: Employee) -> Assignment | None:
    """The staff member's open assignment (with its unit), or None."""
    return Assignment.objects.open().filter(employee=employee).select_related("unit").first()


def history_rows(*, employee: Employee, kind: HistoryKind) -> QuerySet:
    """The staff member's rows of one history kind (his own or his person's), in the kind's order."""
    owner = employee if kind.owner == EMPLOYEE else employee.person
    rows = kind.model.objects.filter(**{kind.owner: owner}).select_related(*kind.select)
    return rows.order_by(*kind.order) if kind.order else rows


def history_row_get(*, employee: Employee, kind: HistoryKind, pk: int) -> Model | None:
    """One of the staff member's rows of a history kind, or None (another's row is not there for him)."""
    return history_rows(employee=employee, kind=kind).filter(pk=pk).first()


def employee_histories(*, employee: Employee) -> dict[str, QuerySet]:
    """Every history kind's rows of a staff member, under the profile page's names."""
    return {kind.profile: history_rows(employee=employee, kind=kind) for kind in history_kinds()}
