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
    # exam setup (issue #14): the exam list, then each exam's tabs
    path("exams/", views.ExamListView.as_view(), name="exam-list"),
    path("exams/new/", views.ExamCreateView.as_view(), name="exam-create"),
    path("exams/<int:exam_id>/", views.ExamOverviewView.as_view(), name="exam-overview"),
    path("exams/<int:exam_id>/edit/", views.ExamEditView.as_view(), name="exam-edit"),
    path("exams/<int:exam_id>/positions/", views.PositionsView.as_view(), name="exam-positions"),
    path("exams/<int:exam_id>/positions/<int:position_id>/", views.PositionEditView.as_view(), name="position-edit"),
    path("exams/<int:exam_id>/parts/", views.PartsView.as_view(), name="exam-parts"),
    path("exams/<int:exam_id>/parts/<int:part_id>/", views.PartEditView.as_view(), name="part-edit"),
    path("exams/<int:exam_id>/rooms/", views.RoomsView.as_view(), name="exam-rooms"),
    path("exams/<int:exam_id>/rooms/<int:room_id>/", views.RoomEditView.as_view(), name="room-edit"),
    path("exams/<int:exam_id>/shifts/<int:shift_id>/", views.ShiftEditView.as_view(), name="shift-edit"),
    path("exams/<int:exam_id>/staff/", views.StaffView.as_view(), name="exam-staff"),
]
