from django.urls import path

from exams import views

app_name = "exams-api"
urlpatterns = [
    path("profiles/", views.ProfileListApi.as_view(), name="profiles"),
    path("profiles/<int:profile_id>/", views.ProfileDetailApi.as_view(), name="profile-detail"),
    path("priority-categories/", views.PriorityCategoryListApi.as_view(), name="priority-categories"),
    path("candidate-token/", views.CandidateTokenApi.as_view(), name="candidate-token"),
]
