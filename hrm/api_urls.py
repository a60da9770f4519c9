"""REST API of the staff registry; each sub-domain keeps its own block."""

from django.urls import path  # noqa: F401

from hrm.views import reminders, staff

app_name = "hrm-api"
urlpatterns = []

# --- staff and units (hrm/views/staff.py) ---
urlpatterns += [
    path("staff/", staff.StaffListApi.as_view(), name="staff-list"),
    path("staff/<int:employee_id>/", staff.StaffDetailApi.as_view(), name="staff-detail"),
    path("units/", staff.UnitListApi.as_view(), name="unit-list"),
    path("reminders/", reminders.ReminderListApi.as_view(), name="reminders"),
]
# --- imports and exports (hrm/views/imports.py) ---
from hrm.views import imports  # noqa: E402

urlpatterns += [
    path("imports/", imports.StaffImportApi.as_view(), name="import"),
    path("exports/", imports.StaffExportApi.as_view(), name="export"),
]
# --- reports (hrm/views/reports.py) ---
from hrm.views import reports  # noqa: E402

urlpatterns += [
    path("report/", reports.ReportApi.as_view(), name="report"),
]
