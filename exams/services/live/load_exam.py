"""A ready shift for load tests (`make_load_exam`): an open recruitment exam, one computer part of 60 single-choice
questions from a bank with enough approved items, rooms for every candidate, per-candidate papers made by the real
paper services, candidates seated (numbers, logins) and given access codes by the seating service, then the shift
started now for 60 minutes through the live attempts service (or left waiting for its rooms' start, as on exam
day before the proctors start them: load_exam_start). Returns each candidate's number and plain code once.
load_exam_end brings the end of every load attempt in progress a few seconds ahead, as the end of a shift.

Only the synthetic parts are written directly: people, applications and the bank's items (their four-eyes
review has no meaning for generated questions); everything with a rule goes through its service.
"""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.statistics import tables_analyze
from exams.demo_papers import demo_blueprint
from exams.models import (
    Attempt,
    Candidate,
    CandidatePaper,
    CandidateSeat,
    Exam,
    Item,
    ItemVersion,
    PaperForm,
    Part,
    QuestionBank,
    RegulationProfile,
    Room,
    RoomSession,
    Shift,
    Subject,
    Topic,
)
from exams.selectors.reference import profile_get_in_force
from exams.services.banks.bulk import items_insert
from exams.services.banks.content import ItemDraft, OptionDraft, content_hash
from exams.services.live.connections import time_message
from exams.services.live.groups import push_room_attempts
from exams.services.papers import bank_min_multiple, papers_generate
from exams.services.seating import access_codes_issue, seating_assign
from hrm.models import Person
from hrm.services.cccd import cccd_make

QUESTIONS = 60
MINUTES = 60
TOPICS = 4
ROOM_CAPACITY = 40
MAX_CANDIDATES = 20_000
CODE_PREFIX = "LOAD-"
LOAD_MODELS = (Person, Candidate, CandidateSeat, CandidatePaper, PaperForm, Attempt)
END_MAX_SECONDS = 600
SERIAL_FROM = 500_000  # CCCD serials of load-test people (the demos use 960,000 and up)


def _code(now: dt.datetime) -> str:
    return CODE_PREFIX + now.strftime("%y%m%d%H%M%S")


def _exam(now: dt.datetime) -> Exam:
    profile = profile_get_in_force(kind=RegulationProfile.Kind.RECRUITMENT, staff_type="cong_chuc")
    if profile is None:
        raise ApplicationError(_("No recruitment profile is in force: load the reference data first."))
    code = _code(now)
    if Exam.objects.filter(code=code).exists():
        raise ApplicationError(_("A load exam was made this second: wait a second and run it again."))
    return Exam.objects.create(
        code=code,
        name=f"Thi tải {code}",
        kind=Exam.Kind.RECRUITMENT,
        profile=profile,
        status=Exam.Status.OPEN,
        held_on=timezone.localdate(now),
        paper_mode=Exam.PaperMode.PER_CANDIDATE,
    )


def _draft(topic: int, number: int) -> ItemDraft:
    stem = f"Câu hỏi tải {topic + 1}.{number + 1}: phương án nào đúng?"
    options = [OptionDraft(text=f"Phương án {i + 1}", fraction=Decimal(1 if i == number % 4 else 0)) for i in range(4)]
    return ItemDraft(kind=ItemVersion.Kind.SINGLE, stem=stem, options=options, code=f"T{topic + 1}-{number + 1}")


