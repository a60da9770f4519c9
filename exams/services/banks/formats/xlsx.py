"""The project's xlsx template for questions: one row an item, the options in columns A–J.

Read through the bounded reader of common.spreadsheets; written with every text as a text cell. The page shows
the columns (`COLUMNS`) and the template has one example row of each type (`EXAMPLES`).

- Loại: single, multiple, true_false, fill_in, numerical, matching, essay (or the Vietnamese names).
- A–J: the options; a fill-in's accepted answers; a numerical answer `3.5`, `3.5:0.1` (± tolerance) or `*`; a
  matching pair `left -> right` (an extra wrong answer: ` -> right`). True/false and essay leave them empty.
- Đáp án: the right letters (`B`, `A,C`), with a share where it is not all the points (`A:50,C:50,D:-100`);
  letters not named are worth 0. True/false: `Đúng` or `Sai`. Fill-in and numerical: empty = every answer right.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from common.spreadsheets import xlsx_row
from common.vietnamese import fold
from exams.models import Difficulty, ItemVersion
from exams.services.banks.content import (
    ANY_ANSWER,
    FALSE_TEXT,
    TRUE_TEXT,
    ItemDraft,
    OptionDraft,
    decimal_or_none,
    true_false_options,
)
from exams.services.banks.formats.common import Parsed, number_text, percent_text

Kind = ItemVersion.Kind
Format = ItemVersion.Format
LETTERS = "ABCDEFGHIJ"
H_TOPIC, H_CODE, H_KIND, H_DIFFICULTY, H_FORMAT, H_STEM = (
    "Chủ đề",
    "Mã câu hỏi",
    "Loại",
    "Độ khó",
    "Định dạng",
    "Câu hỏi",
)
H_KEY, H_GENERAL, H_POINTS, H_SHUFFLE, H_CASE = (
    "Đáp án",
    "Phản hồi chung",
    "Điểm",
    "Đảo phương án",
    "Phân biệt hoa thường",
)
COLUMNS = [
    H_TOPIC,
    H_CODE,
    H_KIND,
    H_DIFFICULTY,
    H_FORMAT,
    H_STEM,
    *LETTERS,
    H_KEY,
    *(f"Phản hồi {x}" for x in LETTERS),
    H_GENERAL,
    H_POINTS,
    H_SHUFFLE,
    H_CASE,
]
REQUIRED = [H_KIND, H_STEM]
KIND_NAMES = {
    Kind.SINGLE: ["single", "một lựa chọn", "trắc nghiệm", "chọn một"],
    Kind.MULTIPLE: ["multiple", "nhiều lựa chọn", "chọn nhiều"],
    Kind.TRUE_FALSE: ["true_false", "đúng/sai", "đúng sai"],
    Kind.FILL_IN: ["fill_in", "điền ngắn", "điền khuyết", "trả lời ngắn"],
    Kind.NUMERICAL: ["numerical", "số", "điền số"],
    Kind.MATCHING: ["matching", "ghép cặp", "ghép nối"],
    Kind.ESSAY: ["essay", "tự luận"],
}
KINDS_IN = {fold(name): kind for kind, names in KIND_NAMES.items() for name in names}
YES = {"co", "x", "1", "true", "yes"}
EXAMPLES = [
    {
        H_TOPIC: "Hệ thống chính trị / Nhà nước",
        H_KIND: "Một lựa chọn",
        H_DIFFICULTY: "1",
        H_STEM: "Cơ quan nào là cơ quan quyền lực nhà nước cao nhất của nước Cộng hòa xã hội chủ nghĩa Việt Nam?",
        "A": "Chính phủ",
        "B": "Quốc hội",
        "C": "Tòa án nhân dân tối cao",
        "D": "Chủ tịch nước",
        H_KEY: "B",
        "Phản hồi B": "Điều 69 Hiến pháp năm 2013.",
    },
    {
        H_TOPIC: "Pháp luật về cán bộ, công chức",
        H_KIND: "Nhiều lựa chọn",
        H_DIFFICULTY: "2",
        H_STEM: "Những hình thức kỷ luật nào áp dụng đối với công chức không giữ chức vụ lãnh đạo?",
        "A": "Khiển trách",
        "B": "Cách chức",
        "C": "Cảnh cáo",
        H_KEY: "A:50,C:50",
    },
    {
        H_TOPIC: "Pháp luật về cán bộ, công chức",
        H_KIND: "Đúng/Sai",
        H_DIFFICULTY: "1",
        H_STEM: "Công chức được tuyển dụng thông qua thi tuyển hoặc xét tuyển.",
        H_KEY: "Đúng",
    },
    {
        H_TOPIC: "Pháp luật về cán bộ, công chức",
        H_KIND: "Điền ngắn",
        H_DIFFICULTY: "2",
        H_STEM: "Luật Cán bộ, công chức được Quốc hội thông qua năm nào?",
        "A": "2008",
        "B": "năm 2008",
    },
    {H_TOPIC: "Tin học", H_KIND: "Số", H_DIFFICULTY: "3", H_STEM: "Một tệp 2 MB có bao nhiêu KB?", "A": "2048:0"},
    {
        H_TOPIC: "Tin học",
        H_KIND: "Ghép cặp",
        H_DIFFICULTY: "2",
        H_STEM: "Ghép phím tắt với chức năng.",
        "A": "Ctrl+C -> Sao chép",
        "B": "Ctrl+V -> Dán",
        "C": "Ctrl+Z -> Hoàn tác",
        "D": " -> In",
    },
    {
        H_TOPIC: "Kỹ năng",
        H_KIND: "Tự luận",
        H_DIFFICULTY: "4",
        H_STEM: "Trình bày quy trình tiếp nhận và xử lý văn bản đến tại cơ quan anh (chị).",
    },
]


class RowError(ValueError):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def xlsx_parse(rows: list[list]) -> Parsed:
    """Items from the rows of the template's first sheet (the header row first), errors by row and column."""
    parsed = Parsed()
    if not rows:
        parsed.error(1, _("The sheet is empty."))
        return parsed
    header = [_cell(h) for h in rows[0]]
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        parsed.error(1, _("Missing columns: %(names)s (download the template).") % {"names": ", ".join(missing)})
        return parsed
    index = {name: header.index(name) for name in COLUMNS if name in header}
    for number, row in enumerate(rows[1:], start=2):
        values = {name: _cell(row[i]) if i < len(row) else "" for name, i in index.items()}
        if not any(values.values()):
            continue
        try:
            parsed.drafts.append(_row(values, number))
        except RowError as exc:
            parsed.error(number, _("column %(column)s: %(message)s") % {"column": exc.column, "message": exc})
    return parsed


