"""REST API of the staff registry; each sub-domain keeps its own block."""

from django.urls import path

from hrm.views import imports, reminders, reports, staff, units

app_name = "hrm-api"
urlpatterns = []

# --- staff and units (hrm/views/staff.py) ---
urlpatterns += [
    path("staff/", staff.StaffListApi.as_view(), name="staff-list"),
    path("staff/<int:employee_id>/", staff.StaffDetailApi.as_view(), name="staff-detail"),
    path("units/", staff.UnitListApi.as_view(), name="unit-list"),
    path("reminders/", reminders.ReminderListApi.as_view(), name="reminders"),
    path("staff/<int:employee_id>/transfer/", staff.StaffTransferApi.as_view(), name="staff-transfer"),
    path("staff/<int:employee_id>/unit-on/", units.EmployeeUnitOnApi.as_view(), name="staff-unit-on"),
    path("units/<int:unit_id>/staff-on/", units.UnitStaffOnApi.as_view(), name="unit-staff-on"),
    path("units/<int:unit_id>/move/", units.UnitMoveApi.as_view(), name="unit-move"),
    path("units/<int:unit_id>/rename/", units.UnitRenameApi.as_view(), name="unit-rename"),
    path("units/<int:unit_id>/dissolve/", units.UnitDissolveApi.as_view(), name="unit-dissolve"),
    path("units/merge/", units.UnitsMergeApi.as_view(), name="units-merge"),
]
# --- imports and exports (hrm/views/imports.py) ---

urlpatterns += [
    path("imports/", imports.StaffImportApi.as_view(), name="import"),
    path("exports/", imports.StaffExportApi.as_view(), name="export"),
]
# --- reports (hrm/views/reports.py) ---

urlpatterns += [
    path("report/", reports.ReportApi.as_view(), name="report"),
]
