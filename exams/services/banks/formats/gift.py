"""GIFT, Moodle's text format for questions: read and written as Moodle reads and writes it.

No maintained Python parser handles the whole format (the PyPI ones stopped years ago and miss weights, numerical
ranges or escapes), so this one follows Moodle's own reader (question/format/gift): questions are separated by
blank lines; `//` lines are comments; `$CATEGORY:` sets the topic; `::title::`, `[html]`/`[markdown]`/`[plain]`/
`[moodle]` text formats, an answer block `{…}` whose content decides the type (empty: essay; `#…`: numerical;
a `~`: multiple choice, single answer when some answer starts with `=`; `=… -> …`: matching; `T`/`F`/`TRUE`/
`FALSE`: true/false; otherwise short answer), weights `%50%`, feedback `#…`, general feedback `####…`, escapes
`\\~ \\= \\# \\{ \\} \\: \\\\ \\n`, and a question text that goes on after the block gets `_____` where the block was.

Moodle ignores comments, so the export writes each item's difficulty as `// congvu:difficulty=N` before it and the
reader takes it back: the difficulty survives a round trip, other tools see nothing.
"""

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from exams.models import ItemVersion
from exams.services.banks.content import (
    ANY_ANSWER,
    ItemDraft,
    OptionDraft,
    decimal_or_none,
    true_false_options,
)
from exams.services.banks.formats.common import Parsed, category_path, category_text, number_text, percent_text

Kind = ItemVersion.Kind
Format = ItemVersion.Format
ESCAPABLE = {"\\": "\ue000", "~": "\ue001", "=": "\ue002", "#": "\ue003", "{": "\ue004", "}": "\ue005", ":": "\ue006"}
NEWLINE = "\ue007"
RESTORE = {v: k for k, v in ESCAPABLE.items()} | {NEWLINE: "\n"}
_ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)
_TITLE_RE = re.compile(r"^::(.*?)::", re.DOTALL)
_FORMAT_RE = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT_RE = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_META_RE = re.compile(r"^//\s*congvu:difficulty\s*=\s*([1-4])\s*$")
FORMATS = {"html": Format.HTML, "markdown": Format.MARKDOWN, "plain": Format.PLAIN, "moodle": Format.PLAIN}
TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


class GiftError(ValueError):
    pass


def _protect(text: str) -> str:
    def replace(match):
        char = match.group(1)
        if char in ESCAPABLE:
            return ESCAPABLE[char]
        return NEWLINE if char == "n" else match.group(0)

    return _ESCAPE_RE.sub(replace, text)


def _restore(text: str) -> str:
    for key, value in RESTORE.items():
        text = text.replace(key, value)
    return text


def _plain(text: str) -> str:
    """A part of an answer: its own format mark dropped, lines trimmed, escapes restored."""
    text = _FORMAT_RE.sub("", text, count=1)
    return _restore("\n".join(line.strip() for line in text.strip().splitlines()))


# --- reading ------------------------------------------------------------------------------------------
def _blocks(text: str):
    """(first line number, lines, difficulty or None) of every block between blank lines, comments dropped."""
    lines, start, difficulty = [], 0, None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            meta = _META_RE.match(stripped)
            if meta and not lines:
                difficulty = int(meta.group(1))
            continue
        if not stripped:
            if lines:
                yield start, lines, difficulty
            lines, difficulty = [], None
            continue
        if not lines:
            start = number
        lines.append(line)
    if lines:
        yield start, lines, difficulty


def gift_parse(text: str) -> Parsed:
    """Every question of a GIFT text, with errors and skipped descriptions by line (1-based)."""
    parsed = Parsed()
    category: tuple[str, ...] = ()
    for line, lines, difficulty in _blocks(text.lstrip("\ufeff")):
        if lines[0].strip().startswith("$CATEGORY:"):
            category = category_path(lines[0].strip()[len("$CATEGORY:") :].strip())
            lines, line = lines[1:], line + 1
            if not lines:
                continue
        try:
            draft = _question(_protect("\n".join(lines)).strip(), parsed=parsed, line=line)
        except GiftError as exc:
            parsed.error(line, str(exc))
            continue
        if draft is not None:
            draft.topic_path, draft.line = category, line
            if difficulty:
                draft.difficulty = difficulty
            parsed.drafts.append(draft)
    return parsed


