"""`attempts_verify`: recompute every attempt's answer chain and compare it with what is stored (tamper evidence).

An attempt differs when an event's hash is not the link of the one before it, when its final hash or last sequence
is not the attempt's, or when the answers in force (AttemptAnswer) are not the last event of each question.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from exams.models import AnswerEvent, Attempt, AttemptAnswer, Exam
from exams.services.live import chain


@dataclass(frozen=True)
class AttemptDifference:
    attempt_id: int
    candidate_number: str
    reason: str


def _chain_differences(attempt: Attempt, events: list) -> tuple[list[str], dict]:
    reasons, head, latest = [], chain.genesis(attempt.pk), {}
    for seq, question, choices, text, stored in events:
        head = chain.link(head, seq, question, choices, text)
        if stored != head and not reasons:
            reasons.append(_("answer event %(seq)s does not match its hash") % {"seq": seq})
        latest[question] = (choices, text, seq)
    if events and head != attempt.chain_hash:
        reasons.append(_("the final hash is not the attempt's"))
    if not events and attempt.chain_hash:
        reasons.append(_("a final hash without answers"))
    if (events[-1][0] if events else 0) != attempt.last_seq:
        reasons.append(_("the last sequence is not the attempt's"))
    return reasons, latest


def _answer_differences(latest: dict, answers: dict) -> list[str]:
    reasons = []
    for question in sorted(set(latest) | set(answers)):
        if latest.get(question) != answers.get(question):
            reasons.append(
                _("the answer in force to question %(question)s is not its last event") % {"question": question}
            )
    return reasons


def attempt_verify(*, attempt: Attempt) -> list[str]:
    """Why the attempt's stored answers do not match their chain (empty: they match)."""
    events = list(
        AnswerEvent.objects.filter(attempt=attempt)
        .order_by("seq")
        .values_list("seq", "question", "choices", "text", "hash")
    )
    answers = {
        question: (choices, text, seq)
        for question, choices, text, seq in AttemptAnswer.objects.filter(attempt=attempt).values_list(
            "question", "choices", "text", "seq"
        )
    }
    reasons, latest = _chain_differences(attempt, events)
    return reasons + _answer_differences(latest, answers)


def attempts_verify(*, exam: Exam | None = None) -> tuple[int, list[AttemptDifference]]:
    """(attempts checked, the differences found) for every attempt (of `exam`) that has started."""
    attempts = Attempt.objects.exclude(status=Attempt.Status.WAITING).select_related("candidate").order_by("pk")
    if exam is not None:
        attempts = attempts.filter(shift__exam=exam)
    checked, differences = 0, []
    for attempt in attempts.iterator(chunk_size=500):
        checked += 1
        for reason in attempt_verify(attempt=attempt):
            differences.append(AttemptDifference(attempt.pk, attempt.candidate.candidate_number, reason))
    return checked, differences
