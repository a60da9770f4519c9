"""Moodle XML: read safely with lxml and written as Moodle writes it.

Safety: a file with a DOCTYPE is refused outright (no entity can be declared, so none is expanded: no "billion
laughs", no external entity reading a server file), the parser neither loads DTDs nor touches the network, huge
trees are off, and the size is bounded before parsing. Categories (`<question type="category">`) become topics;
descriptions are skipped (not questions); images embedded as `<file encoding="base64">` come with the items.
Types read: multichoice, truefalse, shortanswer, numerical, matching, essay. Moodle tags `congvu-difficulty-N`
carry the difficulty, which Moodle keeps as an ordinary tag.
"""

import base64
import binascii
from decimal import Decimal

from django.utils.translation import gettext as _
from lxml import etree

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
FORMATS_IN = {
    "html": Format.HTML,
    "markdown": Format.MARKDOWN,
    "plain_text": Format.PLAIN,
    "moodle_auto_format": Format.PLAIN,
}
FORMATS_OUT = {Format.HTML: "html", Format.MARKDOWN: "markdown", Format.PLAIN: "plain_text"}
TYPES_OUT = {
    Kind.SINGLE: "multichoice",
    Kind.MULTIPLE: "multichoice",
    Kind.TRUE_FALSE: "truefalse",
    Kind.FILL_IN: "shortanswer",
    Kind.NUMERICAL: "numerical",
    Kind.MATCHING: "matching",
    Kind.ESSAY: "essay",
}
DIFFICULTY_TAG = "congvu-difficulty-"


class XmlError(ValueError):
    pass


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _root(data: bytes):
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise XmlError(_("The file declares a DOCTYPE or entities, which a Moodle XML file never does: refused."))
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise XmlError(
            _("Line %(line)s: this is not well-formed XML (%(why)s).") % {"line": exc.lineno, "why": exc.msg}
        ) from exc
    if root.tag != "quiz":
        raise XmlError(_("A Moodle XML file starts with <quiz>."))
    return root


def _text(element, path: str = "text") -> str:
    if element is None:
        return ""
    found = element.find(path) if path else element
    return (found.text or "").strip() if found is not None else ""


def _format(element) -> str:
    return FORMATS_IN.get(element.get("format", "html") if element is not None else "html", Format.HTML)


def _files(element, parsed: Parsed, line: int) -> None:
    for file in element.iter("file"):
        if file.get("encoding", "base64") != "base64":
            continue
        try:
            parsed.files[file.get("name", "")] = base64.b64decode(file.text or "", validate=False)
        except (binascii.Error, ValueError):
            parsed.error(file.sourceline or line, _("An embedded image is not valid base64."))


def moodlexml_parse(data: bytes) -> Parsed:
    """Every question of a Moodle XML file, with errors by line; XmlError when the file itself is unusable."""
    parsed = Parsed()
    category: tuple[str, ...] = ()
    for question in _root(data).iterchildren("question"):
        qtype, line = question.get("type", ""), question.sourceline or 0
        if qtype == "category":
            category = category_path(_text(question.find("category")))
            continue
        if qtype == "description":
            parsed.skipped.append({"line": line, "message": _("A description is not a question.")})
            continue
        reader = READERS.get(qtype)
        if reader is None:
            parsed.error(line, _("Question type %(type)s cannot be imported.") % {"type": qtype or "?"})
            continue
        try:
            draft = _common(question, category, line)
            reader(question, draft)
        except XmlError as exc:
            parsed.error(line, str(exc))
            continue
        _files(question, parsed, line)
        parsed.drafts.append(draft)
    return parsed


def _common(question, category, line) -> ItemDraft:
    text = question.find("questiontext")
    draft = ItemDraft(kind=Kind.ESSAY, stem=_text(text), stem_format=_format(text), topic_path=category, line=line)
    draft.code = _text(question.find("name"))
    if draft.code == _default_name(draft.stem):
        draft.code = ""  # the name Moodle (or our export) made up from the text: not a code of its own
    draft.general_feedback = _text(question.find("generalfeedback"))
    grade = _number(_text(question, "defaultgrade"), Decimal(1))
    draft.points = grade if grade > 0 else Decimal(1)
    for tag in question.iterfind("tags/tag"):
        name = _text(tag)
        if name.startswith(DIFFICULTY_TAG) and name[len(DIFFICULTY_TAG) :] in "1234":
            draft.difficulty = int(name[len(DIFFICULTY_TAG) :])
    return draft


def _default_name(stem: str) -> str:
    return " ".join(stem.split())[:60]


def _number(text: str, default: Decimal | None = None) -> Decimal | None:
    try:
        value = decimal_or_none(text)
    except ValueError as exc:
        raise XmlError(_("Not a number: %(text)s") % {"text": text[:40]}) from exc
    return default if value is None else value


def _fraction(answer) -> Decimal:
    return _number(answer.get("fraction", "0"), Decimal(0)) / 100


def _answers(question) -> list:
    return list(question.iterfind("answer"))


def _choices(question, draft: ItemDraft) -> None:
    single = _text(question, "single").lower() in ("true", "1", "")
    draft.kind = Kind.SINGLE if single else Kind.MULTIPLE
    draft.shuffle_options = _text(question, "shuffleanswers").lower() not in ("0", "false")
    draft.options = [OptionDraft(_text(a), _fraction(a), _text(a.find("feedback"))) for a in _answers(question)]


