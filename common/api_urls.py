from django.urls import path

from common import views

app_name = "api"
urlpatterns = [
    path("auth/token/", views.TokenLoginApi.as_view(), name="token-login"),
    path("auth/ws-ticket/", views.WsTicketApi.as_view(), name="ws-ticket"),
    path("me/", views.MeApi.as_view(), name="me"),
    path("jobs/<uuid:job_id>/", views.JobStatusApi.as_view(), name="job-status"),
]
