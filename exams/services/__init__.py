"""Writes and workflows of the exams app (conventions B2: a package of small modules).

Question banks live in the sub-package `exams.services.banks` (import it as a module: many names).
"""

from exams.services.candidate_login import candidate_login
from exams.services.candidates import (
    ACCESS_CODE_ALPHABET,
    ACCESS_CODE_LENGTH,
    candidate_access_code_issue,
    candidate_authenticate,
    candidate_create,
    candidate_username,
)

__all__ = [
    "ACCESS_CODE_ALPHABET",
    "ACCESS_CODE_LENGTH",
    "candidate_access_code_issue",
    "candidate_authenticate",
    "candidate_create",
    "candidate_login",
    "candidate_username",
]