def _row(values: dict, number: int) -> ItemDraft:
    kind = KINDS_IN.get(fold(values.get(H_KIND, "")))
    if kind is None:
        raise RowError(H_KIND, _("unknown question type %(kind)s.") % {"kind": values.get(H_KIND) or "—"})
    fmt = values.get(H_FORMAT, "").lower() or Format.PLAIN
    if fmt not in Format.values:
        raise RowError(H_FORMAT, _("plain, html or markdown."))
    draft = ItemDraft(kind=kind, stem=values[H_STEM], stem_format=fmt, line=number, code=values.get(H_CODE, ""))
    draft.topic_path = tuple(p.strip() for p in values.get(H_TOPIC, "").split("/") if p.strip())
    draft.general_feedback = values.get(H_GENERAL, "")
    draft.difficulty = _difficulty(values.get(H_DIFFICULTY, ""))
    draft.points = _decimal(values.get(H_POINTS, ""), H_POINTS) or Decimal(1)
    draft.shuffle_options = fold(values.get(H_SHUFFLE, "")) in YES | {""}
    draft.case_sensitive = fold(values.get(H_CASE, "")) in YES
    draft.options = _options(kind, values)
    return draft


def _difficulty(text: str) -> int:
    if not text:
        return Difficulty.UNDERSTAND
    if text not in ("1", "2", "3", "4"):
        raise RowError(H_DIFFICULTY, _("1, 2, 3 or 4."))
    return int(text)


def _decimal(text: str, column: str) -> Decimal | None:
    try:
        return decimal_or_none(text)
    except ValueError as exc:
        raise RowError(column, _("not a number: %(text)s") % {"text": text}) from exc


def _key(text: str, letters: list[str], default: Decimal) -> dict[str, Decimal]:
    """{letter: share} from "A,C" or "A:50,C:50"; every letter when `text` is empty and `default` is not 0."""
    if not text:
        return {letter: default for letter in letters}
    shares = {}
    for part in text.replace(";", ",").split(","):
        letter, _sep, percent = part.strip().partition(":")
        letter = letter.strip().upper()
        if letter not in letters:
            raise RowError(H_KEY, _("%(letter)s is not one of the options given.") % {"letter": letter or "—"})
        shares[letter] = (_decimal(percent, H_KEY) / 100) if percent.strip() else Decimal(1)
    return shares


