from django.urls import path

from exams import views

app_name = "exams-api"
urlpatterns = [
    path("profiles/", views.ProfileListApi.as_view(), name="profiles"),
    path("profiles/<int:profile_id>/", views.ProfileDetailApi.as_view(), name="profile-detail"),
    path("priority-categories/", views.PriorityCategoryListApi.as_view(), name="priority-categories"),
    path("candidate-token/", views.CandidateTokenApi.as_view(), name="candidate-token"),
    # question banks (exams.views.banks_api)
    path("subjects/", views.SubjectListApi.as_view(), name="subjects"),
    path("banks/", views.BankListApi.as_view(), name="banks"),
    path("banks/<int:bank_id>/", views.BankDetailApi.as_view(), name="bank-detail"),
    path("banks/<int:bank_id>/topics/", views.TopicListApi.as_view(), name="bank-topics"),
    path("banks/<int:bank_id>/topics/<int:topic_id>/", views.TopicDetailApi.as_view(), name="bank-topic"),
    path("banks/<int:bank_id>/items/", views.ItemListApi.as_view(), name="bank-items"),
    path("banks/<int:bank_id>/items/<int:item_id>/", views.ItemDetailApi.as_view(), name="bank-item"),
    path("banks/<int:bank_id>/items/<int:item_id>/preview/", views.ItemPreviewApi.as_view(), name="bank-item-preview"),
    path(
        "banks/<int:bank_id>/items/<int:item_id>/versions/<int:version_id>/<str:action>/",
        views.VersionDecisionApi.as_view(),
        name="bank-version-decision",
    ),
    path(
        "banks/<int:bank_id>/items/<int:item_id>/<str:action>/", views.ItemRetireApi.as_view(), name="bank-item-retire"
    ),
    path("banks/<int:bank_id>/import/", views.ImportApi.as_view(), name="bank-import"),
    path("banks/<int:bank_id>/export/", views.ExportApi.as_view(), name="bank-export"),
    path("banks/<int:bank_id>/assets/", views.AssetListApi.as_view(), name="bank-assets"),
]