def _true_false(question, draft: ItemDraft) -> None:
    draft.kind = Kind.TRUE_FALSE
    answers = {_text(a).lower(): a for a in _answers(question)}
    if set(answers) != {"true", "false"}:
        raise XmlError(_("A true/false question has the answers true and false."))
    right = _fraction(answers["true"]) == 1
    feedback = {key: _text(a.find("feedback")) for key, a in answers.items()}
    draft.options = true_false_options(answer=right, true_feedback=feedback["true"], false_feedback=feedback["false"])


def _short(question, draft: ItemDraft) -> None:
    draft.kind = Kind.FILL_IN
    draft.case_sensitive = _text(question, "usecase") == "1"
    draft.options = [OptionDraft(_text(a), _fraction(a), _text(a.find("feedback"))) for a in _answers(question)]


def _numerical(question, draft: ItemDraft) -> None:
    draft.kind = Kind.NUMERICAL
    options = []
    for answer in _answers(question):
        text, feedback = _text(answer), _text(answer.find("feedback"))
        if text in ("", ANY_ANSWER):
            options.append(OptionDraft(ANY_ANSWER, _fraction(answer), feedback))
            continue
        value, tolerance = _number(text), _number(_text(answer, "tolerance"), Decimal(0))
        options.append(OptionDraft(number_text(value), _fraction(answer), feedback, "", value, tolerance))
    draft.options = options


def _matching(question, draft: ItemDraft) -> None:
    draft.kind = Kind.MATCHING
    draft.shuffle_options = _text(question, "shuffleanswers").lower() not in ("0", "false")
    draft.options = [
        OptionDraft(_text(sub), Decimal(1 if _text(sub) else 0), "", _text(sub.find("answer")))
        for sub in question.iterfind("subquestion")
    ]


def _essay(question, draft: ItemDraft) -> None:
    draft.kind = Kind.ESSAY


READERS = {
    "multichoice": _choices,
    "truefalse": _true_false,
    "shortanswer": _short,
    "numerical": _numerical,
    "matching": _matching,
    "match": _matching,
    "essay": _essay,
}


# --- writing ------------------------------------------------------------------------------------------
def _text_element(parent, tag: str, text: str, fmt: str | None = None):
    element = etree.SubElement(parent, tag)
    if fmt is not None:
        element.set("format", fmt)
    etree.SubElement(element, "text").text = etree.CDATA(text) if text and ("<" in text or "&" in text) else text
    return element


def _answer(parent, option: OptionDraft, fmt: str):
    answer = etree.SubElement(parent, "answer", fraction=percent_text(option.fraction), format=fmt)
    etree.SubElement(answer, "text").text = option.text
    _text_element(answer, "feedback", option.feedback, fmt)
    return answer


def _write_answers(question, draft: ItemDraft, fmt: str) -> None:
    if draft.kind in (Kind.SINGLE, Kind.MULTIPLE):
        etree.SubElement(question, "single").text = "true" if draft.kind == Kind.SINGLE else "false"
        etree.SubElement(question, "shuffleanswers").text = "true" if draft.shuffle_options else "false"
        etree.SubElement(question, "answernumbering").text = "ABCD"
    if draft.kind == Kind.FILL_IN:
        etree.SubElement(question, "usecase").text = "1" if draft.case_sensitive else "0"
    if draft.kind == Kind.TRUE_FALSE:
        for option, word in zip(draft.options, ("true", "false"), strict=True):
            _answer(question, OptionDraft(word, option.fraction, option.feedback), fmt)
    elif draft.kind == Kind.MATCHING:
        etree.SubElement(question, "shuffleanswers").text = "true" if draft.shuffle_options else "false"
        for option in draft.options:
            sub = _text_element(question, "subquestion", option.text, fmt)
            etree.SubElement(etree.SubElement(sub, "answer"), "text").text = option.match_text
    elif draft.kind == Kind.NUMERICAL:
        for option in draft.options:
            answer = _answer(question, option, fmt)
            if option.value is not None:
                answer.find("text").text = number_text(option.value)
                etree.SubElement(answer, "tolerance").text = number_text(option.tolerance or Decimal(0))
    elif draft.kind != Kind.ESSAY:
        for option in draft.options:
            _answer(question, option, fmt)


def moodlexml_question(draft: ItemDraft, files: dict[str, bytes]):
    """One item as a <question> element, with the images its texts name embedded."""
    fmt = FORMATS_OUT[draft.stem_format]
    question = etree.Element("question", type=TYPES_OUT[draft.kind])
    _text_element(question, "name", draft.code or _default_name(draft.stem))
    stem = _text_element(question, "questiontext", draft.stem, fmt)
    for name, data in files.items():
        file = etree.SubElement(stem, "file", name=name, path="/", encoding="base64")
        file.text = base64.b64encode(data).decode()
    _text_element(question, "generalfeedback", draft.general_feedback, fmt)
    etree.SubElement(question, "defaultgrade").text = number_text(draft.points)
    _write_answers(question, draft, fmt)
    tags = etree.SubElement(question, "tags")
    etree.SubElement(etree.SubElement(tags, "tag"), "text").text = f"{DIFFICULTY_TAG}{draft.difficulty}"
    return question


def moodlexml_write(drafts: list[ItemDraft], files_of=lambda draft: {}) -> bytes:
    """Items as a Moodle XML file: a category question whenever the topic changes; `files_of(draft)` gives the
    images ({name: bytes}) to embed with each item."""
    quiz = etree.Element("quiz")
    category = None
    for draft in drafts:
        if draft.topic_path != category:
            category = draft.topic_path
            head = etree.SubElement(quiz, "question", type="category")
            _text_element(head, "category", category_text(category))
        quiz.append(moodlexml_question(draft, files_of(draft)))
    return etree.tostring(quiz, xml_declaration=True, encoding="UTF-8", pretty_print=True)
