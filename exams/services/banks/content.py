"""The content of an item version as plain values (`ItemDraft`): what the editor, the API and every import format
produce, checked by one function and hashed by one function.

A draft knows nothing of the database; `draft_from_version` and `draft_problems` are the only bridges. The content
hash covers what a candidate sees and how it is scored (kind, texts, options, key, feedback), not where the item
sits (topic, difficulty), so importing the same question twice into a bank adds it once.
"""

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from common.text import clean_text
from exams.models import Difficulty, ItemVersion
from exams.services.banks.rendering import html_clean

Kind = ItemVersion.Kind
Format = ItemVersion.Format
MAX_OPTIONS = 20
MAX_TEXT = 20_000
MAX_CODE = 100
TRUE_TEXT, FALSE_TEXT = "Đúng", "Sai"  # the two options of a true/false item, always in this order
ANY_ANSWER = "*"  # a fill-in or numerical answer that matches anything (Moodle's catch-all, e.g. "=%0%*#Wrong")


@dataclass
class OptionDraft:
    text: str = ""
    fraction: Decimal = Decimal(0)
    feedback: str = ""
    match_text: str = ""
    value: Decimal | None = None
    tolerance: Decimal | None = None


@dataclass
class ItemDraft:
    kind: str
    stem: str
    stem_format: str = Format.PLAIN
    options: list[OptionDraft] = field(default_factory=list)
    general_feedback: str = ""
    points: Decimal = Decimal(1)
    shuffle_options: bool = True
    case_sensitive: bool = False
    code: str = ""
    topic_path: tuple[str, ...] = ()
    difficulty: int = Difficulty.UNDERSTAND
    line: int = 0  # where it starts in its source file (0: not from a file)