def _bank(exam: Exam) -> QuestionBank:
    """A bank of TOPICS topics, each with enough approved single-choice items for its share of the paper."""
    subject, _c = Subject.objects.get_or_create(
        code="LOAD", defaults={"name": "Kiến thức chung (thi tải)", "kind": Subject.Kind.GENERAL}
    )
    bank = QuestionBank.objects.create(code=exam.code, name=f"Ngân hàng {exam.code}", subject=subject)
    per_topic = (QUESTIONS // TOPICS) * max(bank_min_multiple(exam=exam), 1) + 5
    topics = [Topic.objects.create(bank=bank, name=f"Chủ đề {t + 1}", order=t) for t in range(TOPICS)]
    drafts = [(_draft(t, n), topics[t]) for t in range(TOPICS) for n in range(per_topic)]
    new = [(draft, content_hash(draft)) for draft, _topic in drafts]
    items_insert(bank=bank, new=new, topics=[topic for _d, topic in drafts], actor=None, progress=lambda *a: None)
    versions = ItemVersion.objects.filter(item__bank=bank)
    versions.update(status=ItemVersion.Status.APPROVED, approved_at=timezone.now())
    for item_id, version_id in versions.values_list("item_id", "pk"):
        Item.objects.filter(pk=item_id).update(approved_version_id=version_id)
    return bank


def _rooms(exam: Exam, shift: Shift, candidates: int) -> None:
    for number in range(-(-candidates // ROOM_CAPACITY)):
        room = Room.objects.create(exam=exam, name=f"Phòng {number + 1:03d}", capacity=ROOM_CAPACITY)
        RoomSession.objects.create(shift=shift, room=room)


def _candidates(exam: Exam, count: int) -> None:
    born = dt.date(1995, 6, 15)
    first = Person.objects.filter(full_name__startswith="Thí sinh tải").count()
    people = Person.objects.bulk_create(
        Person(
            full_name=f"Thí sinh tải {first + i + 1}",
            date_of_birth=born,
            sex="male" if i % 2 else "female",
            cccd=cccd_make(
                province_code="083",
                sex="male" if i % 2 else "female",
                date_of_birth=born,
                serial=SERIAL_FROM + first + i,
            ),
        )
        for i in range(count)
    )
    if people and people[0].pk is None:  # backends that do not return ids
        people = list(Person.objects.filter(full_name__startswith="Thí sinh tải").order_by("pk"))[first:]
    Candidate.objects.bulk_create((Candidate(exam=exam, person=p) for p in people), batch_size=1000)


def _papers(part: Part) -> None:
    cells = demo_blueprint(part)
    if not cells:
        raise ApplicationError(_("The load bank is too small for its paper."))
    from exams.services.papers import blueprint_save

    blueprint_save(part=part, cells=cells, user=None)
    papers_generate(part=part, user=None)


@transaction.atomic
def _prepare(*, candidates: int, now: dt.datetime) -> tuple[Shift, list[tuple[str, str]]]:
    exam = _exam(now)
    bank = _bank(exam)
    part = Part.objects.create(
        exam=exam, key="general", name="Kiến thức chung", bank=bank, questions=QUESTIONS, minutes=MINUTES
    )
    # papers are refused once the shift has started: it starts later, then is moved to now below
    shift = Shift.objects.create(
        exam=exam, name="Ca 1", starts_at=now + dt.timedelta(hours=1), duration_minutes=MINUTES
    )
    shift.parts.add(part)
    _rooms(exam, shift, candidates)
    _candidates(exam, candidates)
    seating_assign(exam=exam, actor=None, prefix="LT")
    _papers(part)
    codes = [(c.candidate_number, code) for c, code in access_codes_issue(exam=exam, actor=None)]
    shift.starts_at = now
    shift.save(update_fields=["starts_at"])
    return shift, codes


def load_exam_make(*, candidates: int, waiting: bool = False, now: dt.datetime | None = None) -> list[tuple[str, str]]:
    """Create a load-test shift for `candidates` candidates, started now (or, with `waiting`, its rooms waiting for
    their proctors' start, load_exam_start, and their papers' warm-up queued as the beat queues it before a shift);
    (candidate number, access code) of each."""
    from exams.services.live.attempts import attempts_prepare
    from exams.services.live.commands import room_start
    from exams.services.live.paper import live_papers_warm_due

    if not 1 <= candidates <= MAX_CANDIDATES:
        raise ApplicationError(
            _("The number of candidates must be between 1 and %(max)s.") % {"max": MAX_CANDIDATES}, field="candidates"
        )
    now = now or timezone.now()
    shift, codes = _prepare(candidates=candidates, now=now)
    attempts_prepare(shift=shift)
    if not waiting:
        for session in RoomSession.objects.filter(shift=shift).order_by("pk"):
            room_start(room_session=session, actor=None, now=now)
    else:  # ready as on exam day, when the beat has had the papers built before the candidates arrive
        live_papers_warm_due(now=now)
    # Every table the shift filled, analyzed before the first login: its queries then plan on its real size.
    models = (*LOAD_MODELS, get_user_model())
    tables_analyze(models=models, rows=candidates * len(models))  # a row per candidate in each
    return codes


def load_exam_start(*, now: dt.datetime | None = None) -> int:
    """Start every waiting room of the load exams (as each room's proctor does on exam day, through the same
    room_start), one room after the other; how many rooms it started. Refused when no load room is waiting."""
    from exams.services.live.commands import room_start

    sessions = list(
        RoomSession.objects.filter(shift__exam__code__startswith=CODE_PREFIX, started_at__isnull=True).order_by("pk")
    )
    if not sessions:
        raise ApplicationError(_("No load-test room is waiting: make one with --waiting first."))
    for session in sessions:
        room_start(room_session=session, actor=None, now=now)
    return len(sessions)


def load_exam_end(*, seconds: float, now: dt.datetime | None = None) -> tuple[dt.datetime, int]:
    """Move the deadline of every load attempt in progress to `seconds` from now (the end of a shift, for the end
    storm) and tell each socket its new time, as an extension does: a `time` message per attempt, one group message
    per room, so that each socket's own deadline timer closes the attempt (the periodic closer is the backstop).
    Returns the deadline and how many attempts it moved; refused when no load attempt is in progress."""
    if not 0 < seconds <= END_MAX_SECONDS:
        raise ApplicationError(
            _("The end must be more than 0 and at most %(max)s seconds ahead.") % {"max": END_MAX_SECONDS},
            field="seconds",
        )
    now = now or timezone.now()
    deadline = now + dt.timedelta(seconds=seconds)
    message = time_message(remaining_ms=round(seconds * 1000), status=Attempt.Status.IN_PROGRESS)
    with transaction.atomic():
        attempts = Attempt.objects.select_for_update(of=("self",)).filter(
            shift__exam__code__startswith=CODE_PREFIX, status=Attempt.Status.IN_PROGRESS
        )
        rooms: dict[int, dict] = {}
        for pk, room in attempts.values_list("pk", "room_session_id"):
            rooms.setdefault(room, {})[pk] = message
        if not rooms:
            raise ApplicationError(_("No load-test attempt is in progress."))
        moved = Attempt.objects.filter(pk__in=[pk for messages in rooms.values() for pk in messages])
        count = moved.update(deadline=deadline)
        for room, messages in rooms.items():
            push_room_attempts(room, messages)
    return deadline, count
