"""Parts timed in turn (NĐ 138/2020 round 1: Kiến thức chung 60 minutes, then Ngoại ngữ 30 minutes, …).

Whether a shift's parts are timed one after the other is the exam's regulation's to say (rules round1.timed_in_turn,
seeded by migration 0061), never a constant here. The plan (each computer part with its allowance) is stored on
the attempt when it is created; the clock's arithmetic is in exams.services.live.clock, the moves at a part's
deadline in exams.services.live.closing. This module builds the plan, and lets the candidate finish a part early.
"""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from exams.models import Attempt, Part, Shift
from exams.rules.base import RuleError
from exams.selectors.reference import profile_rules
from exams.services.live import clock
from exams.services.live.closing import (
    PART_EARLY,
    advanced_store,
    attempt_submit,
    close_if_due,
    locked,
    part_end_log,
    part_message,
    refuse,
)
from exams.services.live.paper import live_parts


def part_plan(*, shift: Shift) -> list[list[int]]:
    """[[part id, allowance ms], …] of the shift's computer parts in order when its exam's regulation times round 1's
    parts in turn and the shift holds round-1 parts only, of more than one part; [] (one clock) otherwise."""
    parts = live_parts(shift=shift)
    if len(parts) < 2 or any(part.round != 1 for part in parts):
        return []
    try:
        rules = profile_rules(profile=shift.exam.profile)
    except RuleError:  # a malformed profile is the board's to fix: the shift keeps one clock
        return []
    if not rules.round1_timed_in_turn:
        return []
    return [[part.pk, part.minutes * 60_000] for part in parts]


def plan_allowance_ms(plan: list[list[int]], shift: Shift) -> int:
    """The attempt's whole allowance: the parts' when timed in turn, else the shift's duration."""
    return sum(ms for _part, ms in plan) if plan else shift.duration_minutes * 60_000


def parts_outline(*, attempt: Attempt) -> list[dict]:
    """What the waiting room says of the parts when they are timed in turn, from the attempt's plan: each part's
    number (from 1), name, questions and minutes, in order; [] when the shift has one clock (one query)."""
    if not attempt.part_plan:
        return []
    parts = Part.objects.in_bulk([part_id for part_id, _ms in attempt.part_plan])
    return [
        {"number": n, "name": parts[part_id].name, "questions": parts[part_id].questions, "minutes": round(ms / 60_000)}
        for n, (part_id, ms) in enumerate(attempt.part_plan, start=1)
        if part_id in parts
    ]


def part_positions(*, timing: dict | None) -> dict[int, int] | None:
    """Part id → its position (from 0) in a `state`'s timing; None when the shift has one clock (the answer writer
    then checks no part)."""
    if not timing:
        return None
    return {part["id"]: n for n, part in enumerate(timing["parts"])}


def answer_part(*, paper: dict, positions: dict[int, int] | None, question) -> int | None:
    """The position of the part `question` belongs to, for the answer writer's part guard (None: no guard)."""
    if positions is None:
        return None
    spec = paper["index"].get(question)
    return None if spec is None else positions.get(spec["part"])


@transaction.atomic
def part_finish(*, attempt: Attempt, part, now: dt.datetime | None = None) -> dict:
    """The candidate finishes the part he works on before its time is up (he confirmed it): the next part's clock
    starts now; finishing the last part submits the attempt. Returns the `part` (or `submitted`) message. Refused
    unless `part` is his current part and his attempt is running."""
    now = clock.now_or(now)
    attempt = close_if_due(attempt=locked(attempt), now=now)
    if not attempt.part_plan:
        raise refuse(_("The parts of this exam are not timed one by one."), "not_timed")
    if attempt.status == Attempt.Status.WAITING:
        raise refuse(_("The exam has not started yet."), "not_started")
    if attempt.status == Attempt.Status.SUBMITTED:
        raise refuse(_("This attempt is closed: no more answers are accepted."), "closed")
    if attempt.status == Attempt.Status.PAUSED:
        raise refuse(_("Your exam is paused: wait for the proctor."), "paused")
    ids = [part_id for part_id, _ms in attempt.part_plan]
    if isinstance(part, bool) or part not in ids:
        raise refuse(_("This part is not in your paper."), "bad_part")
    if ids.index(part) != attempt.part_index:
        raise refuse(_("This part is not the one you are working on."), "part_closed")
    if not clock.has_next_part(attempt):
        return attempt_submit(attempt=attempt, ending=Attempt.Ending.CANDIDATE, now=now)
    part_end_log(attempt, attempt.part_index, now, PART_EARLY).save()
    clock.next_part(attempt, now)
    advanced_store([attempt], now)
    return part_message(attempt, now)
