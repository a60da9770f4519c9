from django.urls import path

from exams import views

app_name = "exams-api"
urlpatterns = [
    path("profiles/", views.ProfileListApi.as_view(), name="profiles"),
    path("profiles/<int:profile_id>/", views.ProfileDetailApi.as_view(), name="profile-detail"),
    path("priority-categories/", views.PriorityCategoryListApi.as_view(), name="priority-categories"),
    path("candidate-token/", views.CandidateTokenApi.as_view(), name="candidate-token"),
    # candidates, claims, import, eligibility, seating
    path("<int:exam_id>/candidates/", views.CandidateListApi.as_view(), name="candidates"),
    path("<int:exam_id>/candidates/import/", views.CandidateImportApi.as_view(), name="candidate-import"),
    path("<int:exam_id>/candidates/<int:candidate_id>/", views.CandidateDetailApi.as_view(), name="candidate-detail"),
    path(
        "<int:exam_id>/candidates/<int:candidate_id>/withdraw/",
        views.CandidateWithdrawApi.as_view(),
        name="candidate-withdraw",
    ),
    path("<int:exam_id>/candidates/<int:candidate_id>/claims/", views.ClaimCreateApi.as_view(), name="claim-create"),
    path("<int:exam_id>/claims/<int:claim_id>/evidence/", views.ClaimEvidenceApi.as_view(), name="claim-evidence"),
    path("<int:exam_id>/claims/<int:claim_id>/decision/", views.ClaimDecisionApi.as_view(), name="claim-decision"),
    path("<int:exam_id>/staff-candidates/", views.StaffCandidatesApi.as_view(), name="staff-candidates"),
    path("<int:exam_id>/eligibility/", views.EligibilityApi.as_view(), name="eligibility"),
    path("<int:exam_id>/seating/", views.SeatingApi.as_view(), name="seating"),
    path("<int:exam_id>/access-codes/", views.AccessCodesApi.as_view(), name="access-codes"),
    path("room-sessions/<int:room_session_id>/list/<str:fmt>/", views.RoomListApi.as_view(), name="room-list"),
]
