from django.urls import path

from exams import views

app_name = "exams-api"
urlpatterns = [
    path("profiles/", views.ProfileListApi.as_view(), name="profiles"),
    path("profiles/<int:profile_id>/", views.ProfileDetailApi.as_view(), name="profile-detail"),
    path("priority-categories/", views.PriorityCategoryListApi.as_view(), name="priority-categories"),
    path("candidate-token/", views.CandidateTokenApi.as_view(), name="candidate-token"),
    # papers
    path("<int:exam_id>/papers/", views.PapersSummaryApi.as_view(), name="papers"),
    path("<int:exam_id>/papers/verify/", views.PapersVerifyApi.as_view(), name="papers-verify"),
    path("<int:exam_id>/parts/<int:part_id>/blueprint/", views.BlueprintApi.as_view(), name="papers-blueprint"),
    path("<int:exam_id>/parts/<int:part_id>/forms/", views.PaperFormListApi.as_view(), name="papers-forms"),
    path(
        "<int:exam_id>/parts/<int:part_id>/papers/generate/",
        views.PapersGenerateApi.as_view(),
        name="papers-generate",
    ),
    path("<int:exam_id>/parts/<int:part_id>/papers/draw/", views.PapersDrawApi.as_view(), name="papers-draw"),
    path("<int:exam_id>/forms/<int:form_id>/", views.PaperFormDetailApi.as_view(), name="papers-form"),
    path("<int:exam_id>/forms/<int:form_id>/decide/", views.PaperFormDecideApi.as_view(), name="papers-form-decide"),
    path(
        "<int:exam_id>/forms/<int:form_id>/regenerate/",
        views.PaperFormRegenerateApi.as_view(),
        name="papers-form-regenerate",
    ),
]
