"""Pages of the staff registry; each sub-domain keeps its own block."""

from django.urls import path  # noqa: F401

from hrm.views import staff

app_name = "hrm"
urlpatterns = []

# --- staff and units (hrm/views/staff.py) ---
urlpatterns += [
    path("staff/", staff.StaffListView.as_view(), name="staff-list"),
    path("staff/<int:employee_id>/", staff.StaffDetailView.as_view(), name="staff-detail"),
    path("me/", staff.MyRecordView.as_view(), name="my-record"),
    path("units/", staff.UnitTreeView.as_view(), name="units"),
]
# --- imports and exports (hrm/views/imports.py) ---
# --- reports, dashboard, form 2C (hrm/views/reports.py) ---
