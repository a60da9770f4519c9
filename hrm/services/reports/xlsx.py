"""The quality report as a workbook laid out like the printed form: title, a two-row header, rows, total."""

import io
from itertools import groupby

from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from common.dated import short_date
from common.spreadsheets import xlsx_number, xlsx_text

HEADER_TOP = 4  # rows 1-3: title, unit and date, blank
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _title(ws, report: dict, width: int) -> None:
    ws.cell(1, 1, gettext("Report on the number and quality of staff")).font = Font(bold=True, size=13)
    on = short_date(report["on"])
    ws.cell(2, 1, gettext("%(unit)s, on %(date)s") % {"unit": report["unit"]["name"], "date": on})
    for row in (1, 2):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        ws.cell(row, 1).alignment = Alignment(horizontal="center")


def _header(ws, columns: list[dict]) -> None:
    top, sub = HEADER_TOP, HEADER_TOP + 1
    ws.cell(top, 1, gettext("No."))
    ws.cell(top, 2, gettext("Unit"))
    for col in (1, 2):
        ws.merge_cells(start_row=top, start_column=col, end_row=sub, end_column=col)
    col = 3
    for group, members in groupby(columns, key=lambda c: c["group"]):
        members = list(members)
        if group:
            ws.cell(top, col, group)
            ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + len(members) - 1)
            for i, member in enumerate(members):
                ws.cell(sub, col + i, member["label"])
        else:
            for i, member in enumerate(members):
                ws.cell(top, col + i, member["label"])
                ws.merge_cells(start_row=top, start_column=col + i, end_row=sub, end_column=col + i)
        col += len(members)


def _body(ws, report: dict) -> int:
    row = HEADER_TOP + 2
    for n, line in enumerate(report["rows"], start=1):
        ws.append([n, line["name"], *line["cells"]])
        row += 1
    ws.append(["", gettext("Total"), *report["total"]["cells"]])
    for cell in ws[row]:
        cell.font = Font(bold=True)
    return row


def _style(ws, last_row: int, width: int) -> None:
    for row in ws.iter_rows(min_row=HEADER_TOP, max_row=last_row, max_col=width):
        for cell in row:
            cell.border = BOX
            if cell.row <= HEADER_TOP + 1:
                cell.alignment = CENTER
                cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 36
    for col in range(3, width + 1):
        ws.column_dimensions[get_column_letter(col)].width = 11
    ws.row_dimensions[HEADER_TOP + 1].height = 45
    ws.freeze_panes = ws.cell(HEADER_TOP + 2, 3)


def quality_report_xlsx(*, report: dict) -> bytes:
    """The workbook (xlsx bytes) of a report made by quality_report."""
    wb = Workbook()
    ws = wb.active
    ws.title = gettext("Quality report")[:31]
    width = 2 + len(report["columns"])
    _title(ws, report, width)
    _header(ws, report["columns"])
    last_row = _body(ws, report)
    _style(ws, last_row, width)
    for row in ws.iter_rows():  # unit names and labels are data: none may run as a formula; counts are numbers
        for cell in row:
            xlsx_number(xlsx_text(cell))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
