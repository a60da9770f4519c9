"""Saving a part's blueprint (ma trận đề): counts and points per topic × difficulty cell, named in every refusal."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.models import AuditEntry
from common.services import audit_record
from exams.models import BlueprintCell, Difficulty, Part, Topic
from exams.selectors.papers import PAPER_MODES
from exams.services.papers.generation import cell_label

MAX_POINTS = Decimal("1000")


def _cell_errors(cell: dict, topics: dict[int, str]) -> tuple[str, list[str]]:
    topic, difficulty = cell.get("topic"), cell.get("difficulty")
    key = f"cell-{topic}-{difficulty}"
    if topic not in topics:
        return key, [_("This topic is not in the part's question bank.")]
    if difficulty not in Difficulty.values:
        return key, [_("Unknown difficulty level.")]
    label = cell_label(topic_name=topics[topic], difficulty=difficulty)
    errors = []
    count = cell.get("count")
    if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= 500:
        errors.append(_("Cell %(cell)s: the number of items is a whole number from 0 to 500.") % {"cell": label})
    try:
        points = Decimal(str(cell.get("points", 1)))
        if not (0 < points <= MAX_POINTS) or points.as_tuple().exponent < -2:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors.append(_("Cell %(cell)s: points are a number above 0 with at most two decimals.") % {"cell": label})
    return key, errors


def blueprint_save(*, part: Part, cells: list[dict], user) -> list[BlueprintCell]:
    """Replace the blueprint of `part` by `cells` ([{"topic", "difficulty", "count", "points"}]; a count of 0 leaves
    the cell out). Refused, each bad cell named, when a cell is wrong or the total is not the part's questions."""
    if part.mode not in PAPER_MODES or part.bank_id is None:
        raise ValidationError({"part": [_("A blueprint needs a computer-based part with a question bank.")]})
    topics = dict(Topic.objects.filter(bank_id=part.bank_id).values_list("pk", "name"))
    errors, seen = {}, set()
    for cell in cells:
        key, messages = _cell_errors(cell, topics)
        if (cell.get("topic"), cell.get("difficulty")) in seen:
            messages = [*messages, _("This cell is given twice.")]
        seen.add((cell.get("topic"), cell.get("difficulty")))
        if messages:
            errors[key] = messages
    if errors:
        raise ValidationError(errors)
    kept = [c for c in cells if c["count"] > 0]
    total = sum(c["count"] for c in kept)
    if total != part.questions:
        message = _("The cells take %(total)s items in all; the part has %(questions)s questions.")
        raise ValidationError({"total": [message % {"total": total, "questions": part.questions}]})
    return _blueprint_write(part=part, cells=kept, user=user)


@transaction.atomic
def _blueprint_write(*, part: Part, cells: list[dict], user) -> list[BlueprintCell]:
    before = {f"{c.topic_id}-{c.difficulty}": [c.count, str(c.points)] for c in part.blueprint.all()}
    part.blueprint.all().delete()
    rows = BlueprintCell.objects.bulk_create(
        BlueprintCell(
            part=part,
            topic_id=c["topic"],
            difficulty=c["difficulty"],
            count=c["count"],
            points=Decimal(str(c.get("points", 1))),
        )
        for c in cells
    )
    after = {f"{c.topic_id}-{c.difficulty}": [c.count, str(c.points)] for c in rows}
    audit_record(
        actor=user,
        action=AuditEntry.Action.UPDATE,
        obj=part,
        scope=part.exam,
        before=before,
        after=after,
        note=_("Blueprint"),
    )
    return rows
