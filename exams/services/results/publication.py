"""Published results: the lists per position (xlsx, PDF), a slip per candidate (PDF with a verification code) and
the public look-up by candidate number and CCCD (rate limited, the same neutral answer for any wrong pair)."""

import io

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import pgettext_lazy as _p

from common.errors import ApplicationError
from common.middleware import client_ip
from common.services import audit_record
from common.spreadsheets import xlsx_row
from exams.models import Exam, Result, ResultSheet
from exams.rules.base import shown
from exams.services.admission import pdf_render
from exams.services.candidate_login import CandidateLoginLocked, address_failure_add, address_failures
from hrm.services.cccd import cccd_normalize

LOOKUP_PREFIX = "congvu:results-lookup-failures:"


def _number(value) -> str:
    return "" if value is None else shown(value)


def result_rows(*, exam: Exam) -> list[dict]:
    """Every result of `exam` as printed: by position, then rank, then candidate number."""
    results = (
        Result.objects.filter(exam=exam)
        .select_related("candidate__person", "candidate__position", "candidate__agency")
        .order_by("candidate__position__code", "rank", "candidate__candidate_number")
    )
    return [
        {
            "result": r,
            "number": r.candidate.candidate_number,
            "name": r.candidate.person.full_name,
            "date_of_birth": r.candidate.person.date_of_birth,
            "position": r.candidate.position.code if r.candidate.position else "",
            "agency": r.candidate.agency.name if r.candidate.agency else "",
            "round1": "" if r.round1_pass is None else (_("Pass") if r.round1_pass else _("Fail")),
            "round2": _number(r.round2_score),
            "priority": "" if r.outcome == Result.Outcome.ABSENT else _number(r.priority),
            "total": _number(r.total),
            "rank": r.rank or "",
            "outcome": r.get_outcome_display(),
            "reasons": " ".join(r.reasons),
        }
        for r in results
    ]


def _published(exam: Exam) -> ResultSheet:
    sheet = ResultSheet.objects.filter(exam=exam, status=ResultSheet.Status.PUBLISHED).first()
    if sheet is None:
        raise ApplicationError(_("The results are not published yet."))
    return sheet


HEADERS = (_l("No."), _l("Candidate number"), _l("Full name"), _l("Date of birth"), _l("Job position"), _l("Agency"),
           _l("Round 1"), _l("Round-2 score"), _p("priority points", "Priority"), _l("Total"),
           _p("place in a ranking", "Rank"), _l("Outcome"),
           _l("Reasons"))  # fmt: skip
KEYS = ("number", "name", "date_of_birth", "position", "agency", "round1", "round2", "priority", "total", "rank",
        "outcome", "reasons")  # fmt: skip


def results_list_xlsx(*, exam: Exam, actor) -> bytes:
    """The published results, one sheet per position (numbers as numbers, dates as dates); audited."""
    from openpyxl import Workbook

    _published(exam)
    book, sheets, counts = Workbook(write_only=True), {}, {}
    for row in result_rows(exam=exam):
        code = row["position"] or "-"
        if code not in sheets:
            sheets[code], counts[code] = book.create_sheet(code[:31]), 0
            sheets[code].append(xlsx_row(sheets[code], [exam.name]))
            sheets[code].append(xlsx_row(sheets[code], [str(h) for h in HEADERS]))
        counts[code] += 1
        r = row["result"]
        values = [row[k] for k in KEYS]
        values[2] = row["date_of_birth"].strftime("%d/%m/%Y") if row["date_of_birth"] else ""
        absent = r.outcome == Result.Outcome.ABSENT  # absent: no score at all, never a 0
        values[6:9] = [r.round2_score, None if absent else r.priority, r.total]  # numbers stay numbers in the sheet
        sheets[code].append(xlsx_row(sheets[code], [counts[code], *values]))
    if not sheets:
        book.create_sheet("-")
    out = io.BytesIO()
    book.save(out)
    audit_record(actor=actor, action="export", obj=exam, scope=exam, note="results list xlsx")
    return out.getvalue()


def results_list_pdf(*, exam: Exam, actor) -> bytes:
    """The published results per position as PDF (Vietnamese fonts); audited."""
    sheet = _published(exam)
    groups: dict[str, list[dict]] = {}
    for row in result_rows(exam=exam):
        groups.setdefault(row["position"] or "—", []).append(row)
    context = {"exam": exam, "groups": groups, "published_at": timezone.localtime(sheet.published_at)}
    pdf = pdf_render("exams/results/list_pdf.html", context)
    audit_record(actor=actor, action="export", obj=exam, scope=exam, note="results list PDF")
    return pdf


def result_verification_code(*, result: Result, sheet: ResultSheet) -> str:
    """A code printed on the slip and shown by the look-up: it changes with the result or a new publication."""
    text = f"{result.candidate_id}:{result.outcome}:{result.total}:{result.rank}:{sheet.published_at.isoformat()}"
    digest = salted_hmac("congvu.exams.result-slip", text).hexdigest()[:12].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 12, 4))


def result_slip_pdf(*, result: Result, actor) -> bytes:
    """A candidate's result slip (PDF with its verification code), only once published; audited."""
    sheet = _published(result.exam)
    row = next(r for r in result_rows(exam=result.exam) if r["result"].pk == result.pk)
    context = {
        "exam": result.exam,
        "row": row,
        "code": result_verification_code(result=result, sheet=sheet),
        "published_at": timezone.localtime(sheet.published_at),
    }
    pdf = pdf_render("exams/results/slip_pdf.html", context)
    audit_record(actor=actor, action="export", obj=result, scope=result.exam, note="result slip")
    return pdf


def _lookup_refused() -> ApplicationError:
    return ApplicationError(_("No published result matches this candidate number and CCCD."), field="cccd")


def result_lookup(*, request, number: str, cccd: str) -> tuple[Result, str]:
    """The published result of the candidate with this number and CCCD, and its verification code; the same
    neutral refusal for any wrong pair; failures per address are counted and locked like candidate logins."""
    address = client_ip(request)
    if address_failures(address, prefix=LOOKUP_PREFIX) >= settings.CONGVU_CANDIDATE_LOGIN_ADDRESS_LIMIT:
        minutes = int(settings.AXES_COOLOFF_TIME * 60)
        raise CandidateLoginLocked(_("Too many failed look-ups. Try again in %(m)s minutes.") % {"m": minutes})
    number, cccd = (number or "").strip().upper(), cccd_normalize(cccd or "")
    found = (
        Result.objects.filter(
            candidate__candidate_number=number,
            exam__result_sheet__status=ResultSheet.Status.PUBLISHED,
        )
        .select_related("candidate__person", "candidate__position", "exam__result_sheet")
        .order_by("-exam__result_sheet__published_at")
    )
    for result in found:
        if number and cccd and constant_time_compare(result.candidate.person.cccd or "", cccd):
            return result, result_verification_code(result=result, sheet=result.exam.result_sheet)
    address_failure_add(address, prefix=LOOKUP_PREFIX)
    raise _lookup_refused()
