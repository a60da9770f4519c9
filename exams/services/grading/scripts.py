"""Written answers graded by two graders (issue #16): anonymised scripts (a code per candidate × part, never a name),
two independent graders per script, a third when their gap is above the profile's threshold (exams.rules.marking),
and the final mark → Mark(source=graders).

Computer parts with written answers (mode computer_essay) take the answers from the submitted attempts; paper-based
written parts get a script per seated candidate, and the graders enter marks against the code.
"""

import secrets
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.services import audit_record
from exams.models import Attempt, Candidate, CandidateSeat, Mark, Part, Script, ScriptMark
from exams.roles import ATTEMPT_GRADE
from exams.rules.base import RuleError, number
from exams.rules.marking import marking_outcome, marking_rule
from hrm.selectors import may

WRITTEN_MODES = (Part.Mode.COMPUTER_ESSAY, Part.Mode.PAPER)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no O/0, I/1: read aloud and copied by hand


def _code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def _sitters(part: Part) -> list[tuple[int, int | None]]:
    """(candidate, attempt) of whoever sat `part`: submitted attempts on computer; seated candidates on paper."""
    if part.mode == Part.Mode.COMPUTER_ESSAY:
        rows = Attempt.objects.filter(shift__parts=part, status=Attempt.Status.SUBMITTED)
        return list(rows.values_list("candidate_id", "pk"))
    seated = CandidateSeat.objects.filter(shift__parts=part).values_list("candidate_id", flat=True)
    candidates = Candidate.objects.filter(exam=part.exam_id, pk__in=seated)
    return [(pk, None) for pk in candidates.values_list("pk", flat=True)]


@transaction.atomic
def scripts_prepare(*, part: Part, actor) -> int:
    """Give every candidate who sat written `part` an anonymous script code (idempotent); the number created."""
    if part.mode not in WRITTEN_MODES:
        raise ApplicationError(
            _("Only a written part (on paper or written answers on computer) is marked by graders."), field="part"
        )
    have = set(part.scripts.values_list("candidate_id", flat=True))
    used = set(Script.objects.filter(part__exam=part.exam_id).values_list("code", flat=True))
    new = []
    for candidate_id, attempt_id in _sitters(part):
        if candidate_id in have:
            continue
        code = _code()
        while code in used:
            code = _code()
        used.add(code)
        new.append(Script(part=part, candidate_id=candidate_id, attempt_id=attempt_id, code=code))
    Script.objects.bulk_create(new)
    audit_record(actor=actor, action="scripts", obj=part, scope=part.exam, after={"created": len(new)})
    return len(new)


def _check_graders(part: Part, graders: list) -> None:
    if len(set(graders)) < 2:
        raise ApplicationError(_("Choose at least two graders: each script is marked by two."), field="graders")
    for grader in graders:
        if not may(grader, ATTEMPT_GRADE, part.exam):
            message = _("%(name)s is not a grader of this exam.") % {"name": grader.get_full_name() or grader}
            raise ApplicationError(message, field="graders")


@transaction.atomic
def scripts_assign(*, part: Part, graders: list, actor) -> int:
    """Give each script of `part` not yet assigned two different graders of the exam, in turn; audited."""
    graders = list(dict.fromkeys(graders))
    _check_graders(part, graders)
    free = list(part.scripts.filter(marks__isnull=True).order_by("code"))
    load = {g.pk: n for g, n in ((g, ScriptMark.objects.filter(grader=g, script__part=part).count()) for g in graders)}
    graders.sort(key=lambda g: load[g.pk])
    rows = []
    for n, script in enumerate(free):
        first, second = graders[n % len(graders)], graders[(n + 1) % len(graders)]
        rows += [ScriptMark(script=script, grader=first, turn=1), ScriptMark(script=script, grader=second, turn=2)]
    ScriptMark.objects.bulk_create(rows)
    audit_record(
        actor=actor,
        action="assign",
        obj=part,
        scope=part.exam,
        after={"scripts": len(free), "graders": [g.pk for g in graders]},
    )
    return len(free)


