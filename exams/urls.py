from django.urls import path

from exams import views

app_name = "exams"
urlpatterns = [
    path("profiles/", views.ProfileListView.as_view(), name="profiles"),
    path("profiles/<int:profile_id>/", views.ProfileDetailView.as_view(), name="profile-detail"),
    path("priority/", views.PriorityListView.as_view(), name="priority"),
    path("login/", views.CandidateLoginView.as_view(), name="candidate-login"),
    path("me/", views.CandidateHomeView.as_view(), name="candidate-home"),
    path("logout/", views.CandidateLogoutView.as_view(), name="candidate-logout"),
]
