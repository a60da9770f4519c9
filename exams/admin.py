"""Admin of the exam reference data and the exam skeleton; every change is audited."""

from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from common.admin import AuditedAdminMixin
from exams.models import (
    Candidate,
    Exam,
    ExemptionGround,
    Part,
    Position,
    PositionQuota,
    PriorityCategory,
    RegulationProfile,
    Room,
    RoomSession,
    Shift,
)
from exams.resources import PriorityCategoryResource
from exams.selectors import exam_list_for_user


class ExamSetupAdminMixin(AuditedAdminMixin):
    """An exam's setup in the admin: read-only but for superusers (the board works on the exam pages, whose services
    check the rules), and only the exams the user manages."""

    exam_path = "exam"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.exam_path}__in": exam_list_for_user(user=request.user)})

    def has_add_permission(self, request, *args):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


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
class ExamAdmin(ExamSetupAdminMixin, admin.ModelAdmin):
    exam_path = "pk"
    list_display = ["code", "name", "kind", "profile", "held_on", "status", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["code", "name"]
    readonly_fields = ["created_at"]


@admin.register(Shift)
class ShiftAdmin(ExamSetupAdminMixin, admin.ModelAdmin):
    list_display = ["name", "exam", "starts_at", "duration_minutes"]
    list_filter = ["exam"]
    list_select_related = ["exam"]


@admin.register(Room)
class RoomAdmin(ExamSetupAdminMixin, admin.ModelAdmin):
    list_display = ["name", "exam", "capacity"]
    list_filter = ["exam"]
    list_select_related = ["exam"]


@admin.register(RoomSession)
class RoomSessionAdmin(ExamSetupAdminMixin, admin.ModelAdmin):
    exam_path = "shift__exam"
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


class PositionQuotaInline(admin.TabularInline):
    model = PositionQuota
    extra = 0
    raw_id_fields = ["agency"]

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Position)
class PositionAdmin(ExamSetupAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "exam", "rank", "requires_language"]
    list_filter = ["exam", "requires_language"]
    search_fields = ["code", "name"]
    list_select_related = ["exam", "rank"]
    inlines = [PositionQuotaInline]


@admin.register(Part)
class PartAdmin(ExamSetupAdminMixin, admin.ModelAdmin):
    list_display = ["name", "key", "exam", "round", "mode", "position", "bank", "questions", "minutes", "order"]
    list_filter = ["exam", "round", "mode"]
    list_select_related = ["exam", "position", "bank"]


@admin.register(ExemptionGround)
class ExemptionGroundAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Grounds for exemption from a part: dated data of the regulations, corrected here by administrators."""

    list_display = ["key", "part_key", "valid_from", "valid_to", "legal_basis", "verification"]
    list_filter = ["part_key"]
    search_fields = ["key", "description", "legal_basis"]
    date_hierarchy = "valid_from"
