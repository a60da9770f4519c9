"""Pages of the staff registry; each sub-domain keeps its own block."""

from django.urls import path

from hrm.views import imports, reminders, reports, restructure, staff

app_name = "hrm"
urlpatterns = []

# --- staff and units (hrm/views/staff.py) ---
urlpatterns += [
    path("staff/", staff.StaffListView.as_view(), name="staff-list"),
    path("staff/<int:employee_id>/", staff.StaffDetailView.as_view(), name="staff-detail"),
    path("me/", staff.MyRecordView.as_view(), name="my-record"),
    path("units/", staff.UnitTreeView.as_view(), name="units"),
    path("reminders/", reminders.ReminderListView.as_view(), name="reminders"),
    path("units/restructure/", restructure.RestructureView.as_view(), name="restructure"),
]
# --- imports and exports (hrm/views/imports.py) ---

urlpatterns += [
    path("import/", imports.StaffImportView.as_view(), name="import"),
    path("import/template.xlsx", imports.StaffImportTemplateView.as_view(), name="import-template"),
    path("export/", imports.StaffExportView.as_view(), name="export"),
]
# --- reports, dashboard, form 2C (hrm/views/reports.py) ---

urlpatterns += [
    path("report/", reports.ReportView.as_view(), name="report"),
    path("report/xlsx/", reports.ReportXlsxView.as_view(), name="report-xlsx"),
    path("dashboard/", reports.DashboardView.as_view(), name="dashboard"),
    path("staff/<int:employee_id>/2c/", reports.Form2CView.as_view(), name="form2c"),
    path("staff/<int:employee_id>/2c.pdf", reports.Form2CPdfView.as_view(), name="form2c-pdf"),
]
