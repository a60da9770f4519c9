from django.urls import path

from exams import views
from exams.views import grading_api, live

app_name = "exams-api"
urlpatterns = [
    path("profiles/", views.ProfileListApi.as_view(), name="profiles"),
    path("profiles/<int:profile_id>/", views.ProfileDetailApi.as_view(), name="profile-detail"),
    path("priority-categories/", views.PriorityCategoryListApi.as_view(), name="priority-categories"),
    path("candidate-token/", views.CandidateTokenApi.as_view(), name="candidate-token"),
    # exam setup (issue #14)
    path("", views.ExamListApi.as_view(), name="exam-list"),
    path("<int:exam_id>/", views.ExamDetailApi.as_view(), name="exam-detail"),
    path("<int:exam_id>/status/", views.ExamStatusApi.as_view(), name="exam-status"),
    path("<int:exam_id>/overview/", views.ExamOverviewApi.as_view(), name="exam-overview"),
    path("<int:exam_id>/positions/", views.PositionListApi.as_view(), name="position-list"),
    path("<int:exam_id>/positions/<int:position_id>/", views.PositionDetailApi.as_view(), name="position-detail"),
    path("<int:exam_id>/positions/<int:position_id>/quota/", views.QuotaSetApi.as_view(), name="quota-set"),
    path("<int:exam_id>/parts/", views.PartListApi.as_view(), name="part-list"),
    path("<int:exam_id>/parts/prefill/", views.PartsPrefillApi.as_view(), name="parts-prefill"),
    path("<int:exam_id>/parts/<int:part_id>/", views.PartDetailApi.as_view(), name="part-detail"),
    path("<int:exam_id>/rooms/", views.RoomListApi.as_view(), name="room-list"),
    path("<int:exam_id>/rooms/<int:room_id>/", views.RoomDetailApi.as_view(), name="room-detail"),
    path("<int:exam_id>/shifts/", views.ShiftListApi.as_view(), name="shift-list"),
    path("<int:exam_id>/shifts/<int:shift_id>/", views.ShiftDetailApi.as_view(), name="shift-detail"),
    path("<int:exam_id>/room-sessions/", views.RoomSessionListApi.as_view(), name="room-session-list"),
    path("<int:exam_id>/room-sessions/fill/", views.RoomSessionFillApi.as_view(), name="room-session-fill"),
    path("<int:exam_id>/staff/", views.StaffListApi.as_view(), name="staff-list"),
    path("<int:exam_id>/staff/<int:grant_id>/", views.StaffDetailApi.as_view(), name="staff-detail"),
    path("profiles-offered/", views.ProfileOfferedApi.as_view(), name="profiles-offered"),
    path("exemption-grounds/", views.ExemptionGroundListApi.as_view(), name="exemption-grounds"),
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
    path("room-sessions/<int:room_session_id>/list/<str:fmt>/", views.RoomSheetApi.as_view(), name="room-sheet"),
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
    # the live exam: a room's console (issue #15)
    path("<int:exam_id>/room-sessions/<int:room_session_id>/roster/", live.LiveRosterApi.as_view(), name="live-roster"),
    path("<int:exam_id>/room-sessions/<int:room_session_id>/log/", live.LiveLogApi.as_view(), name="live-log"),
    path(
        "<int:exam_id>/room-sessions/<int:room_session_id>/commands/",
        live.LiveCommandApi.as_view(),
        name="live-commands",
    ),
    # results (issue #16)
    path("<int:exam_id>/results/", views.ResultListApi.as_view(), name="results"),
    path("<int:exam_id>/results/compute/", views.ResultsActionApi.as_view(action="compute"), name="results-compute"),
    path("<int:exam_id>/results/publish/", views.ResultsActionApi.as_view(action="publish"), name="results-publish"),
    path("<int:exam_id>/results/reopen/", views.ResultsActionApi.as_view(action="reopen"), name="results-reopen"),
    path(
        "<int:exam_id>/results/positions/<int:position_id>/decision/",
        views.TieDecisionApi.as_view(),
        name="tie-decision",
    ),
    path("<int:exam_id>/parts/<int:part_id>/panel-marks/", views.PanelMarksApi.as_view(), name="panel-marks"),
    # grading (issue #16)
    path("<int:exam_id>/grading/", grading_api.GradeApi.as_view(), name="grading-grade"),
    path("<int:exam_id>/grading/analysis/", grading_api.AnalyseApi.as_view(), name="grading-analyse"),
    path("<int:exam_id>/grading/runs/", grading_api.GradingRunListApi.as_view(), name="grading-runs"),
    path("<int:exam_id>/grading/keys/", grading_api.KeyCorrectionApi.as_view(), name="grading-keys"),
    path("<int:exam_id>/grading/scripts/", grading_api.MyScriptsApi.as_view(), name="grading-scripts"),
    path("<int:exam_id>/grading/scripts/<int:mark_id>/", grading_api.ScriptMarkApi.as_view(), name="grading-mark"),
    path("<int:exam_id>/grading/reviews/", grading_api.ReviewApi.as_view(), name="grading-reviews"),
    path(
        "<int:exam_id>/grading/reviews/<int:review_id>/decide/",
        grading_api.ReviewDecideApi.as_view(),
        name="grading-review-decide",
    ),
    path("<int:exam_id>/grading/statistics/", grading_api.ItemStatisticListApi.as_view(), name="grading-statistics"),
]