def _third_grader(script: Script):
    taken = set(script.marks.values_list("grader_id", flat=True))
    pool = ScriptMark.objects.filter(script__part=script.part_id).exclude(grader_id__in=taken)
    ranked = pool.values("grader_id").annotate(n=Count("pk", filter=Q(score__isnull=True))).order_by("n", "grader_id")
    return ranked[0]["grader_id"] if ranked else None


def _final_mark(script: Script, final: Decimal, marks: list[ScriptMark], why: str, actor) -> None:
    details = {"code": script.code, "marks": [str(m.score) for m in marks], "rule": why}
    Mark.objects.update_or_create(
        candidate_id=script.candidate_id,
        part_id=script.part_id,
        defaults={
            "score": final,
            "max_score": script.part.max_score,
            "absent": False,
            "source": Mark.Source.GRADERS,
            "details": details,
            "attempt_id": script.attempt_id,
            "updated_by": actor,
        },
    )


def _settle(script: Script, actor) -> None:
    """After a mark: send to a third grader, or write the final mark, by the profile's rule."""
    marks = list(script.marks.order_by("turn"))
    scores = {m.turn: m.score for m in marks}
    try:
        rule = marking_rule(script.part.exam.profile.config)
    except RuleError as error:
        raise ApplicationError(_("The profile's marking rule is malformed: %(e)s") % {"e": error}) from error
    outcome = marking_outcome(
        rule, maximum=script.part.max_score, first=scores.get(1), second=scores.get(2), third=scores.get(3)
    )
    if outcome.needs_third and 3 not in scores:
        grader_id = _third_grader(script)
        if grader_id is not None:
            ScriptMark.objects.create(script=script, grader_id=grader_id, turn=3)
        audit_record(actor=actor, action="third", obj=script, scope=script.part.exam, note=outcome.why[:255])
    if outcome.final is not None:
        script.final = outcome.final
        script.save(update_fields=["final"])
        _final_mark(script, outcome.final, [m for m in marks if m.score is not None], outcome.why, actor)


@transaction.atomic
def script_mark_enter(*, mark: ScriptMark, grader, score, note: str = "") -> ScriptMark:
    """Record `grader`'s mark of a script assigned to him (0..the part's maximum); once the script has its final
    score no mark changes. Then a third grader or the final mark follows the profile's rule; audited."""
    mark = ScriptMark.objects.select_for_update().select_related("script__part__exam__profile").get(pk=mark.pk)
    script = mark.script
    if mark.grader_id != grader.pk:
        raise ApplicationError(_("This script is not assigned to you."), field="score")
    if script.final is not None:
        raise ApplicationError(_("This script has its final score: marks no longer change."), field="score")
    try:
        value = number(score, key="score", minimum=0, maximum=script.part.max_score)
    except RuleError as error:
        raise ApplicationError(_("Score: %(e)s") % {"e": error.message}, field="score") from error
    before = {"score": None if mark.score is None else str(mark.score)}
    mark.score, mark.note, mark.marked_at = value.quantize(Decimal("0.01")), note.strip()[:500], timezone.now()
    mark.save(update_fields=["score", "note", "marked_at"])
    audit_record(
        actor=grader,
        action="mark",
        obj=mark,
        scope=script.part.exam,
        before=before,
        after={"score": str(mark.score), "code": script.code},
    )
    _settle(script, grader)
    return mark


@transaction.atomic
def script_third_assign(*, script: Script, grader, actor) -> ScriptMark:
    """The board names the third grader of a script that needs one and has none (no other grader was free)."""
    if script.marks.filter(turn=3).exists():
        raise ApplicationError(_("This script already has its third grader."), field="grader")
    if script.marks.filter(grader=grader).exists():
        raise ApplicationError(_("The third grader must not be one of the first two."), field="grader")
    if not may(grader, ATTEMPT_GRADE, script.part.exam):
        raise ApplicationError(_("This person is not a grader of this exam."), field="grader")
    try:
        return ScriptMark.objects.create(script=script, grader=grader, turn=3)
    except IntegrityError as error:
        raise ApplicationError(_("This script already has its third grader."), field="grader") from error
