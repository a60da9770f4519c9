from django.urls import path

from common import views

app_name = "common"
urlpatterns = [
    path("", views.JobListView.as_view(), name="job-list"),
    path("<uuid:job_id>/", views.JobDetailView.as_view(), name="job-detail"),
    path("<uuid:job_id>/download/", views.JobDownloadView.as_view(), name="job-download"),
]
