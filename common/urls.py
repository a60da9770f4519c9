from django.urls import path

from common import audit_views, views

app_name = "common"
urlpatterns = [
    path("jobs/", views.JobListView.as_view(), name="job-list"),
    path("jobs/<uuid:job_id>/", views.JobDetailView.as_view(), name="job-detail"),
    path("jobs/<uuid:job_id>/download/", views.JobDownloadView.as_view(), name="job-download"),
    # --- the audit trail (common/audit_views.py) ---
    path("audit/", audit_views.AuditTrailView.as_view(), name="audit"),
    path("audit/export.xlsx", audit_views.AuditExportView.as_view(), name="audit-export"),
]