def _question(text: str, *, parsed: Parsed, line: int) -> ItemDraft | None:
    title = ""
    found = _TITLE_RE.match(text)
    if found:
        title, text = _restore(found.group(1)).strip(), text[found.end() :].strip()
    fmt = Format.PLAIN
    found = _FORMAT_RE.match(text)
    if found:
        fmt, text = FORMATS[found.group(1).lower()], text[found.end() :].strip()
    start, end = text.find("{"), text.rfind("}")
    if start < 0 and end < 0:
        parsed.skipped.append({"line": line, "message": _("A text without answers (a description) is not a question.")})
        return None
    if start < 0 or end < start:
        raise GiftError(_("The answers must sit between { and }: one of the two braces is missing."))
    answers = text[start + 1 : end].strip()
    if "{" in answers:
        raise GiftError(_("A question has one block of answers between { and }: write a { in a text as \\{."))
    stem = text[:start].strip() if text.endswith("}") else text[:start] + "_____" + text[end + 1 :]
    answers, _sep, general = answers.partition("####")
    draft = ItemDraft(kind=Kind.ESSAY, stem=_restore(stem.strip()), stem_format=fmt, code=title)
    draft.general_feedback = _plain(general)
    _answers(draft, answers.strip())
    return draft


def _answers(draft: ItemDraft, answers: str) -> None:
    if answers == "":
        draft.kind = Kind.ESSAY
    elif answers.startswith("#"):
        draft.kind, draft.options = Kind.NUMERICAL, _numerical(answers[1:])
    elif "~" in answers:
        draft.kind = Kind.SINGLE if "=" in answers else Kind.MULTIPLE
        draft.options = _choices(answers)
    elif "=" in answers and "->" in answers:
        draft.kind, draft.options = Kind.MATCHING, _matching(answers)
    elif answers.partition("#")[0].strip().upper() in TRUE_FALSE:
        draft.kind, draft.options = Kind.TRUE_FALSE, _true_false(answers)
    else:
        draft.kind, draft.options = Kind.FILL_IN, _short(answers)


def _split(answers: str, markers: str) -> list[tuple[str, str]]:
    """(marker, text) of each answer, split at every marker character; text before the first marker is refused."""
    parts = re.split(f"([{re.escape(markers)}])", answers)
    if parts[0].strip():
        raise GiftError(
            _("Each answer starts with = (right) or ~ (wrong); this text has none: %(text)s")
            % {"text": _restore(parts[0].strip())[:60]}
        )
    return [(parts[i], parts[i + 1]) for i in range(1, len(parts), 2)]


def _weight(text: str, default: Decimal) -> tuple[Decimal, str]:
    text = text.strip()
    found = _WEIGHT_RE.match(text)
    if not found:
        return default, text
    return Decimal(found.group(1)) / 100, text[found.end() :]


def _choices(answers: str) -> list[OptionDraft]:
    options = []
    for marker, part in _split(answers, "=~"):
        fraction, part = _weight(part, Decimal(1) if marker == "=" else Decimal(0))
        text, _sep, feedback = part.partition("#")
        options.append(OptionDraft(_plain(text), fraction, _plain(feedback)))
    return options


def _short(answers: str) -> list[OptionDraft]:
    options = []
    for _marker, part in _split(answers, "="):
        fraction, part = _weight(part, Decimal(1))
        text, _sep, feedback = part.partition("#")
        options.append(OptionDraft(_plain(text), fraction, _plain(feedback)))
    return options


def _matching(answers: str) -> list[OptionDraft]:
    options = []
    for _marker, part in _split(answers, "="):
        left, arrow, right = part.partition("->")
        if not arrow:
            raise GiftError(_("Each pair of a matching question is written = question -> answer."))
        options.append(OptionDraft(_plain(left), Decimal(1) if _plain(left) else Decimal(0), "", _plain(right)))
    return options


def _true_false(answers: str) -> list[OptionDraft]:
    parts = answers.split("#")
    right = TRUE_FALSE[parts[0].strip().upper()]
    wrong_feedback = _plain(parts[1]) if len(parts) > 1 else ""
    right_feedback = _plain(parts[2]) if len(parts) > 2 else ""
    if right:
        return true_false_options(answer=True, true_feedback=right_feedback, false_feedback=wrong_feedback)
    return true_false_options(answer=False, true_feedback=wrong_feedback, false_feedback=right_feedback)


def _numerical(answers: str) -> list[OptionDraft]:
    answers = answers.strip()
    if answers and answers[0] not in "=~":
        answers = "=" + answers
    options = []
    for marker, part in _split(answers, "=~"):
        fraction, part = _weight(part, Decimal(1) if marker == "=" else Decimal(0))
        number, _sep, feedback = part.partition("#")
        options.append(_number(_restore(number).strip(), fraction, _plain(feedback)))
    return options


