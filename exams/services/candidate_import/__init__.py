"""Import an exam's applicants from xlsx or csv: every row is checked first, then all are written or none.

Each bad row is named by its spreadsheet row and column, in the reader's language: a missing value, a bad date or
CCCD, an identity mismatch (hrm's neutral refusal), an unknown position or agency, a duplicate in the file or in the
exam, an unknown priority or exemption. The bounded readers of common.spreadsheets read the file; a large file runs
as a job with progress. The page, the API and `manage.py import_candidates` call the same service.
"""

from exams.services.candidate_import.columns import COLUMNS, KIND
from exams.services.candidate_import.jobs import candidate_import_job_run, candidate_import_start
from exams.services.candidate_import.writing import candidate_import, candidate_import_template, import_errors_xlsx

__all__ = [
    "COLUMNS",
    "KIND",
    "candidate_import",
    "candidate_import_job_run",
    "candidate_import_start",
    "candidate_import_template",
    "import_errors_xlsx",
]
