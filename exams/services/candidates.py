"""Candidates as principals of their own: a login user without a password, and a one-time access code.

An access code is 10 characters of Crockford's base32 (no I, L, O, U: 50 random bits), printed on the
admission card. Only `HMAC-SHA256(key, exam:number:code)` is stored, the key derived from SECRET_KEY for
this one purpose: a fast keyed check (thousands of candidates log in within seconds) that a leaked
table does not turn into codes. Rotating SECRET_KEY invalidates every issued code.
"""

import datetime as dt
import re
import secrets

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from exams.models import Candidate, Exam, RoomSession
from exams.roles import ExamRole
from hrm.models import Grant, Person

ACCESS_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ACCESS_CODE_LENGTH = 10
_HMAC_PURPOSE = "congvu.exams.candidate-access-code"
# What candidates mistype: Crockford's base32 reads O as 0 and I, L as 1; spaces and dashes are layout.
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", " ": None, "-": None})
_NUMBER_RE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,19}$")
CODE_VALID_DAYS_WITHOUT_SHIFT = 30


def candidate_number_normalize(number: str) -> str:
    return (number or "").strip().upper()


def access_code_normalize(code: str) -> str:
    return (code or "").upper().translate(_LOOKALIKES)


def candidate_username(*, exam_code: str, number: str) -> str:
    """The user name of a candidate's principal; nobody types it (candidates log in with number and code)."""
    return f"cand-{exam_code}-{number}"[:150]


def _access_code_hash(*, candidate: Candidate, code: str) -> str:
    message = f"{candidate.exam_id}:{candidate.candidate_number}:{code}"
    return salted_hmac(_HMAC_PURPOSE, message, algorithm="sha256").hexdigest()


def _default_valid_until(exam: Exam) -> dt.datetime:
    shift = exam.shifts.order_by("-starts_at").first()
    if shift is None:
        return timezone.now() + dt.timedelta(days=CODE_VALID_DAYS_WITHOUT_SHIFT)
    return shift.starts_at + dt.timedelta(minutes=shift.duration_minutes, days=1)


@transaction.atomic
def candidate_create(
    *, exam: Exam, person: Person, candidate_number: str, room_session: RoomSession | None = None, seat: str = ""
) -> Candidate:
    """Register `person` for `exam` with his principal: a user without a password, granted 'candidate' on the exam."""
    number = candidate_number_normalize(candidate_number)
    if not _NUMBER_RE.match(number):
        raise ApplicationError(
            _("A candidate number has 1 to 20 letters, digits, dots, dashes or underscores."), field="candidate_number"
        )
    if Candidate.objects.filter(exam=exam, candidate_number=number).exists():
        raise ApplicationError(_("This candidate number is already used in this exam."), field="candidate_number")
    if Candidate.objects.filter(exam=exam, person=person).exists():
        raise ApplicationError(_("This person is already a candidate of this exam."), field="person")
    if room_session is not None and room_session.shift.exam_id != exam.pk:
        raise ApplicationError(_("The room session belongs to another exam."), field="room_session")
    username = candidate_username(exam_code=exam.code, number=number)
    if get_user_model().objects.filter(username=username).exists():
        raise ApplicationError(_("This candidate number is already used in this exam."), field="candidate_number")
    candidate = Candidate.objects.create(
        exam=exam, person=person, candidate_number=number, room_session=room_session, seat=seat
    )
    candidate_principal_ensure(candidate=candidate)
    return candidate


def candidate_principal_ensure(*, candidate: Candidate) -> Candidate:
    """Give a numbered candidate his principal (a user without a password, granted 'candidate' on the exam) if he
    has none; a principal whose user name no longer matches his number is renamed. Returns the candidate."""
    if not candidate.candidate_number:
        raise ApplicationError(_("A candidate gets his login with his candidate number."), field="candidate_number")
    username = candidate_username(exam_code=candidate.exam.code, number=candidate.candidate_number)
    user = candidate.user
    if user is not None:
        if user.username != username:
            user.username = username
            user.save(update_fields=["username"])
        return candidate
    # first_name only for the page header; the person (hrm.Person) is the one record of his identity
    user = get_user_model()(username=username, first_name=candidate.person.full_name[:150], is_staff=False)
    user.set_unusable_password()  # no Django password login, ever: the access code is his only credential
    user.save()
    Grant.objects.create(
        user=user,
        role=ExamRole.CANDIDATE,
        scope_type=ContentType.objects.get_for_model(Exam),
        scope_id=candidate.exam_id,
    )
    candidate.user = user
    candidate.save(update_fields=["user"])
    return candidate


def candidate_access_code_issue(
    *, candidate: Candidate, valid_until: dt.datetime | None = None, code: str | None = None
) -> str:
    """A new access code for `candidate`, returned once in plain; only its keyed hash is kept (replaces any other).

    `code` is for the demo only (a fixed, printed code); it must still be 10 characters of the alphabet.
    """
    if code is None:
        code = "".join(secrets.choice(ACCESS_CODE_ALPHABET) for _i in range(ACCESS_CODE_LENGTH))
    elif len(code) != ACCESS_CODE_LENGTH or set(code) - set(ACCESS_CODE_ALPHABET):
        raise ApplicationError(_("An access code has 10 characters of 0-9 and A-Z without I, L, O, U."), field="code")
    now = timezone.now()
    candidate.access_code_hash = _access_code_hash(candidate=candidate, code=code)
    candidate.code_issued_at = now
    candidate.code_valid_until = valid_until or _default_valid_until(candidate.exam)
    candidate.code_used_at = None
    candidate.save(update_fields=["access_code_hash", "code_issued_at", "code_valid_until", "code_used_at"])
    return code


def candidate_authenticate(*, number: str, code: str, exam_code: str = "") -> Candidate | None:
    """The candidate of an open exam whose number and unexpired access code these are, or None.

    Without `exam_code`, every open exam holding that number is tried: codes are random, so only one matches.
    """
    number, code = candidate_number_normalize(number), access_code_normalize(code)
    if not number or len(code) != ACCESS_CODE_LENGTH:
        return None
    candidates = (
        Candidate.objects.filter(candidate_number=number, exam__status=Exam.Status.OPEN, user__is_active=True)
        .exclude(access_code_hash="")
        .select_related("exam", "user")
        .order_by()  # any order: only one can match
    )
    if exam_code:
        candidates = candidates.filter(exam__code=exam_code.strip())
    now = timezone.now()
    for candidate in candidates:
        matches = constant_time_compare(candidate.access_code_hash, _access_code_hash(candidate=candidate, code=code))
        if matches and candidate.code_valid_until is not None and now < candidate.code_valid_until:
            return candidate
    return None


def candidate_login_record(*, candidate: Candidate) -> None:
    """Remember the first login with the current code (the code stays valid for a relogin until it expires)."""
    if candidate.code_used_at is None:
        Candidate.objects.filter(pk=candidate.pk, code_used_at__isnull=True).update(code_used_at=timezone.now())
