"""Pages and API of the exam reference data (regulation profiles, priority categories) and the candidate login."""

from django.contrib.auth import login, logout
from django.contrib.auth.mixins import UserPassesTestMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import TemplateView
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from common import auth_services
from common.errors import ApplicationError
from exams import selectors
from exams.backends import CANDIDATE_BACKEND
from exams.forms import CandidateLoginForm, OnDateForm
from exams.models import RegulationProfile
from exams.outline import config_outline, without_source_notes
from exams.permissions import CanReadExamRules, can_read_exam_rules
from exams.serializers import (
    CandidateTokenInput,
    CandidateTokenOutput,
    OnDateInput,
    PriorityCategoryOutput,
    ProfileDetailOutput,
    ProfileOutput,
)
from exams.services import candidate_login
from exams.services.candidate_login import CandidateLoginLocked
from hrm.forms import add_service_errors
from hrm.selectors import is_province_admin

ON_PARAMETER = OpenApiParameter(
    "on",
    type=OpenApiTypes.DATE,
    location=OpenApiParameter.QUERY,
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
        # The sources' verification notes ("UNVERIFIED (text not read)") are for province administrators only.
        config = profile.config if is_province_admin(self.request.user) else without_source_notes(profile.config)
        context.update(profile=profile, outline=config_outline(config))
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


# --- the candidate's own pages and login ---------------------------------------------------------
@method_decorator([sensitive_post_parameters("access_code"), csrf_protect, never_cache], name="dispatch")
class CandidateLoginView(View):
    """Candidate number + access code → the candidate's session, then his own page (`?exam=CODE` narrows)."""

    template_name = "exams/candidate_login.html"

    def get(self, request):
        if selectors.candidate_get_for_user(user=request.user) is not None:
            return HttpResponseRedirect(reverse("exams:candidate-home"))
        form = CandidateLoginForm(initial={"exam": request.GET.get("exam", "")[:30]})
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = CandidateLoginForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        data = form.cleaned_data
        try:
            candidate = candidate_login(
                request=request, number=data["candidate_number"], code=data["access_code"], exam_code=data["exam"]
            )
        except CandidateLoginLocked as exc:
            form.add_error(None, exc.messages)
            return render(request, self.template_name, {"form": form, "locked": True}, status=429)
        except ApplicationError as exc:
            add_service_errors(form, exc)
            return render(request, self.template_name, {"form": form}, status=400)
        login(request, candidate.user, backend=CANDIDATE_BACKEND)
        return HttpResponseRedirect(reverse("exams:candidate-home"))


class CandidatePageMixin:
    """A page of the logged-in candidate himself: `self.candidate`; the login page for anonymous, 404 for others."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return HttpResponseRedirect(reverse("exams:candidate-login"))
        self.candidate = selectors.candidate_get_for_user(user=request.user)
        if self.candidate is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class CandidateHomeView(CandidatePageMixin, View):
    """The candidate's own page: his name, exam, shift and room, and the way into his exam."""

    def get(self, request):
        return render(request, "exams/candidate_home.html", {"candidate": self.candidate})


class CandidateLogoutView(View):
    def post(self, request):
        logout(request)
        return HttpResponseRedirect(reverse("exams:candidate-login"))


class CandidateTokenApi(APIView):
    """Candidate number + access code → an expiring API token (as `POST /api/auth/token/`); rate limited."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    def logged_in_candidate(self, request):
        """The candidate the posted number and code name (400 naming the field, 429 when locked out)."""
        data = CandidateTokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            # Django's own request: axes marks a lockout on it, which the lockout middleware turns into a 429.
            return candidate_login(
                request=request._request,
                number=values["candidate_number"],
                code=values["access_code"],
                exam_code=values.get("exam", ""),
            )
        except CandidateLoginLocked as exc:
            raise exceptions.Throttled(detail=exc.messages[0]) from exc

    @extend_schema(request=CandidateTokenInput, responses=CandidateTokenOutput)
    def post(self, request):
        candidate = self.logged_in_candidate(request)
        token = auth_services.api_token_issue(user=candidate.user)
        output = {"token": token.key, "expires": auth_services.api_token_expires_at(token=token)}
        return Response(CandidateTokenOutput(output).data)
