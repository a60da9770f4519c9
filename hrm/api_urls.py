"""REST API of the staff registry; each sub-domain keeps its own block."""

from django.urls import path

from hrm.views import attachments, bulk, histories, imports, photos, reminders, reports, salary, staff, titles, units

app_name = "hrm-api"
urlpatterns = []

# --- staff and units (hrm/views/staff.py) ---
urlpatterns += [
    path("staff/", staff.StaffListApi.as_view(), name="staff-list"),
    path("staff/<int:employee_id>/", staff.StaffDetailApi.as_view(), name="staff-detail"),
    path("units/", staff.UnitListApi.as_view(), name="unit-list"),
    path("units/choices/", units.UnitChoicesApi.as_view(), name="unit-choices"),
    path("reminders/", reminders.ReminderListApi.as_view(), name="reminders"),
    path("staff/<int:employee_id>/transfer/", staff.StaffTransferApi.as_view(), name="staff-transfer"),
    path("staff/incoming/", staff.StaffIncomingApi.as_view(), name="staff-incoming"),
    path(
        "staff/<int:employee_id>/pending/<str:kind>/<int:pk>/",
        staff.PendingCancelApi.as_view(),
        name="pending-cancel",
    ),
    path("staff/<int:employee_id>/salary/", salary.SalaryChangeApi.as_view(), name="salary-change"),
    path("staff/<int:employee_id>/photo/", photos.StaffPhotoApi.as_view(), name="staff-photo"),
    path("staff/<int:employee_id>/unit-on/", units.EmployeeUnitOnApi.as_view(), name="staff-unit-on"),
    path("units/<int:unit_id>/staff-on/", units.UnitStaffOnApi.as_view(), name="unit-staff-on"),
    path("units/<int:unit_id>/move/", units.UnitMoveApi.as_view(), name="unit-move"),
    path("units/<int:unit_id>/rename/", units.UnitRenameApi.as_view(), name="unit-rename"),
    path("units/<int:unit_id>/dissolve/", units.UnitDissolveApi.as_view(), name="unit-dissolve"),
    path("units/merge/", units.UnitsMergeApi.as_view(), name="units-merge"),
    path("units/<int:unit_id>/quotas/", units.UnitQuotasApi.as_view(), name="unit-quotas"),
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
# --- annual ratings, rewards, discipline (hrm/views/histories.py) ---

urlpatterns += [
    path("staff/<int:employee_id>/ratings/", histories.RatingListApi.as_view(), name="rating-list"),
    path("staff/<int:employee_id>/ratings/<int:pk>/", histories.RatingDetailApi.as_view(), name="rating-detail"),
    path("staff/<int:employee_id>/rewards/", histories.RewardListApi.as_view(), name="reward-list"),
    path("staff/<int:employee_id>/rewards/<int:pk>/", histories.RewardDetailApi.as_view(), name="reward-detail"),
    path("staff/<int:employee_id>/discipline/", histories.DisciplineListApi.as_view(), name="discipline-list"),
    path(
        "staff/<int:employee_id>/discipline/<int:pk>/",
        histories.DisciplineDetailApi.as_view(),
        name="discipline-detail",
    ),
]
# --- training and degrees, family relations, earlier career: the person's rows (hrm/views/histories.py) ---
for _kind, _segment, _list, _detail in (
    ("qualification", "training", histories.QualificationListApi, histories.QualificationDetailApi),
    ("family", "family", histories.FamilyListApi, histories.FamilyDetailApi),
    ("career", "career", histories.CareerListApi, histories.CareerDetailApi),
):
    urlpatterns += [
        path(f"staff/<int:employee_id>/{_segment}/", _list.as_view(), name=f"{_kind}-list"),
        path(f"staff/<int:employee_id>/{_segment}/<int:pk>/", _detail.as_view(), name=f"{_kind}-detail"),
    ]
# --- attachments of a staff record (hrm/views/attachments.py) ---
urlpatterns += [
    path("staff/<int:employee_id>/attachments/", attachments.AttachmentListApi.as_view(), name="attachment-list"),
    path(
        "staff/<int:employee_id>/attachments/<int:pk>/",
        attachments.AttachmentDetailApi.as_view(),
        name="attachment-detail",
    ),
]
# --- bulk actions of the staff list (hrm/views/bulk.py) ---
urlpatterns += [
    path("staff/bulk/export/", bulk.StaffBulkExportApi.as_view(), name="staff-bulk-export"),
    path("staff/bulk/form2c/", bulk.StaffBulkForm2CApi.as_view(), name="staff-bulk-form2c"),
    path("staff/bulk/raises/", bulk.StaffBulkRaisesApi.as_view(), name="staff-bulk-raises"),
]
# --- ranks and professional titles as data (hrm/views/titles.py) ---
urlpatterns += [path("titles/", titles.TitlesApi.as_view(), name="titles")]
