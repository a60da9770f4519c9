from django.urls import path

from exams import views
from exams.views.live_exam import CandidateExamView, CandidateResultView

app_name = "exams"
urlpatterns = [
    path("profiles/", views.ProfileListView.as_view(), name="profiles"),
    path("profiles/<int:profile_id>/", views.ProfileDetailView.as_view(), name="profile-detail"),
    path("priority/", views.PriorityListView.as_view(), name="priority"),
    path("login/", views.CandidateLoginView.as_view(), name="candidate-login"),
    path("me/", views.CandidateHomeView.as_view(), name="candidate-home"),
    path("logout/", views.CandidateLogoutView.as_view(), name="candidate-logout"),
    path("me/exam/", CandidateExamView.as_view(), name="candidate-exam"),
    path("me/results/<int:attempt_id>/", CandidateResultView.as_view(), name="candidate-result"),
    path("me/results/<int:attempt_id>.pdf", CandidateResultView.as_view(), {"fmt": "pdf"}, name="candidate-result-pdf"),
    # exam setup (issue #14): the exam list, then each exam's tabs
    path("", views.ExamListView.as_view(), name="exam-list"),
    path("new/", views.ExamCreateView.as_view(), name="exam-create"),
    path("<int:exam_id>/", views.ExamOverviewView.as_view(), name="exam-overview"),
    path("<int:exam_id>/edit/", views.ExamEditView.as_view(), name="exam-edit"),
    path("<int:exam_id>/positions/", views.PositionsView.as_view(), name="exam-positions"),
    path("<int:exam_id>/positions/<int:position_id>/", views.PositionEditView.as_view(), name="position-edit"),
    path("<int:exam_id>/parts/", views.PartsView.as_view(), name="exam-parts"),
    path("<int:exam_id>/parts/<int:part_id>/", views.PartEditView.as_view(), name="part-edit"),
    path("<int:exam_id>/rooms/", views.RoomsView.as_view(), name="exam-rooms"),
    path("<int:exam_id>/rooms/<int:room_id>/", views.RoomEditView.as_view(), name="room-edit"),
    path("<int:exam_id>/shifts/<int:shift_id>/", views.ShiftEditView.as_view(), name="shift-edit"),
    path("<int:exam_id>/staff/", views.StaffView.as_view(), name="exam-staff"),
    # question banks (exams.views.banks)
    path("banks/", views.BankListView.as_view(), name="banks"),
    path("banks/template.xlsx", views.TemplateDownloadView.as_view(), name="bank-template"),
    path("banks/<int:bank_id>/", views.BankDetailView.as_view(), name="bank-detail"),
    path("banks/<int:bank_id>/edit/", views.BankEditView.as_view(), name="bank-edit"),
    path("banks/<int:bank_id>/topics/", views.TopicActionView.as_view(), name="bank-topics"),
    path("banks/<int:bank_id>/decide/", views.BulkDecisionView.as_view(), name="bank-decide"),
    path("banks/<int:bank_id>/import/", views.ImportView.as_view(), name="bank-import"),
    path("banks/<int:bank_id>/export/", views.ExportView.as_view(), name="bank-export"),
    path("banks/<int:bank_id>/assets/", views.AssetListView.as_view(), name="bank-assets"),
    path("banks/<int:bank_id>/assets/<int:asset_id>/", views.AssetView.as_view(), name="asset"),
    path("banks/<int:bank_id>/items/new/", views.ItemCreateView.as_view(), name="item-create"),
    path("banks/<int:bank_id>/items/<int:item_id>/", views.ItemDetailView.as_view(), name="item-detail"),
    path("banks/<int:bank_id>/items/<int:item_id>/edit/", views.ItemEditView.as_view(), name="item-edit"),
    path("banks/<int:bank_id>/items/<int:item_id>/preview/", views.ItemPreviewView.as_view(), name="item-preview"),
    path(
        "banks/<int:bank_id>/items/<int:item_id>/versions/<int:version_id>/<str:action>/",
        views.VersionActionView.as_view(),
        name="version-action",
    ),
    path("banks/<int:bank_id>/items/<int:item_id>/<str:action>/", views.ItemRetireView.as_view(), name="item-retire"),
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
