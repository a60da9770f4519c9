"""The candidates' authentication backend, and how django-axes keys their failed logins.

A candidate logs in with his candidate number and access code only (the fewest things to type in an exam
room); the exam is the open exam holding that number whose code matches. A login form or client may also
name the exam (`exam=` its code) to narrow it.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend

CANDIDATE_BACKEND = "exams.backends.CandidateBackend"


class CandidateBackend(BaseBackend):
    """candidate_number + access_code (+ optional exam code) → the candidate's user; never a username/password."""

    def authenticate(self, request, candidate_number=None, access_code=None, exam=None):
        from exams.services.candidates import candidate_authenticate

        if not candidate_number or not access_code:
            return None
        exam_code = getattr(exam, "code", exam) or ""
        candidate = candidate_authenticate(number=candidate_number, code=access_code, exam_code=exam_code)
        return candidate.user if candidate is not None else None

    def get_user(self, user_id):
        return get_user_model().objects.filter(pk=user_id, is_active=True, candidate__isnull=False).first()


def is_candidate_credentials(credentials) -> bool:
    return bool(credentials) and "candidate_number" in credentials


def axes_username(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: a candidate login counts under its number; any other login as axes does by default."""
    from exams.services.candidate_login import axes_key

    if is_candidate_credentials(credentials):
        return axes_key(credentials.get("candidate_number") or "")
    if credentials:
        return credentials.get("username")
    return getattr(request, "data", getattr(request, "POST", {})).get("username")


def axes_lockout_parameters(request_or_attempt, credentials) -> list:
    """AXES_LOCKOUT_PARAMETERS: a candidate number locks whatever the address; users by name and address."""
    return [["username"]] if is_candidate_credentials(credentials) else [["username", "ip_address"]]