def decimal_or_none(value) -> Decimal | None:
    """A Decimal from a number or a text with a dot or a comma; None for empty; ValueError otherwise."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError(str(value)) from exc
    if not number.is_finite():
        raise ValueError(str(value))
    return number


def true_false_options(*, answer: bool, true_feedback: str = "", false_feedback: str = "") -> list[OptionDraft]:
    """The two options of a true/false item with `answer` right."""
    return [
        OptionDraft(TRUE_TEXT, Decimal(1 if answer else 0), true_feedback),
        OptionDraft(FALSE_TEXT, Decimal(0 if answer else 1), false_feedback),
    ]


def draft_clean(draft: ItemDraft) -> ItemDraft:
    """The draft with every text through `common.text.clean_text` (NFC, no invisible characters)."""
    draft.stem = clean_text(draft.stem)
    draft.general_feedback = clean_text(draft.general_feedback)
    draft.code = clean_text(draft.code)[:MAX_CODE]
    draft.topic_path = tuple(t for t in (clean_text(p)[:255] for p in draft.topic_path) if t)
    for option in draft.options:
        option.text = clean_text(option.text)
        option.feedback = clean_text(option.feedback)
        option.match_text = clean_text(option.match_text)
    if draft.kind == Kind.MATCHING:  # a pair is worth its share, an extra wrong answer (no left side) nothing
        for option in draft.options:
            option.fraction = Decimal(1 if option.text else 0)
    if draft.kind == Kind.NUMERICAL:  # the text shown of a numerical answer is its value
        for option in draft.options:
            option.text = number_text(option.value) if option.value is not None else ANY_ANSWER
    if draft.stem_format == Format.HTML:  # stored sanitised, so the hash and every export see the safe text
        draft.stem, draft.general_feedback = html_clean(draft.stem), html_clean(draft.general_feedback)
        for option in draft.options:
            option.text, option.feedback = html_clean(option.text), html_clean(option.feedback)
    return draft


def number_text(number: Decimal | None) -> str:
    """A number as short as it can be written ("3.50" → "3.5", "2E+1" → "20"); "" for None."""
    if number is None:
        return ""
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _normal(number: Decimal | None) -> str | None:
    return None if number is None else number_text(number)


def content_hash(draft: ItemDraft) -> str:
    """A sha256 of what the candidate sees and how it is scored (not topic, difficulty, code or points)."""
    options = [
        [o.text, _normal(o.fraction), o.feedback, o.match_text, _normal(o.value), _normal(o.tolerance)]
        for o in draft.options
    ]
    payload = [draft.kind, draft.stem_format, draft.stem, draft.general_feedback, draft.case_sensitive, options]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


# --- checks: each returns the problems found, in Vietnamese, as (field, message) -------------------
def _fractions_in_range(draft: ItemDraft) -> list[tuple[str, str]]:
    if any(not Decimal(-1) <= o.fraction <= Decimal(1) for o in draft.options):
        return [("options", _("A share of the points must lie between -100% and 100%."))]
    return []


def _check_choice(draft: ItemDraft) -> list[tuple[str, str]]:
    problems = []
    if len(draft.options) < 2:
        problems.append(("options", _("A choice question needs at least two options.")))
    if any(not o.text for o in draft.options):
        problems.append(("options", _("Every option needs a text.")))
    if draft.kind == Kind.SINGLE and not any(o.fraction == 1 for o in draft.options):
        problems.append(("options", _("Mark the right answer (one option worth 100%).")))
    if draft.kind == Kind.MULTIPLE:
        total = sum((o.fraction for o in draft.options if o.fraction > 0), Decimal(0))
        if not any(o.fraction > 0 for o in draft.options):
            problems.append(("options", _("Mark the right answers (options worth more than 0%).")))
        elif abs(total - 1) > Decimal("0.0001"):
            problems.append(("options", _("The right answers of a multiple-answer question must add up to 100%.")))
    return problems


def _check_true_false(draft: ItemDraft) -> list[tuple[str, str]]:
    texts = [o.text for o in draft.options]
    if texts != [TRUE_TEXT, FALSE_TEXT] or sorted(o.fraction for o in draft.options) != [0, 1]:
        return [("options", _("A true/false question has the options True and False, one of them right."))]
    return []


def _check_fill_in(draft: ItemDraft) -> list[tuple[str, str]]:
    if not any(o.fraction == 1 and o.text for o in draft.options):
        return [("options", _("Give at least one accepted answer worth 100%."))]
    if any(not o.text for o in draft.options):
        return [("options", _("Every accepted answer needs a text."))]
    return []


def _check_numerical(draft: ItemDraft) -> list[tuple[str, str]]:
    problems = []
    if not any(o.fraction == 1 and o.value is not None for o in draft.options):
        problems.append(("options", _("Give the right value (an answer worth 100%).")))
    for option in draft.options:
        if option.value is None and option.text != ANY_ANSWER:
            problems.append(("options", _("Every numerical answer needs a value.")))
        if option.tolerance is not None and option.tolerance < 0:
            problems.append(("options", _("A tolerance cannot be negative.")))
    return problems


def _check_matching(draft: ItemDraft) -> list[tuple[str, str]]:
    pairs = [o for o in draft.options if o.text]
    if len(pairs) < 2:
        return [("options", _("A matching question needs at least two pairs."))]
    if any(not o.match_text for o in draft.options):
        return [("options", _("Every pair needs its matching answer."))]
    return []


def _check_essay(draft: ItemDraft) -> list[tuple[str, str]]:
    if draft.options:
        return [("options", _("An essay question has no options."))]
    return []


CHECKS = {
    Kind.SINGLE: _check_choice,
    Kind.MULTIPLE: _check_choice,
    Kind.TRUE_FALSE: _check_true_false,
    Kind.FILL_IN: _check_fill_in,
    Kind.NUMERICAL: _check_numerical,
    Kind.MATCHING: _check_matching,
    Kind.ESSAY: _check_essay,
}


def draft_problems(draft: ItemDraft) -> list[tuple[str, str]]:
    """Everything wrong with a draft, as (field, Vietnamese message); empty when it may be saved."""
    if draft.kind not in CHECKS:
        return [("kind", _("Unknown question type."))]
    problems = []
    if not draft.stem:
        problems.append(("stem", _("The question has no text.")))
    if len(draft.stem) > MAX_TEXT or any(len(o.text) > MAX_TEXT for o in draft.options):
        problems.append(("stem", _("A text is too long: at most %(n)s characters.") % {"n": MAX_TEXT}))
    if draft.stem_format not in Format.values:
        problems.append(("stem_format", _("Unknown text format.")))
    if draft.difficulty not in Difficulty.values:
        problems.append(("difficulty", _("The difficulty must be 1, 2, 3 or 4.")))
    if len(draft.options) > MAX_OPTIONS:
        problems.append(("options", _("At most %(n)s options.") % {"n": MAX_OPTIONS}))
    if not Decimal(0) < draft.points <= Decimal(1000):
        problems.append(("points", _("The points must be more than 0 and at most 1000.")))
    return problems + _fractions_in_range(draft) + CHECKS[draft.kind](draft)


def draft_from_version(version: ItemVersion, *, options=None, path: tuple[str, ...] | None = None) -> ItemDraft:
    """The draft of a stored version (its item's topic path and difficulty included)."""
    from exams.selectors.banks import topic_path

    item = version.item
    return ItemDraft(
        kind=version.kind,
        stem=version.stem,
        stem_format=version.stem_format,
        options=[
            OptionDraft(o.text, o.fraction, o.feedback, o.match_text, o.value, o.tolerance)
            for o in (options if options is not None else version.options.all())
        ],
        general_feedback=version.general_feedback,
        points=version.points,
        shuffle_options=version.shuffle_options,
        case_sensitive=version.case_sensitive,
        code=item.code,
        topic_path=path if path is not None else topic_path(topic=item.topic),
        difficulty=item.difficulty,
    )
