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
    # candidates (tab 60), eligibility (tab 65), seating (tab 70)
    path("<int:exam_id>/candidates/", views.CandidateListView.as_view(), name="candidates"),
    path("<int:exam_id>/candidates/new/", views.ApplicantCreateView.as_view(), name="applicant-create"),
    path("<int:exam_id>/candidates/import/", views.CandidateImportView.as_view(), name="candidate-import"),
    path(
        "<int:exam_id>/candidates/import/template.xlsx",
        views.CandidateImportTemplateView.as_view(),
        name="candidate-import-template",
    ),
    path("<int:exam_id>/candidates/staff/", views.StaffPickView.as_view(), name="staff-pick"),
    path("<int:exam_id>/candidates/<int:candidate_id>/", views.CandidateDetailView.as_view(), name="candidate-detail"),
    path("<int:exam_id>/candidates/<int:candidate_id>/edit/", views.CandidateEditView.as_view(), name="candidate-edit"),
    path(
        "<int:exam_id>/candidates/<int:candidate_id>/withdraw/",
        views.CandidateWithdrawView.as_view(),
        name="candidate-withdraw",
    ),
    path("<int:exam_id>/candidates/<int:candidate_id>/claims/", views.ClaimAddView.as_view(), name="claim-add"),
    path("<int:exam_id>/claims/<int:claim_id>/decide/", views.ClaimDecideView.as_view(), name="claim-decide"),
    path("<int:exam_id>/claims/<int:claim_id>/evidence/", views.ClaimEvidenceView.as_view(), name="claim-evidence"),
    path(
        "<int:exam_id>/claims/<int:claim_id>/evidence/attach/",
        views.ClaimEvidenceAttachView.as_view(),
        name="claim-evidence-attach",
    ),
    path("<int:exam_id>/eligibility/", views.EligibilityView.as_view(), name="eligibility"),
    path(
        "<int:exam_id>/eligibility/recompute/", views.EligibilityRecomputeView.as_view(), name="eligibility-recompute"
    ),
    path("<int:exam_id>/seating/", views.SeatingView.as_view(), name="seating"),
    path("<int:exam_id>/seating/codes/", views.AccessCodesIssueView.as_view(), name="access-codes-issue"),
    path("<int:exam_id>/seating/cards.pdf", views.CardsReprintView.as_view(), name="cards-reprint"),
    path(
        "room-sessions/<int:room_session_id>/list.<str:fmt>",
        views.RoomListView.as_view(),
        name="room-list",
    ),
]
