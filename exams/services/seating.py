"""Seating: candidates to shifts and rooms, candidate numbers (số báo danh), seats, and one-time access codes.

A candidate takes the shifts holding the parts he must sit (the exam's parts for everyone and for his position,
less the exemptions the board accepted); a shift that lists no parts holds every part. Within a shift the
candidates of one position are dealt across its rooms in turn, so a position is spread over every room. Numbers
are the exam's prefix and a zero-padded sequence in Vietnamese name order; seating again keeps every number unless
the board asks to renumber (which voids the codes of those whose number changed).
"""

import re
from collections import Counter, defaultdict

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.services import audit_record
from common.vietnamese import fold
from exams.models import Candidate, CandidateClaim, CandidateSeat, Exam, Part, RoomSession
from exams.roles import ExamRole
from exams.services.candidates import (
    ACCESS_CODE_ALPHABET,
    ACCESS_CODE_LENGTH,
    _access_code_hash,
    _default_valid_until,
    candidate_username,
)
from hrm.models import Grant

PREFIX_RE = re.compile(r"^[A-Z][A-Z0-9]{0,7}$")
ALL = 0  # the pseudo-part of an exam without parts: every shift holds it


def _open(exam: Exam) -> None:
    if exam.status == Exam.Status.CLOSED:
        raise ApplicationError(_("This exam is closed: its seating can no longer change."))


def seatable(*, exam: Exam):
    """The candidates who get seats: not withdrawn nor ineligible (promotion exams: only the eligible)."""
    candidates = exam.candidates.select_related("person", "position")
    if exam.kind == Exam.Kind.PROMOTION:
        return candidates.filter(status=Candidate.Status.ELIGIBLE)
    return candidates.exclude(status__in=[Candidate.Status.WITHDRAWN, Candidate.Status.INELIGIBLE])


# --- which shifts ------------------------------------------------------------------------------------
class _Shifts:
    def __init__(self, exam: Exam):
        self.parts = list(Part.objects.filter(exam=exam).order_by("round", "order", "pk"))
        self.all_parts = {p.pk for p in self.parts} or {ALL}
        self.shifts = list(exam.shifts.prefetch_related("parts").order_by("starts_at", "name"))
        if not self.shifts:
            raise ApplicationError(_("The exam has no shift: add its shifts and rooms first."))
        self.sessions = {
            s.pk: list(RoomSession.objects.filter(shift=s).select_related("room").order_by("room__name"))
            for s in self.shifts
        }
        self.offers = {s.pk: ({p.pk for p in s.parts.all()} or set(self.all_parts)) for s in self.shifts}
        self.free = {s.pk: sum(r.room.capacity for r in self.sessions[s.pk]) for s in self.shifts}
        self.exempt = defaultdict(set)
        accepted = CandidateClaim.objects.filter(
            candidate__exam=exam, kind=CandidateClaim.Kind.EXEMPTION, status=CandidateClaim.Status.ACCEPTED
        )
        for candidate_id, key in accepted.values_list("candidate_id", "part_key"):
            self.exempt[candidate_id].add(key)

    def required(self, candidate: Candidate) -> set[int]:
        if not self.parts:
            return {ALL}
        return {
            p.pk
            for p in self.parts
            if p.position_id in (None, candidate.position_id) and p.key not in self.exempt[candidate.pk]
        }

    def part_name(self, part_id: int) -> str:
        return next((p.name for p in self.parts if p.pk == part_id), _("the exam"))

    def check_offered(self, needed: set[int]) -> None:
        offered = set().union(*self.offers.values())
        for part_id in sorted(needed - offered):
            raise ApplicationError(
                _("No shift holds the part “%(part)s”: add it to a shift first.") % {"part": self.part_name(part_id)}
            )

    def choose(self, required: set[int], missing: Counter) -> list[int]:
        chosen, uncovered = [], set(required)
        while uncovered:
            options = [s for s in self.shifts if s.pk not in chosen and self.offers[s.pk] & uncovered]
            options = [s for s in options if self.free[s.pk] > 0]
            if not options:
                for part_id in uncovered:
                    missing[part_id] += 1
                return chosen
            best = max(options, key=lambda s: (len(self.offers[s.pk] & uncovered), self.free[s.pk]))
            self.free[best.pk] -= 1
            chosen.append(best.pk)
            uncovered -= self.offers[best.pk]
        return chosen


def _plan(exam: Exam, candidates: list[Candidate], shifts: _Shifts) -> dict[int, list[int]]:
    needs = {c.pk: shifts.required(c) for c in candidates}
    shifts.check_offered(set().union(*needs.values()) if needs else set())
    missing, plan = Counter(), {}
    for candidate in candidates:
        plan[candidate.pk] = shifts.choose(needs[candidate.pk], missing)
    if missing:
        detail = "; ".join(f"{shifts.part_name(p)}: {n}" for p, n in missing.items())
        total = max(missing.values())
        raise ApplicationError(
            _("Not enough seats: %(n)s more are needed (%(detail)s). Add rooms or shifts.")
            % {"n": total, "detail": detail}
        )
    return plan


