"""An xlsx rewritten as Excel saves it: its texts in a shared strings table, not inline in the sheet.

openpyxl writes each text cell inline (`<c t="inlineStr"><is><t>…</t></is></c>`); Excel writes `<c t="s"><v>n</v></c>`
and the texts once each, in the order first met, in xl/sharedStrings.xml (`xml:space="preserve"` on a text with
spaces at either end), and no cell for an empty text. The benchmarks read both kinds of file.
"""

import re
import zipfile
from pathlib import Path

_INLINE = re.compile(
    rb'<c r="([A-Z]+[0-9]+)" t="inlineStr">(?:<is><t(?: xml:space="preserve")?>(.*?)</t></is>|<is><t/></is>)?</c>'
)
_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _shared(sheet: bytes) -> tuple[bytes, bytes]:
    """(the sheet with shared string cells, the shared strings table); the texts stay XML-escaped as they were."""
    index: dict[bytes, int] = {}
    count = 0

    def cell(match: re.Match) -> bytes:
        nonlocal count
        text = match.group(2)
        if not text:
            return b""
        count += 1
        return b'<c r="%s" t="s"><v>%d</v></c>' % (match.group(1), index.setdefault(text, len(index)))

    sheet = _INLINE.sub(cell, sheet)
    items = [
        b'<si><t xml:space="preserve">%s</t></si>' % t if t != t.strip() else b"<si><t>%s</t></si>" % t for t in index
    ]
    head = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="%s" count="%d" uniqueCount="%d">'
    return sheet, head % (_MAIN, count, len(index)) + b"".join(items) + b"</sst>"


def shared_strings_rewrite(path: Path) -> None:
    """Rewrite the xlsx at `path` (one sheet, written by openpyxl) with its texts in a shared strings table."""
    with zipfile.ZipFile(path) as book:
        entries = {e.filename: book.read(e) for e in book.infolist()}
    sheet_name = next(name for name in entries if name.startswith("xl/worksheets/"))
    entries[sheet_name], entries["xl/sharedStrings.xml"] = _shared(entries[sheet_name])
    types = entries["[Content_Types].xml"].decode()
    entries["[Content_Types].xml"] = types.replace(
        "</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPE}"/></Types>'
    ).encode()
    relations = entries["xl/_rels/workbook.xml.rels"].decode()
    entries["xl/_rels/workbook.xml.rels"] = relations.replace(
        "</Relationships>",
        f'<Relationship Type="{_RELATION}" Target="sharedStrings.xml" Id="rIdShared"/></Relationships>',
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in entries.items():
            book.writestr(name, data)