def _options(kind: str, values: dict) -> list[OptionDraft]:
    letters = [x for x in LETTERS if values.get(x)]
    feedback = {x: values.get(f"Phản hồi {x}", "") for x in LETTERS}
    key = values.get(H_KEY, "")
    if kind == Kind.TRUE_FALSE:
        answer = {"dung": True, "t": True, "true": True, "sai": False, "f": False, "false": False}.get(fold(key))
        if answer is None:
            raise RowError(H_KEY, _("Đúng or Sai."))
        return true_false_options(answer=answer, true_feedback=feedback["A"], false_feedback=feedback["B"])
    if kind == Kind.ESSAY:
        return []
    if kind == Kind.MATCHING:
        return [_pair(values[x]) for x in letters]
    if kind == Kind.MULTIPLE and not key:
        raise RowError(H_KEY, _("name the right letters, with their shares (A:50,C:50)."))
    shares = _key(key, letters, Decimal(1) if kind in (Kind.FILL_IN, Kind.NUMERICAL) else Decimal(0))
    if kind == Kind.MULTIPLE and all(":" not in part for part in key.split(",")):
        shares = {x: (Decimal(1) / len(shares)).quantize(Decimal("0.00001")) for x in shares}  # equal shares
    options = []
    for x in letters:
        option = OptionDraft(values[x], shares.get(x, Decimal(0)), feedback[x])
        if kind == Kind.NUMERICAL:
            option = _numeric_option(option, x)
        options.append(option)
    return options


def _pair(text: str) -> OptionDraft:
    left, arrow, right = text.partition("->")
    if not arrow:
        raise RowError(H_KEY, _("a matching pair is written left -> right."))
    return OptionDraft(left.strip(), Decimal(1 if left.strip() else 0), "", right.strip())


def _numeric_option(option: OptionDraft, column: str) -> OptionDraft:
    text = option.text.replace("±", ":")
    if text == ANY_ANSWER:
        return option
    value_text, _sep, tolerance_text = text.partition(":")
    value = _decimal(value_text, column)
    if value is None:
        raise RowError(column, _("not a number: %(text)s") % {"text": option.text})
    tolerance = _decimal(tolerance_text, column) or Decimal(0)
    return OptionDraft(number_text(value), option.fraction, option.feedback, "", value, tolerance)


# --- writing ------------------------------------------------------------------------------------------
def _option_cell(kind: str, option: OptionDraft) -> str:
    if kind == Kind.MATCHING:
        return f"{option.text} -> {option.match_text}"
    if kind == Kind.NUMERICAL and option.value is not None:
        return f"{number_text(option.value)}:{number_text(option.tolerance or Decimal(0))}"
    return option.text


def _key_cell(draft: ItemDraft) -> str:
    if draft.kind == Kind.TRUE_FALSE:
        return TRUE_TEXT if draft.options[0].fraction == 1 else FALSE_TEXT
    if draft.kind in (Kind.ESSAY, Kind.MATCHING):
        return ""
    parts = []
    for letter, option in zip(LETTERS, draft.options, strict=False):
        if option.fraction == 0:
            continue
        plain = option.fraction == 1 and draft.kind != Kind.MULTIPLE
        parts.append(letter if plain else f"{letter}:{percent_text(option.fraction)}")
    return ",".join(parts)


def xlsx_expressible(draft: ItemDraft) -> bool:
    """Whether the template holds the item: at most ten options."""
    return len(draft.options) <= len(LETTERS)


def xlsx_values(draft: ItemDraft) -> dict:
    """The template's cells of one item."""
    values = {
        H_TOPIC: " / ".join(draft.topic_path),
        H_CODE: draft.code,
        H_KIND: draft.kind,
        H_DIFFICULTY: str(draft.difficulty),
        H_FORMAT: draft.stem_format,
        H_STEM: draft.stem,
        H_KEY: _key_cell(draft),
        H_GENERAL: draft.general_feedback,
        H_POINTS: number_text(draft.points),
        H_SHUFFLE: "Có" if draft.shuffle_options else "Không",
        H_CASE: "Có" if draft.case_sensitive else "Không",
    }
    if draft.kind == Kind.TRUE_FALSE:
        values["Phản hồi A"], values["Phản hồi B"] = draft.options[0].feedback, draft.options[1].feedback
        return values
    for letter, option in zip(LETTERS, draft.options, strict=False):
        values[letter] = _option_cell(draft.kind, option)
        values[f"Phản hồi {letter}"] = option.feedback
    return values


def xlsx_write(rows: list[dict], out) -> None:
    """Write the template (header, then one row per dict of cells) to the binary stream `out`."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Câu hỏi")
    sheet.append(xlsx_row(sheet, COLUMNS))
    for values in rows:
        sheet.append(xlsx_row(sheet, [values.get(name, "") for name in COLUMNS]))
    book.save(out)