def _number(text: str, fraction: Decimal, feedback: str) -> OptionDraft:
    if text in ("", ANY_ANSWER):
        return OptionDraft(ANY_ANSWER, fraction, feedback)
    try:
        if ".." in text:
            low, high = (decimal_or_none(t) for t in text.split("..", 1))
            value, tolerance = (low + high) / 2, abs(high - low) / 2
        else:
            value_text, _sep, tolerance_text = text.partition(":")
            value, tolerance = decimal_or_none(value_text), decimal_or_none(tolerance_text) or Decimal(0)
        if value is None:
            raise ValueError(text)
    except (ValueError, TypeError) as exc:
        raise GiftError(_("Not a number, a number:tolerance or a range low..high: %(text)s") % {"text": text}) from exc
    return OptionDraft(number_text(value), fraction, feedback, "", value, tolerance)


def gift_expressible(draft: ItemDraft) -> bool:
    """Whether GIFT holds the item unchanged: all but case-sensitive fill-in answers (GIFT has no such mark)."""
    return not (draft.kind == Kind.FILL_IN and draft.case_sensitive)


# --- writing ------------------------------------------------------------------------------------------
def gift_escape(text: str) -> str:
    """A text as GIFT writes it: control characters escaped, newlines as \\n."""
    for char in "\\~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r\n", "\n").replace("\n", "\\n")


def _feedback(text: str) -> str:
    return f"#{gift_escape(text)}" if text else ""


def _weight_text(fraction: Decimal) -> str:
    return f"%{percent_text(fraction)}%"


def _answer_lines(draft: ItemDraft) -> list[str]:
    kind, options = draft.kind, draft.options
    if kind in (Kind.SINGLE, Kind.MULTIPLE):
        lines = []
        for o in options:
            right = kind == Kind.SINGLE and o.fraction == 1
            weight = "" if right or o.fraction == 0 else _weight_text(o.fraction)
            lines.append(f"{'=' if right else '~'}{weight}{gift_escape(o.text)}{_feedback(o.feedback)}")
        return lines
    if kind == Kind.FILL_IN:
        return [
            f"={'' if o.fraction == 1 else _weight_text(o.fraction)}{gift_escape(o.text)}{_feedback(o.feedback)}"
            for o in options
        ]
    if kind == Kind.NUMERICAL:
        return [_numerical_line(o) for o in options]
    if kind == Kind.MATCHING:
        return [f"={gift_escape(o.text)} -> {gift_escape(o.match_text)}" for o in options]
    return []


def _numerical_line(option: OptionDraft) -> str:
    if option.value is None:
        return f"~{_feedback(option.feedback) or '#'}"
    weight = "" if option.fraction == 1 else _weight_text(option.fraction)
    tolerance = number_text(option.tolerance or Decimal(0))
    return f"={weight}{number_text(option.value)}:{tolerance}{_feedback(option.feedback)}"


def _true_false_block(draft: ItemDraft) -> str:
    right = draft.options[0].fraction == 1
    right_option, wrong_option = (draft.options[0], draft.options[1]) if right else (draft.options[1], draft.options[0])
    text = "TRUE" if right else "FALSE"
    if wrong_option.feedback or right_option.feedback:
        text += f"#{gift_escape(wrong_option.feedback)}"
    if right_option.feedback:
        text += f"#{gift_escape(right_option.feedback)}"
    return text


def gift_question(draft: ItemDraft) -> str:
    """One item in GIFT (title, format, text, answers, general feedback)."""
    head = f"::{gift_escape(draft.code)}::" if draft.code else ""
    if draft.stem_format != Format.PLAIN:
        head += f"[{draft.stem_format}]"
    general = f"####{gift_escape(draft.general_feedback)}" if draft.general_feedback else ""
    if draft.kind == Kind.TRUE_FALSE:
        block = "{" + _true_false_block(draft) + general + "}"
    elif draft.kind == Kind.ESSAY:
        block = "{" + general + "}"
    else:
        inner = "\n".join(f"\t{line}" for line in _answer_lines(draft))
        opening = "{#\n" if draft.kind == Kind.NUMERICAL else "{\n"
        block = opening + inner + ("\n\t" + general if general else "") + "\n}"
    return f"{head}{gift_escape(draft.stem)}{block}"


def gift_write(drafts: list[ItemDraft]) -> str:
    """Items as a GIFT file: a `$CATEGORY:` line whenever the topic changes, each item's difficulty as a comment."""
    out, category = [], None
    for draft in drafts:
        if draft.topic_path != category:
            category = draft.topic_path
            out.append(f"$CATEGORY: {category_text(category)}\n")
        out.append(f"// congvu:difficulty={draft.difficulty}\n{gift_question(draft)}\n")
    return "\n".join(out)
