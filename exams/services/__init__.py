"""Writes and workflows of the exams app (conventions B2: a package of small modules)."""

from exams.services.admission import (
    access_cards_issue,
    admission_cards_pdf,
    admission_cards_reprint,
    room_list_pdf,
    room_list_xlsx,
)
from exams.services.applicants import (
    applicant_register,
    candidate_update,
    candidate_withdraw,
    claim_add,
    claim_decide,
    claim_evidence_attach,
)
from exams.services.candidate_import import candidate_import, candidate_import_start
from exams.services.candidate_login import candidate_login
from exams.services.candidates import (
    ACCESS_CODE_ALPHABET,
    ACCESS_CODE_LENGTH,
    candidate_access_code_issue,
    candidate_authenticate,
    candidate_create,
    candidate_principal_ensure,
    candidate_username,
)
from exams.services.promotion import eligibility_recompute, staff_candidates_add
from exams.services.seating import access_codes_issue, seating_assign

__all__ = [
    "access_cards_issue",
    "ACCESS_CODE_ALPHABET",
    "ACCESS_CODE_LENGTH",
    "candidate_access_code_issue",
    "candidate_authenticate",
    "candidate_create",
    "candidate_login",
    "candidate_username",
    "admission_cards_pdf",
    "admission_cards_reprint",
    "room_list_pdf",
    "room_list_xlsx",
    "applicant_register",
    "candidate_update",
    "candidate_withdraw",
    "claim_add",
    "claim_decide",
    "claim_evidence_attach",
    "candidate_import",
    "candidate_import_start",
    "candidate_principal_ensure",
    "eligibility_recompute",
    "staff_candidates_add",
    "access_codes_issue",
    "seating_assign",
]
