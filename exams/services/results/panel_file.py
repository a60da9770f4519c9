"""The panel's marks as an xlsx file (issue #16): the template the page hands out (the candidates of the part
pre-filled, the members named so far, a sheet of instructions) and the reading of it back, by the same import that
any file goes through (all rows or none, each refusal naming its row and column)."""

import io
import unicodedata

from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.services import audit_record
from common.spreadsheets import upload_size_check, xlsx_row, xlsx_rows
from exams.models import Part
from exams.services.results.panel import ABSENT_WORDS, check_part, panel_candidates, panel_marks_save

MAX_MEMBERS = 9


def _folded(text) -> str:
    """Lower case, no accents, single spaces: “Số báo danh” and “so bao danh” are the same header."""
    text = unicodedata.normalize("NFD", " ".join(str(text or "").split()).lower()).replace("đ", "d")
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def _headers() -> dict[str, set[str]]:
    """The headers of the fixed columns, in the page's language and in English (the file may come from anyone)."""
    return {
        "number": {_folded(_("Candidate number")), "candidate number", "so bao danh", "sbd"},
        "name": {_folded(_("Full name")), "full name", "ho va ten", "ho ten"},
        "absent": {_folded(_("Absent")), "absent", "vang", "vang thi"},
    }


def _placeholder(n: int) -> str:
    return _("Member %(n)s") % {"n": n}