# --- numbers -----------------------------------------------------------------------------------------
def prefix_default(*, exam: Exam) -> str:
    """The prefix of the exam's numbers so far, or letters of its code ('DEMO-2026' → 'DEMO')."""
    number = exam.candidates.exclude(candidate_number="").values_list("candidate_number", flat=True).first()
    if number:
        found = re.match(r"^([A-Z][A-Z0-9]*?)\d+$", number)
        if found:
            return found.group(1)[:8]
    letters = re.sub(r"[^A-Z]", "", fold(exam.code).upper())
    return (letters or "TS")[:4]


def _numbers(exam: Exam, candidates: list[Candidate], prefix: str, renumber: bool) -> dict[int, str]:
    """The number of every seated candidate after seating (pk → number)."""
    ordered = sorted(candidates, key=lambda c: (c.person.name_sort, c.person.date_of_birth, c.pk))
    width = max(4, len(str(len(ordered) + 1)))
    if renumber:
        return {c.pk: f"{prefix}{i:0{width}d}" for i, c in enumerate(ordered, start=1)}
    taken = set(exam.candidates.exclude(candidate_number="").values_list("candidate_number", flat=True))
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    sequence = max((int(m.group(1)) for n in taken if (m := pattern.match(n))), default=0)
    numbers = {}
    for candidate in ordered:
        if candidate.candidate_number:
            numbers[candidate.pk] = candidate.candidate_number
            continue
        sequence += 1
        while f"{prefix}{sequence:0{width}d}" in taken:
            sequence += 1
        numbers[candidate.pk] = f"{prefix}{sequence:0{width}d}"
    return numbers


def _renumber_write(exam: Exam, numbers: dict[int, str], renumber: bool) -> int:
    """Store the numbers (in two steps, so that swapped numbers never collide); codes of changed numbers are void."""
    everyone = list(exam.candidates.select_related("user"))
    changed = [c for c in everyone if numbers.get(c.pk, "" if renumber else c.candidate_number) != c.candidate_number]
    for candidate in changed:
        candidate.candidate_number = f"~{candidate.pk}"[:20]
    Candidate.objects.bulk_update(changed, ["candidate_number"], batch_size=500)
    voided = 0
    for candidate in changed:
        voided += bool(candidate.access_code_hash)
        candidate.candidate_number = numbers.get(candidate.pk, "")
        candidate.access_code_hash = ""
    Candidate.objects.bulk_update(changed, ["candidate_number", "access_code_hash"], batch_size=500)
    return voided


def _username(exam: Exam, candidate: Candidate) -> str:
    if candidate.candidate_number:
        return candidate_username(exam_code=exam.code, number=candidate.candidate_number)
    return f"cand-~{candidate.user_id}"  # a login without a number: kept (audit), never matched


def _principals(exam: Exam, candidates: list[Candidate]) -> None:
    """Every seated candidate's login: created when missing; any login of the exam renamed after its number (in two
    steps, so that swapped names never collide); bulk writes."""
    User = get_user_model()
    holders = list(exam.candidates.filter(user__isnull=False).select_related("user"))
    renamed = [c for c in holders if c.user.username != _username(exam, c)]
    for candidate in renamed:
        candidate.user.username = f"cand-~~{candidate.user_id}"
    User.objects.bulk_update([c.user for c in renamed], ["username"], batch_size=500)
    for candidate in renamed:
        candidate.user.username = _username(exam, candidate)
    User.objects.bulk_update([c.user for c in renamed], ["username"], batch_size=500)
    new = [c for c in candidates if c.user_id is None]
    if not new:
        return
    unusable = make_password(None)  # no password login, ever: the access code is the only credential
    users = [
        User(
            username=candidate_username(exam_code=exam.code, number=c.candidate_number),
            first_name=c.person.full_name[:150],
            password=unusable,
        )
        for c in new
    ]
    User.objects.bulk_create(users, batch_size=500)
    if users[0].pk is None:
        by_name = dict(User.objects.filter(username__in=[u.username for u in users]).values_list("username", "pk"))
        for user in users:
            user.pk = by_name[user.username]
    exam_type = ContentType.objects.get_for_model(Exam)
    Grant.objects.bulk_create(
        [Grant(user=u, role=ExamRole.CANDIDATE, scope_type=exam_type, scope_id=exam.pk) for u in users], batch_size=500
    )
    for candidate, user in zip(new, users, strict=True):
        candidate.user = user
    Candidate.objects.bulk_update(new, ["user"], batch_size=500)


