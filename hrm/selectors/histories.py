"""A staff member's history rows as the pages and the API read them (the kinds: hrm.histories.HISTORY_KINDS)."""

from django.db.models import Model, QuerySet

from hrm.models import Assignment, Employee


def assignment_current(*, employee: Employee) -> Assignment | None:
    """The staff member's open assignment (with its unit), or None."""
    return Assignment.objects.open().filter(employee=employee).select_related("unit").first()


def history_rows(*, employee: Employee, model: type[Model], select: tuple = ()) -> QuerySet:
    """The staff member's rows of one history model, with the related rows the output reads."""
    return model.objects.filter(employee=employee).select_related(*select)


def history_row_get(*, employee: Employee, model: type[Model], pk: int, select: tuple = ()) -> Model | None:
    """One of the staff member's rows of a history model, or None (another's row is not there for him)."""
    return history_rows(employee=employee, model=model, select=select).filter(pk=pk).first()
