"""Pages of the staff registry; each sub-domain keeps its own block."""

from django.urls import path

from hrm.views import (
    attachments,
    edit,
    hire,
    imports,
    photos,
    reminders,
    reports,
    restructure,
    salary,
    staff,
    titles,
    units,
)

app_name = "hrm"
urlpatterns = []

# --- staff and units (hrm/views/staff.py) ---
urlpatterns += [
    path("staff/", staff.StaffListView.as_view(), name="staff-list"),
    path("staff/<int:employee_id>/", staff.StaffDetailView.as_view(), name="staff-detail"),
    path("staff/bulk/", staff.StaffBulkView.as_view(), name="staff-bulk"),
    path("me/", staff.MyRecordView.as_view(), name="my-record"),
    path("units/", staff.UnitTreeView.as_view(), name="units"),
    path("reminders/", reminders.ReminderListView.as_view(), name="reminders"),
    path("units/restructure/", restructure.RestructureView.as_view(), name="restructure"),
]
# --- staff quotas of a unit (hrm/views/units.py) ---

urlpatterns += [
    path("units/<int:unit_id>/quotas/", units.UnitQuotasView.as_view(), name="unit-quotas"),
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
# --- editing a staff record and its histories (hrm/views/edit.py) ---

urlpatterns += [
    path("staff/<int:employee_id>/edit/", edit.StaffEditView.as_view(), name="staff-edit"),
    path("staff/<int:employee_id>/transfer/", edit.StaffTransferView.as_view(), name="staff-transfer"),
    path(
        "staff/<int:employee_id>/pending/<str:kind>/<int:pk>/cancel/",
        edit.PendingCancelView.as_view(),
        name="pending-cancel",
    ),
]
for _kind, _segment in (
    ("rating", "ratings"),
    ("reward", "rewards"),
    ("discipline", "discipline"),
    ("qualification", "training"),
    ("family", "family"),
    ("career", "career"),
):
    urlpatterns += [
        path(
            f"staff/<int:employee_id>/{_segment}/add/", edit.HistoryCreateView.as_view(kind=_kind), name=f"{_kind}-add"
        ),
        path(
            f"staff/<int:employee_id>/{_segment}/<int:pk>/edit/",
            edit.HistoryUpdateView.as_view(kind=_kind),
            name=f"{_kind}-edit",
        ),
        path(
            f"staff/<int:employee_id>/{_segment}/<int:pk>/delete/",
            edit.HistoryDeleteView.as_view(kind=_kind),
            name=f"{_kind}-delete",
        ),
    ]
# --- a new staff record (hrm/views/hire.py) ---
urlpatterns += [path("staff/new/", hire.StaffHireView.as_view(), name="staff-hire")]
# --- salary changes (hrm/views/salary.py) ---
urlpatterns += [path("staff/<int:employee_id>/salary/", salary.SalaryChangeView.as_view(), name="salary-change")]
# --- the photo (hrm/views/photos.py) ---
urlpatterns += [path("staff/<int:employee_id>/photo/", photos.StaffPhotoView.as_view(), name="staff-photo")]
# --- attachments of a staff record (hrm/views/attachments.py) ---
urlpatterns += [
    path("staff/<int:employee_id>/attachments/", attachments.AttachmentAddView.as_view(), name="attachment-add"),
    path(
        "staff/<int:employee_id>/attachments/<int:pk>/",
        attachments.AttachmentDownloadView.as_view(),
        name="attachment-download",
    ),
    path(
        "staff/<int:employee_id>/attachments/<int:pk>/delete/",
        attachments.AttachmentDeleteView.as_view(),
        name="attachment-delete",
    ),
]
# --- ranks and professional titles as data (hrm/views/titles.py) ---
urlpatterns += [
    path("titles/", titles.TitlesView.as_view(), name="titles"),
    path("titles/ngach-chuc-danh.xlsx", titles.TitlesFileView.as_view(), name="titles-file"),
]
