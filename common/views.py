"""Pages and API of the common app: home, health, job progress, login."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, JsonResponse
from django.templatetags.static import static
from django.views import View
from django.views.generic import RedirectView, TemplateView
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.views import APIView

from common import auth_services, selectors, services
from common.access import ACCESS
from common.health import health_report
from common.navigation import tiles_for


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "common/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["roles"] = ACCESS.role_labels(ACCESS.roles_of(self.request.user))
        context["tiles"] = tiles_for(self.request.user)
        context["recent_jobs"] = selectors.job_list_for_user(user=self.request.user)[:5]
        return context


class FaviconView(RedirectView):
    """/favicon.ico, which browsers ask for on pages that name no icon (JSON, files): the project's icon."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("img/favicon.svg")


class HealthzView(View):
    """Database, channel layer and broker up or down; 200 when all answer, 503 otherwise.

    Superusers (province administrators) also see the details: backends, errors and timings."""

    def get(self, request):
        report = health_report(detailed=request.user.is_superuser)
        return JsonResponse(report, status=200 if report["ok"] else 503)


class JobListView(LoginRequiredMixin, TemplateView):
    template_name = "common/job_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["jobs"] = selectors.job_list_for_user(user=self.request.user)[:100]
        return context


class JobDetailView(LoginRequiredMixin, TemplateView):
    template_name = "common/job_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = selectors.job_get_for_user(job_id=kwargs["job_id"], user=self.request.user)
        if job is None:
            raise Http404
        context["job"] = job
        context["state"] = services.job_progress_get(job=job)
        return context


class JobDownloadView(LoginRequiredMixin, View):
    """The job's output file, for its owner only."""

    def get(self, request, job_id):
        job = selectors.job_get_for_user(job_id=job_id, user=request.user)
        if job is None or not job.output_file:
            raise Http404
        name = job.output_file.name.rsplit("/", 1)[-1]
        return FileResponse(job.output_file.open("rb"), as_attachment=True, filename=name)


class JobOutput(serializers.Serializer):
    id = serializers.CharField()
    status = serializers.CharField()
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()
    message = serializers.CharField()
    result = serializers.JSONField()
    output_url = serializers.CharField()
    notice = serializers.CharField(help_text="Set when live progress is unavailable (the last saved state is shown).")


class JobStatusApi(APIView):
    @extend_schema(responses=JobOutput)
    def get(self, request, job_id):
        job = selectors.job_get_for_user(job_id=job_id, user=request.user)
        if job is None:
            raise Http404
        return Response(JobOutput(services.job_progress_get(job=job)).data)


class MeOutput(serializers.Serializer):
    username = serializers.CharField()
    display_name = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField(), help_text="Role codes (stable, for programs).")
    role_names = serializers.ListField(child=serializers.CharField(), help_text="The roles in words, for people.")


class MeApi(APIView):
    @extend_schema(responses=MeOutput)
    def get(self, request):
        user = request.user
        codes = ACCESS.roles_of(user)
        data = {
            "username": user.username,
            "display_name": user.display_name,
            "roles": sorted(codes),
            "role_names": ACCESS.role_labels(codes),
        }
        return Response(MeOutput(data).data)


class TokenLoginOutput(serializers.Serializer):
    token = serializers.CharField()
    expires = serializers.DateTimeField()


class TokenLoginApi(ObtainAuthToken):
    """Username and password → an API token and when it expires (failures count towards the lockout)."""

    def get_serializer_context(self):
        # The lockout is signalled on the request given to authenticate(): give it Django's own request,
        # which the lockout middleware sees, so a locked account gets its 429 here too.
        return {**super().get_serializer_context(), "request": self.request._request}

    @extend_schema(request=AuthTokenSerializer, responses=TokenLoginOutput)
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token = auth_services.api_token_issue(user=serializer.validated_data["user"])
        data = {"token": token.key, "expires": auth_services.api_token_expires_at(token=token)}
        return Response(TokenLoginOutput(data).data)


class WsTicketOutput(serializers.Serializer):
    ticket = serializers.CharField()
    expires_in = serializers.IntegerField(help_text="seconds")


class WsTicketApi(APIView):
    """A one-use ticket to open a WebSocket: `wss://HOST/ws/...?ticket=…` within `expires_in` seconds."""

    @extend_schema(request=None, responses=WsTicketOutput)
    def post(self, request):
        ticket = auth_services.ws_ticket_issue(user=request.user)
        return Response(WsTicketOutput({"ticket": ticket, "expires_in": auth_services.WS_TICKET_SECONDS}).data)
