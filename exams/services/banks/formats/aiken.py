"""Aiken, the simplest question format: single-choice questions only, as Moodle reads and writes it.

A question is its text (one or more lines), then its options, one a line, each a capital letter followed by `)`
or `.` and a space or not (`A) …`, `B. …`), then `ANSWER: X`. Blank lines between questions are optional. It
holds no categories, titles, feedback or weights: only items of one right answer and plain options can be
written, the others are listed as not exportable.
"""

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from exams.models import ItemVersion
from exams.services.banks.content import ItemDraft, OptionDraft
from exams.services.banks.formats.common import Parsed

Kind = ItemVersion.Kind
_OPTION_RE = re.compile(r"^([A-Z])[.)]\s*(.*)$")
_ANSWER_RE = re.compile(r"^ANSWER:\s*(.*)$", re.IGNORECASE)


class _Question:
    def __init__(self, line: int):
        self.line, self.stem, self.options = line, [], []

    def done(self, answer: str, parsed: Parsed, line: int) -> None:
        letters = [letter for letter, _text in self.options]
        if not self.stem:
            parsed.error(self.line, _("The options have no question text above them."))
        elif len(self.options) < 2:
            parsed.error(self.line, _("A question needs at least two options (A), B), …)."))
        elif letters != [chr(ord("A") + i) for i in range(len(letters))]:
            parsed.error(self.line, _("The options must be lettered A, B, C… in order."))
        elif answer not in letters:
            message = _("The answer (line %(line)s) must be the letter of one of the options: %(answer)s")
            parsed.error(self.line, message % {"line": line, "answer": answer or "—"})
        else:
            options = [OptionDraft(text, Decimal(1 if letter == answer else 0)) for letter, text in self.options]
            parsed.drafts.append(
                ItemDraft(kind=Kind.SINGLE, stem="\n".join(self.stem), options=options, line=self.line)
            )


def aiken_parse(text: str) -> Parsed:
    """Every question of an Aiken text, with errors by line (1-based)."""
    parsed = Parsed()
    question = None
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if question is None:
            question = _Question(number)
        answer = _ANSWER_RE.match(line)
        option = _OPTION_RE.match(line)
        if answer:
            question.done(answer.group(1).strip().upper(), parsed, number)
            question = None
        elif option and (question.stem or question.options):
            question.options.append((option.group(1), option.group(2).strip()))
        elif question.options:
            parsed.error(
                question.line, _("After the options comes the line ANSWER: X (line %(line)s).") % {"line": number}
            )
            question = _Question(number)
            question.stem.append(line)
        else:
            question.stem.append(line)
    if question is not None:
        parsed.error(question.line, _("The question has no ANSWER: line."))
    return parsed


def aiken_expressible(draft: ItemDraft) -> bool:
    """Whether Aiken can hold the item unchanged: single choice, one right answer, others worth 0, one-line plain
    options, no feedback, at most 26 options."""
    return (
        draft.kind == Kind.SINGLE
        and draft.stem_format == ItemVersion.Format.PLAIN
        and not draft.general_feedback
        and len(draft.options) <= 26
        and sorted(o.fraction for o in draft.options)[-2:] == [0, 1]
        and all(o.fraction in (0, 1) and not o.feedback and "\n" not in o.text for o in draft.options)
        and not _OPTION_RE.match(draft.stem.splitlines()[-1].strip() if draft.stem else "")
        and not any(_ANSWER_RE.match(line.strip()) for line in draft.stem.splitlines())
        and all(line.strip() for line in draft.stem.splitlines())
    )


def aiken_write(drafts: list[ItemDraft]) -> str:
    """Items as an Aiken file (callers pass only `aiken_expressible` ones)."""
    out = []
    for draft in drafts:
        lines = [draft.stem]
        right = ""
        for i, option in enumerate(draft.options):
            letter = chr(ord("A") + i)
            lines.append(f"{letter}. {option.text}")
            if option.fraction == 1:
                right = letter
        lines.append(f"ANSWER: {right}")
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"
