"""Candidates see their own pages and nothing else: any other path is a 404 for a candidate principal."""

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from rest_framework.authtoken.models import Token

from exams.backends import CANDIDATE_BACKEND

# url names a candidate may reach (the live exam of the next wave adds its own here); api:me shows only himself
CANDIDATE_URL_NAMES = [
    "exams:candidate-login",
    "exams:candidate-home",
    "exams:candidate-logout",
    "exams:candidate-result",
    "exams:result-lookup",
    "exams:candidate-exam",
    "exams-api:candidate-token",
    "api:me",
]
_ALWAYS = ["/i18n/", "/jsi18n/"]
CANDIDATE_LAYOUT = "exams/_candidate_base.html"


def _allowed_prefixes() -> list[str]:
    return [reverse(name) for name in CANDIDATE_URL_NAMES] + _ALWAYS + ["/" + settings.STATIC_URL.lstrip("/")]


def _token_of_candidate(request) -> bool:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header.startswith("Token "):
        return False
    return Token.objects.filter(key=header[6:].strip(), user__candidate__isnull=False).exists()


def _seb_refused(request):
    """A 403 page when the candidate's exam requires Safe Exam Browser and this request's headers do not match."""
    from django.shortcuts import render

    from exams.models import Exam
    from exams.services.live.seb import seb_refusal_for_request

    exam = (
        Exam.objects.filter(candidates__user_id=request.user.pk)
        .exclude(seb_browser_exam_keys="", seb_config_keys="")
        .first()
    )
    reason = seb_refusal_for_request(exam=exam, request=request) if exam is not None else None
    if reason is None:
        return None
    return render(request, "exams/live/exam_seb.html", {"reason": reason}, status=403)


class CandidateConfinementMiddleware:
    """A candidate (his session, or his API token) reaches only the candidate pages: the registry, the admin, the
    audit trail, the jobs and the API docs answer 404, whatever their own role checks would say. When his exam
    requires Safe Exam Browser, every page without SEB's matching header is refused (exams.services.live.seb)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        by_session = request.session.get(BACKEND_SESSION_KEY) == CANDIDATE_BACKEND
        if by_session:  # the error pages (templates/_error.html) keep the candidate's own layout
            request.congvu_layout = CANDIDATE_LAYOUT
        if by_session or (path.startswith("/api/") and _token_of_candidate(request)):
            if by_session and path == "/":
                return HttpResponseRedirect(reverse("exams:candidate-home"))
            if not any(path.startswith(prefix) for prefix in _allowed_prefixes()):
                raise Http404
        if by_session and not path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            refused = _seb_refused(request)
            if refused is not None:
                return refused
        return self.get_response(request)
