"""django-import-export resources of the registry (declarative; rules live in services).

StaffResource exports the import's own columns (hrm.services.imports.columns), so a file exported
from the admin can be edited and imported back. Imports never go through the resource's row-by-row
machinery: the admin's import page calls hrm.services.imports (all rows or none, set-based).
"""

import tablib
from import_export import resources

from hrm.models import Employee
from hrm.services.exports import EXPORT_HEADERS, staff_rows


class StaffResource(resources.ModelResource):
    class Meta:
        model = Employee
        fields = ()  # the columns come from the shared column set, not from model fields

    def export(self, queryset=None, **kwargs) -> tablib.Dataset:
        queryset = Employee.objects.all() if queryset is None else queryset
        return tablib.Dataset(
            *staff_rows(queryset=queryset.order_by("person__name_sort", "code")), headers=EXPORT_HEADERS
        )

    def get_export_headers(self, **kwargs) -> list[str]:
        return list(EXPORT_HEADERS)
