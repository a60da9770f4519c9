"""The exams app's pages and API views, one module per page group; every name re-exported."""

from exams.views.reference import (
    CandidateHomeView,
    CandidateLoginView,
    CandidateLogoutView,
    CandidateTokenApi,
    ExamRulesPageMixin,
    PriorityCategoryListApi,
    PriorityListView,
    ProfileDetailApi,
    ProfileDetailView,
    ProfileListApi,
    ProfileListView,
)

__all__ = [
    "CandidateHomeView",
    "CandidateLoginView",
    "CandidateLogoutView",
    "CandidateTokenApi",
    "ExamRulesPageMixin",
    "PriorityCategoryListApi",
    "PriorityListView",
    "ProfileDetailApi",
    "ProfileDetailView",
    "ProfileListApi",
    "ProfileListView",
]