def _column(index: int) -> str:
    return chr(65 + index) if index < 26 else chr(64 + index // 26) + chr(65 + index % 26)


def panel_template_xlsx(*, part: Part, members: list[str], actor) -> bytes:
    """The template of `part`'s panel marks: row 1 the headers (candidate number, full name, one column per member
    named so far or “Member 1…3” to rename, Absent), then each candidate of the part with the marks given so far;
    a second sheet explains the columns. Audited as an export."""
    from openpyxl import Workbook

    check_part(part, published_ok=True)
    names = [m for m in members if m][:MAX_MEMBERS] or [_placeholder(n) for n in (1, 2, 3)]
    marks = {m.candidate_id: m for m in part.marks.all()}
    book = Workbook()
    sheet = book.active
    sheet.title = _("Marks")[:31]
    sheet.append(xlsx_row(sheet, [_("Candidate number"), _("Full name"), *names, _("Absent")]))
    for candidate in panel_candidates(part=part):
        mark = marks.get(candidate.pk)
        given = ((mark.details or {}).get("members", {}) if mark else {}) or {}
        values = [given.get(name) for name in names]
        absent = "x" if mark is not None and mark.absent else ""
        numbers = [None if v in (None, "") else float(v) for v in values]
        sheet.append(xlsx_row(sheet, [candidate.candidate_number, candidate.person.full_name, *numbers, absent]))
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 16, 30
    sheet.freeze_panes = "C2"
    notes = book.create_sheet(_("Instructions")[:31])
    for line in _instructions(part, names):
        notes.append([line])
    notes.column_dimensions["A"].width = 110
    out = io.BytesIO()
    book.save(out)
    audit_record(actor=actor, action="export", obj=part, scope=part.exam, note="panel marks template")
    return out.getvalue()


def _instructions(part: Part, names: list[str]) -> list[str]:
    top = format(part.max_score.normalize(), "f")
    return [
        _("Panel marks of “%(part)s” — %(exam)s") % {"part": part.name, "exam": part.exam.name},
        _("Column A: the candidate number; column B: the full name (checked against the number, not changed)."),
        _("Columns C onwards: one column per panel member, headed by his full name (replace “Member 1”… with the "
          "names; add or remove columns as the panel has members, at most %(n)s).") % {"n": MAX_MEMBERS},
        _("Each mark is a number from 0 to %(max)s; a decimal comma or point is accepted. Leave a member's cell empty "
          "when he gave no mark.") % {"max": top},
        _("Last column “Absent”: x for a candidate who did not sit this part (he is then recorded absent, not 0)."),
        _("Only this part's candidates may appear, each once. Every row is checked first: any bad row saves nothing, "
          "and each error names its row and column."),
        _("The members' marks are combined by the profile's rule into the candidate's mark."),
    ]  # fmt: skip


def _header_columns(header: list[str]) -> tuple[int, int | None, int | None, list[tuple[int, str]]]:
    known = _headers()
    folded = [_folded(h) for h in header]
    number = next((i for i, h in enumerate(folded) if h in known["number"]), 0)
    name = next((i for i, h in enumerate(folded) if h in known["name"]), None)
    absent = next((i for i, h in enumerate(folded) if h in known["absent"]), None)
    members = [(i, " ".join(header[i].split())) for i in range(len(header)) if i not in (number, name, absent)]
    return number, name, absent, members


def _check_header(header: list[str], members: list[tuple[int, str]]) -> None:
    errors = []
    while members and not members[-1][1]:
        members.pop()  # empty trailing columns
    if not members:
        errors.append(_("Row 1: give one column per panel member, headed by his name."))
    placeholders = {_folded(_placeholder(n)) for n in range(1, MAX_MEMBERS + 1)}
    placeholders |= {f"member {n}" for n in range(1, MAX_MEMBERS + 1)}  # a template made in English
    seen = set()
    for index, name in members:
        where = _("row 1, column %(c)s") % {"c": _column(index)}
        if not name:
            errors.append(_("%(where)s: the panel member's name is missing") % {"where": where})
        elif _folded(name) in placeholders:
            errors.append(
                _("%(where)s: write the panel member's name in place of “%(name)s”") % {"where": where, "name": name}
            )
        elif _folded(name) in seen:
            errors.append(_("%(where)s: “%(name)s” heads two columns") % {"where": where, "name": name})
        seen.add(_folded(name))
    if len(members) > MAX_MEMBERS:
        errors.append(_("Row 1: at most %(n)s panel members.") % {"n": MAX_MEMBERS})
    if errors:
        raise ApplicationError(_("Nothing was saved: %(errors)s.") % {"errors": "; ".join(errors)}, field="file",
                               extra={"errors": errors})  # fmt: skip


def panel_file_rows(table: list[list]) -> list[dict]:
    """The rows of a marks file as panel_marks_save takes them (each with where it stands in the file)."""
    header = [" ".join(str(cell or "").split()) for cell in table[0]]
    number_at, name_at, absent_at, members = _header_columns(header)
    _check_header(header, members)
    rows = []
    for n, cells in enumerate(table[1:], start=2):
        cells = list(cells) + [""] * (len(header) - len(cells))
        if not any(str(c if c is not None else "").strip() for c in cells):
            continue
        absent = absent_at is not None and str(cells[absent_at] or "").strip().lower() in ABSENT_WORDS
        at = {"n": n, "c": _column(number_at)}
        rows.append({
            "where": _("Row %(n)s, column %(c)s") % at, "number": str(cells[number_at] or "").strip(),
            "absent": absent, "name": str(cells[name_at] or "").strip() if name_at is not None else "",
            "name_where": _("row %(n)s, column %(c)s") % {"n": n, "c": _column(name_at or 0)},
            "members": {name: (cells[i], _("row %(n)s, column %(c)s") % {"n": n, "c": _column(i)})
                        for i, name in members},
        })  # fmt: skip
    return rows


def panel_marks_import(*, part: Part, actor, upload) -> int:
    """The panel's marks from an xlsx (the template, or any sheet with a candidate-number column, one column per
    member and optionally the full name and “Absent”), read through the bounded reader; all rows or none."""
    check_part(part)
    upload_size_check(upload=upload)
    table = xlsx_rows(source=upload)
    if len(table) < 2:
        raise ApplicationError(_("The file has no rows of marks."), field="file")
    return panel_marks_save(part=part, actor=actor, rows=panel_file_rows(table), source="file")
