"""/api/exam/…: the live exam's candidate API (the protocol's login)."""

from django.urls import path

from exams.views.live_api import ExamLoginApi

app_name = "exam-live-api"
urlpatterns = [
    path("login/", ExamLoginApi.as_view(), name="login"),
]
