"""Writes and workflows of the exams app (conventions B2: a package of small modules)."""

from exams.services.candidate_login import candidate_login
from exams.services.candidates import (
    ACCESS_CODE_ALPHABET,
    ACCESS_CODE_LENGTH,
    candidate_access_code_issue,
    candidate_authenticate,
    candidate_create,
    candidate_username,
)
from exams.services.papers import (
    blueprint_save,
    paper_form_decide,
    paper_form_preview,
    paper_form_regenerate,
    papers_draw,
    papers_draw_start,
    papers_generate,
    papers_generate_start,
    papers_verify,
)

__all__ = [
    "ACCESS_CODE_ALPHABET",
    "ACCESS_CODE_LENGTH",
    "candidate_access_code_issue",
    "candidate_authenticate",
    "candidate_create",
    "candidate_login",
    "candidate_username",
    "blueprint_save",
    "paper_form_decide",
    "paper_form_preview",
    "paper_form_regenerate",
    "papers_draw",
    "papers_draw_start",
    "papers_generate",
    "papers_generate_start",
    "papers_verify",
]
