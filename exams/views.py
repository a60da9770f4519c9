"""Pages and API of the exam reference data: regulation profiles and priority categories."""

from django.contrib.auth.mixins import UserPassesTestMixin
from django.http import Http404
from django.utils import timezone
from django.views.generic import TemplateView
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from exams import selectors
from exams.forms import OnDateForm
from exams.models import RegulationProfile
from exams.outline import config_outline
from exams.permissions import CanReadExamRules, can_read_exam_rules
from exams.serializers import OnDateInput, PriorityCategoryOutput, ProfileDetailOutput, ProfileOutput

ON_PARAMETER = OpenApiParameter(
    "on", type=OpenApiTypes.DATE, location=OpenApiParameter.QUERY,
    description="Only rows in force on this date (YYYY-MM-DD).",
)


# --- pages ---------------------------------------------------------------------------------------
class ExamRulesPageMixin(UserPassesTestMixin):
    """Anonymous users go to the login page; signed-in users without an exam role get 403."""

    def test_func(self):
        return can_read_exam_rules(self.request.user)

    def on_date(self, context):
        form = OnDateForm(self.request.GET or None)
        on = form.cleaned_data["on"] if form.is_valid() and form.cleaned_data["on"] else timezone.localdate()
        context.update(form=form, on=on, is_today=on == timezone.localdate())
        return on


class ProfileListView(ExamRulesPageMixin, TemplateView):
    template_name = "exams/profile_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        on = self.on_date(context)
        current = selectors.profile_in_force_by_kind(on=on)
        context["current"] = sorted(current.values(), key=lambda p: (p.kind, p.staff_type))
        context["current_ids"] = {p.pk for p in current.values()}
        context["profiles"] = selectors.profile_list()
        return context


class ProfileDetailView(ExamRulesPageMixin, TemplateView):
    template_name = "exams/profile_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profile = selectors.profile_get(profile_id=kwargs["profile_id"])
        if profile is None:
            raise Http404
        context.update(profile=profile, outline=config_outline(profile.config))
        context["in_force_today"] = profile.in_force_on(timezone.localdate())
        return context


class PriorityListView(ExamRulesPageMixin, TemplateView):
    template_name = "exams/priority_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        on = self.on_date(context)
        context["categories"] = selectors.priority_category_list(on=on)
        context["all_categories"] = selectors.priority_category_list()
        return context


# --- API -----------------------------------------------------------------------------------------
def _on_param(request):
    data = OnDateInput(data=request.query_params)
    data.is_valid(raise_exception=True)
    return data.validated_data.get("on")


class ProfileListApi(APIView):
    permission_classes = [CanReadExamRules]

    @extend_schema(parameters=[ON_PARAMETER], responses=ProfileOutput(many=True))
    def get(self, request):
        profiles = selectors.profile_list(on=_on_param(request))
        return Response(ProfileOutput(profiles, many=True).data)


class ProfileDetailApi(APIView):
    permission_classes = [CanReadExamRules]

    @extend_schema(responses=ProfileDetailOutput)
    def get(self, request, profile_id: int):
        profile: RegulationProfile | None = selectors.profile_get(profile_id=profile_id)
        if profile is None:
            raise Http404
        return Response(ProfileDetailOutput(profile).data)


class PriorityCategoryListApi(APIView):
    permission_classes = [CanReadExamRules]

    @extend_schema(parameters=[ON_PARAMETER], responses=PriorityCategoryOutput(many=True))
    def get(self, request):
        categories = selectors.priority_category_list(on=_on_param(request))
        return Response(PriorityCategoryOutput(categories, many=True).data)