# --- rooms and seats ---------------------------------------------------------------------------------
def _deal(candidates: list[Candidate], sessions: list[RoomSession]) -> dict[int, list[Candidate]]:
    """Deal a shift's candidates (sorted by position, then name) across its rooms in turn: room i gets the i-th,
    the (i+n)-th…, skipping full rooms, so each position is spread over the rooms."""
    ordered = sorted(candidates, key=lambda c: (c.position.code if c.position else "", c.person.name_sort, c.pk))
    rooms = {s.pk: [] for s in sessions}
    turn = 0
    for candidate in ordered:
        for _step in range(len(sessions)):
            session = sessions[turn % len(sessions)]
            turn += 1
            if len(rooms[session.pk]) < session.room.capacity:
                rooms[session.pk].append(candidate)
                break
    return rooms


def _seats_write(exam: Exam, shifts: _Shifts, plan: dict[int, list[int]], by_pk: dict[int, Candidate]) -> int:
    CandidateSeat.objects.filter(candidate__exam=exam).delete()
    seats, first = [], {}
    for shift in shifts.shifts:
        members = [by_pk[pk] for pk, chosen in plan.items() if shift.pk in chosen]
        for session_id, sitting in _deal(members, shifts.sessions[shift.pk]).items():
            for number, candidate in enumerate(sorted(sitting, key=lambda c: c.candidate_number), start=1):
                seats.append(CandidateSeat(candidate=candidate, shift=shift, room_session_id=session_id, number=number))
                first.setdefault(candidate.pk, (session_id, number))
    CandidateSeat.objects.bulk_create(seats, batch_size=1000)
    everyone = list(exam.candidates.all())
    for candidate in everyone:
        session_id, number = first.get(candidate.pk, (None, 0))
        candidate.room_session_id, candidate.seat = session_id, f"{number:02d}" if number else ""
    Candidate.objects.bulk_update(everyone, ["room_session", "seat"], batch_size=500)
    return len(seats)


@transaction.atomic
def seating_assign(*, exam: Exam, actor, renumber: bool = False, prefix: str = "") -> dict:
    """Seat every seatable candidate of `exam` (see the module's docstring); audited. Refused (not enough seats,
    a part without a shift, no shift): nothing written."""
    _open(exam)
    prefix = (prefix or "").strip().upper() or prefix_default(exam=exam)
    if not PREFIX_RE.match(prefix):
        raise ApplicationError(
            _("A prefix has 1 to 8 capital letters or digits, starting with a letter."), field="prefix"
        )
    candidates = list(seatable(exam=exam))
    if not candidates:
        raise ApplicationError(_("No candidate to seat: register candidates (or check their eligibility) first."))
    shifts = _Shifts(exam)
    plan = _plan(exam, candidates, shifts)
    numbers = _numbers(exam, candidates, prefix, renumber)
    voided = _renumber_write(exam, numbers, renumber)
    candidates = list(seatable(exam=exam).select_related("user"))
    _principals(exam, candidates)
    seats = _seats_write(exam, shifts, plan, {c.pk: c for c in candidates})
    result = {
        "seated": sum(1 for c in candidates if plan.get(c.pk)),
        "seats": seats,
        "codes_voided": voided,
        "prefix": prefix,
        "renumbered": renumber,
    }
    audit_record(actor=actor, action="update", obj=exam, scope=exam, note=f"seating: {result}")
    return result


# --- access codes ------------------------------------------------------------------------------------
def access_codes_issue(*, exam: Exam, actor, room_session: RoomSession | None = None) -> list[tuple[Candidate, str]]:
    """New one-time access codes for the seated candidates of `exam` (or of one room session); every earlier code
    of theirs stops working. Returns (candidate, plain code) once, for the cards; only keyed hashes are kept."""
    import secrets

    _open(exam)
    seats = CandidateSeat.objects.filter(candidate__exam=exam)
    if room_session is not None:
        seats = seats.filter(room_session=room_session)
    ids = set(seats.values_list("candidate_id", flat=True))
    candidates = list(
        exam.candidates.filter(pk__in=ids)
        .exclude(candidate_number="")
        .select_related("person", "exam")
        .order_by("candidate_number")
    )
    if not candidates:
        raise ApplicationError(_("Nobody is seated here yet: seat the candidates first."))
    now, valid_until = timezone.now(), _default_valid_until(exam)
    issued = []
    for candidate in candidates:
        code = "".join(secrets.choice(ACCESS_CODE_ALPHABET) for _i in range(ACCESS_CODE_LENGTH))
        candidate.access_code_hash = _access_code_hash(candidate=candidate, code=code)
        candidate.code_issued_at, candidate.code_valid_until, candidate.code_used_at = now, valid_until, None
        issued.append((candidate, code))
    Candidate.objects.bulk_update(
        candidates, ["access_code_hash", "code_issued_at", "code_valid_until", "code_used_at"], batch_size=500
    )
    where = str(room_session) if room_session is not None else _("the whole exam")
    audit_record(
        actor=actor,
        action="update",
        obj=exam,
        scope=exam,
        note=f"access codes issued for {len(issued)} candidates ({where}); earlier codes invalidated",
    )
    return issued
