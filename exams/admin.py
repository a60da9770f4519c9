"""Admin of the exam reference data and the exam skeleton; every change is audited."""

from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from common.admin import AuditedAdminMixin
from exams.models import Candidate, Exam, PriorityCategory, RegulationProfile, Room, RoomSession, Shift
from exams.resources import PriorityCategoryResource


@admin.register(RegulationProfile)
class RegulationProfileAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "staff_type", "valid_from", "valid_to", "verification"]
    list_filter = ["kind", "staff_type"]
    search_fields = ["code", "name", "legal_basis"]
    date_hierarchy = "valid_from"


@admin.register(PriorityCategory)
class PriorityCategoryAdmin(AuditedAdminMixin, ImportExportModelAdmin):
    resource_classes = [PriorityCategoryResource]
    list_display = ["key", "points", "valid_from", "valid_to", "legal_basis", "verification"]
    list_filter = ["points", "key"]
    search_fields = ["key", "description", "legal_basis"]
    date_hierarchy = "valid_from"


@admin.register(Exam)
class ExamAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "profile", "status", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["code", "name"]
    readonly_fields = ["created_at"]


@admin.register(Shift)
class ShiftAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "exam", "starts_at", "duration_minutes"]
    list_filter = ["exam"]
    list_select_related = ["exam"]


@admin.register(Room)
class RoomAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "exam", "capacity"]
    list_filter = ["exam"]
    list_select_related = ["exam"]


@admin.register(RoomSession)
class RoomSessionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "shift", "room"]
    list_filter = ["shift__exam"]
    list_select_related = ["shift", "room"]


@admin.register(Candidate)
class CandidateAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Read-mostly: candidates and their logins are created by exams.services (never here); codes are never shown."""

    list_display = ["candidate_number", "person", "exam", "room_session", "seat", "code_valid_until", "code_used_at"]
    list_filter = ["exam"]
    search_fields = ["candidate_number", "person__full_name"]
    list_select_related = ["person", "exam", "room_session__shift", "room_session__room"]
    fields = [
        "exam",
        "person",
        "candidate_number",
        "user",
        "room_session",
        "seat",
        "code_issued_at",
        "code_valid_until",
        "code_used_at",
    ]
    readonly_fields = [
        "exam",
        "person",
        "candidate_number",
        "user",
        "code_issued_at",
        "code_valid_until",
        "code_used_at",
    ]

    def has_add_permission(self, request):
        return False
