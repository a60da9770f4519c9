"""Admin of the exam reference data and the exam skeleton; every change is audited."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from common.admin import AuditedAdminMixin
from exams.models import (
    Candidate,
    CandidateClaim,
    CandidateSeat,
    Exam,
    ExemptionGround,
    Part,
    Position,
    PositionQuota,
    PriorityCategory,
    RegulationProfile,
    Result,
    Room,
    RoomSession,
    Shift,
    TieDecision,
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


class CandidateClaimInline(admin.TabularInline):
    model = CandidateClaim
    extra = 0
    can_delete = False
    fields = ["kind", "priority_key", "part_key", "reason", "status", "decided_by", "decided_at", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class CandidateSeatInline(admin.TabularInline):
    model = CandidateSeat
    extra = 0
    can_delete = False
    fields = ["shift", "room_session", "number"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Candidate)
class CandidateAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Read-mostly: candidates and their logins are created by exams.services (never here); codes are never shown.
    Withdrawing goes through the service (seats freed, code voided, audited)."""

    list_display = [
        "candidate_number",
        "person",
        "exam",
        "source",
        "position",
        "status",
        "room_session",
        "seat",
        "code_valid_until",
        "code_used_at",
    ]
    list_filter = ["exam", "status", "source"]
    search_fields = ["candidate_number", "person__full_name", "person__cccd"]
    list_select_related = ["person", "exam", "position", "room_session__shift", "room_session__room"]
    inlines = [CandidateClaimInline, CandidateSeatInline]
    actions = ["withdraw"]
    fields = [
        "exam",
        "person",
        "source",
        "employee",
        "position",
        "agency",
        "status",
        "eligibility",
        "eligibility_checked_at",
        "phone",
        "email",
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
        "source",
        "employee",
        "position",
        "agency",
        "status",
        "eligibility",
        "eligibility_checked_at",
        "candidate_number",
        "user",
        "room_session",
        "seat",
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

    @admin.action(description=_("Withdraw the selected candidates"))
    def withdraw(self, request, queryset):
        from exams.services.applicants import candidate_withdraw

        for candidate in queryset.select_related("exam"):
            candidate_withdraw(candidate=candidate, actor=request.user, note="admin")


@admin.register(CandidateClaim)
class CandidateClaimAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Claims are made and decided on the exam's pages (evidence checked there); here they are read and decided."""

    list_display = ["candidate", "kind", "priority_key", "part_key", "status", "decided_by", "decided_at"]
    list_filter = ["kind", "status", "candidate__exam"]
    search_fields = ["candidate__person__full_name", "candidate__candidate_number"]
    list_select_related = ["candidate__person", "decided_by"]
    readonly_fields = [
        "candidate",
        "kind",
        "priority_key",
        "part_key",
        "reason",
        "evidence",
        "evidence_content_type",
        "evidence_size",
        "status",
        "decided_by",
        "decided_at",
        "note",
    ]
    actions = ["accept", "reject"]

    def has_add_permission(self, request):
        return False

    def _decide(self, request, queryset, accept: bool):
        from django.core.exceptions import ValidationError

        from exams.services.applicants import claim_decide

        for claim in queryset.select_related("candidate__exam"):
            try:
                claim_decide(claim=claim, actor=request.user, accept=accept, note="admin")
            except ValidationError as exc:
                self.message_user(request, f"{claim}: {' '.join(exc.messages)}", level="error")

    @admin.action(description=_("Accept the selected claims"))
    def accept(self, request, queryset):
        self._decide(request, queryset, True)

    @admin.action(description=_("Reject the selected claims"))
    def reject(self, request, queryset):
        self._decide(request, queryset, False)


@admin.register(CandidateSeat)
class CandidateSeatAdmin(admin.ModelAdmin):
    """Seats are made by seating (exams.services.seating): read only."""

    list_display = ["candidate", "shift", "room_session", "number"]
    list_filter = ["shift__exam"]
    list_select_related = ["candidate__person", "shift", "room_session__room"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ResultsReadOnlyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Results and the head's decisions only to read, for everyone (superusers too): they are computed and recorded
    by exams.services.results (the profile's rules, ties never decided silently, audited), and the admin must not be a
    second path around them. Each row links to the exam's results page, where the board works."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(exam__in=exam_list_for_user(user=request.user))

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("results page"))
    def results_page(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("exams:results", args=[obj.exam_id]), _("Open"))


@admin.register(Result)
class ResultAdmin(ResultsReadOnlyAdmin):
    list_display = ["candidate", "exam", "outcome", "round2_score", "priority", "total", "rank", "applied_at",
                    "results_page"]  # fmt: skip
    list_filter = ["outcome", "exam"]
    list_select_related = ["candidate__person", "exam"]
    search_fields = ["candidate__candidate_number", "candidate__person__full_name"]


@admin.register(TieDecision)
class TieDecisionAdmin(ResultsReadOnlyAdmin):
    list_display = ["position", "exam", "head_name", "document", "recorded_at", "recorded_by", "results_page"]
    list_filter = ["exam"]
    list_select_related = ["position", "exam", "recorded_by"]
    search_fields = ["document", "head_name"]
