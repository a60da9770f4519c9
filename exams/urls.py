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
    # papers (the exam's papers tab)
    path("<int:exam_id>/papers/", views.PapersView.as_view(), name="papers"),
    path("<int:exam_id>/papers/verify/", views.PapersVerifyView.as_view(), name="papers-verify"),
    path("<int:exam_id>/papers/parts/<int:part_id>/blueprint/", views.BlueprintView.as_view(), name="papers-blueprint"),
    path("<int:exam_id>/papers/parts/<int:part_id>/forms/", views.PaperFormListView.as_view(), name="papers-forms"),
    path(
        "<int:exam_id>/papers/parts/<int:part_id>/generate/",
        views.PapersActionView.as_view(action="generate"),
        name="papers-generate",
    ),
    path(
        "<int:exam_id>/papers/parts/<int:part_id>/draw/",
        views.PapersActionView.as_view(action="draw"),
        name="papers-draw",
    ),
    path("<int:exam_id>/papers/jobs/<uuid:job_id>/", views.PapersJobView.as_view(), name="papers-job"),
    path("<int:exam_id>/papers/forms/<int:form_id>/", views.PaperFormDetailView.as_view(), name="papers-form"),
    path(
        "<int:exam_id>/papers/forms/<int:form_id>/decide/",
        views.PaperFormDecideView.as_view(),
        name="papers-form-decide",
    ),
]
