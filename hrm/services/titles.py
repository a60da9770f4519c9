"""Professional titles (chức danh nghề nghiệp) of public employees: which staff type a rank or title fits, what a
promotion (thăng hạng) may lead to, and the import of titles with their salary groups as data.

A title is a Rank of kind "title" (or "both" for the administrative titles of TT 05/2024/TT-BNV, which share the
civil-service codes), so hiring, salary records and the staff import read titles exactly as they read ranks.
"""

import datetime as dt
import json
import os
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.services import audit_record, snapshot
from common.spreadsheets import upload_saved, xlsx_rows
from hrm.models import Employee, Rank, RankGroup, SalaryGroup
from hrm.models.rules import Verification

StaffType = Employee.StaffType
KINDS_FOR = {  # staff types paid by one kind only; cadres and contract workers may hold either
    StaffType.VIEN_CHUC: (Rank.Kind.TITLE, Rank.Kind.BOTH),
    StaffType.CONG_CHUC: (Rank.Kind.RANK, Rank.Kind.BOTH),
}
ROMAN = Rank.ROMAN


def rank_kinds_for(*, staff_type: str) -> tuple[str, ...] | None:
    """The rank kinds a staff type may be paid by, or None when any kind fits."""
    return KINDS_FOR.get(staff_type)


def rank_staff_type_check(*, rank: Rank, staff_type: str, field: str = "rank") -> None:
    """Refuse a civil-service rank for a public employee and a professional title for a civil servant."""
    kinds = rank_kinds_for(staff_type=staff_type)
    if kinds is None or rank.kind in kinds:
        return
    if staff_type == StaffType.VIEN_CHUC:
        message = _("A public employee is paid by a professional title (chức danh nghề nghiệp); %(rank)s is a rank.")
    else:
        message = _("A civil servant is paid by a civil-service rank (ngạch); %(rank)s is a professional title.")
    raise ApplicationError(message % {"rank": rank.code}, field=field)


def title_promotion_check(*, current: Rank | None, new: Rank, staff_type: str) -> None:
    """Thăng hạng: a public employee is promoted to a title of a higher grade in the same field and series."""
    if staff_type != StaffType.VIEN_CHUC or current is None:
        return
    same_line = (
        current.grade is not None
        and new.grade is not None
        and current.field == new.field
        and current.series == new.series
    )
    if not same_line or new.grade >= current.grade:
        message = _(
            "A promotion (thăng hạng) goes to a title of a higher grade in the same field and series as %(rank)s."
        )
        raise ApplicationError(message % {"rank": f"{current.code} {current.name}"}, field="rank")


# --- import ---------------------------------------------------------------------------------------------------
MAX_ROWS = 2000  # a province's ranks and titles are a few hundred: a larger file is a mistake, refused before any check
KEYS = ("code", "name", "kind", "field", "series", "grade", "group", "table", "from", "legal_basis", "verification")
OPTIONAL = ("note",)


def titles_read(*, path: str | Path) -> list[dict]:
    """Rows of a titles file: a .json ({"titles": [...]} or a list) or an .xlsx whose first row names the keys."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            rows = data["titles"] if isinstance(data, dict) else data
        elif suffix == ".xlsx":
            rows = _xlsx_rows(path)
        else:
            raise ApplicationError(_("Only .json and .xlsx files can be imported."), field="file")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ApplicationError(_("The file cannot be read: %(error)s") % {"error": exc}, field="file") from exc
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise ApplicationError(_("The file holds no list of titles."), field="file")
    if len(rows) > MAX_ROWS:
        message = _("The file holds %(n)s rows: a titles file holds at most %(max)s.")
        raise ApplicationError(message % {"n": len(rows), "max": MAX_ROWS}, field="file")
    return rows


def _xlsx_rows(path: Path) -> list[dict]:
    """The rows of the first sheet under its header row, read within the bounds of every upload (common.spreadsheets:
    a file that claims millions of cells is refused before it is read)."""
    rows = xlsx_rows(source=str(path))
    headers = [str(h or "").strip() for h in (rows[0] if rows else [])]
    return [dict(zip(headers, line, strict=False)) for line in rows[1:] if any(v not in (None, "") for v in line)]


def _text(row: dict, key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value).strip()


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if "/" in text:
        day, month, year = text.split("/")
        return dt.date(int(year), int(month), int(day))
    return dt.date.fromisoformat(text)


def _grade(value) -> int | None:
    if value in (None, ""):
        return None
    text = str(value).strip().upper()
    by_roman = {v: k for k, v in ROMAN.items()}
    grade = by_roman.get(text) or (int(float(text)) if text.replace(".", "", 1).isdigit() else None)
    if grade not in ROMAN:
        raise ValueError
    return grade


def _choice(row: dict, key: str, choices, default: str) -> str:
    value = _text(row, key) or default
    if value not in choices:
        raise ValueError
    return value


def _title_clean(row: dict) -> tuple[dict, list[tuple[str, str]]]:
    """One row's values and its errors as (key, message)."""
    errors, values = [], {}
    values["code"], values["name"] = _text(row, "code"), _text(row, "name")
    for key, limit in (("code", 20), ("name", 150)):
        if not values[key]:
            errors.append((key, _("This field is required.")))
        elif len(values[key]) > limit:
            errors.append((key, _("At most %(n)s characters.") % {"n": limit}))
    checks = {
        "kind": lambda: _choice(row, "kind", Rank.Kind.values, Rank.Kind.TITLE),
        "field": lambda: _choice(row, "field", [*Rank.Field.values, ""], ""),
        "grade": lambda: _grade(row.get("grade")),
        "table": lambda: _choice(row, "table", SalaryGroup.Table.values, SalaryGroup.Table.PUBLIC),
        "verification": lambda: _choice(row, "verification", Verification.values, Verification.UNVERIFIED),
    }
    for key, check in checks.items():
        try:
            values[key] = check()
        except (ValueError, TypeError):
            errors.append((key, _("Not a valid value: %(value)s.") % {"value": _text(row, key)}))
    if values.get("kind") in (Rank.Kind.TITLE, Rank.Kind.BOTH) and values.get("field") == "":
        errors.append(("field", _("A professional title needs its field.")))
    values["series"], values["group"] = _text(row, "series")[:60], _text(row, "group")
    values["legal_basis"], values["note"] = _text(row, "legal_basis")[:255], _text(row, "note")[:255]
    values["from"] = None
    if values["group"] or _text(row, "from"):
        try:
            values["from"] = _date(row.get("from"))
        except (ValueError, TypeError):
            errors.append(("from", _("Give the date the salary group applies from (yyyy-mm-dd or dd/mm/yyyy).")))
    if values["from"] is not None and not values["group"]:
        errors.append(("group", _("Give the salary group.")))
    if values["group"] and values["from"] is not None and "table" in values:
        found = SalaryGroup.objects.filter(code=values["group"], table=values["table"]).in_force_one(values["from"])
        if found is None:
            message = _("No salary group %(group)s in that table is in force on that date.")
            errors.append(("group", message % {"group": values["group"]}))
    return values, errors


def _titles_check(rows: list[dict], first_row: int) -> list[dict]:
    """Every row's values, or one refusal naming each bad row and field (nothing written)."""
    cleaned, messages, seen = [], [], set()
    for number, row in enumerate(rows, start=first_row):
        values, errors = _title_clean(row)
        if values["code"] and values["code"] in seen:
            errors.append(("code", _("This code appears twice in the file.")))
        seen.add(values["code"])
        for key, message in errors:
            where = _("Row %(n)s (%(code)s), %(key)s") % {"n": number, "code": values["code"] or "—", "key": key}
            messages.append(f"{where}: {message}")
        cleaned.append(values)
    if messages:
        raise ApplicationError(messages, field="file")
    return cleaned


def _group_set(*, rank: Rank, values: dict) -> bool:
    """Pay `rank` in the row's group from its date: the period in force then ends that day. True if changed."""
    start = values["from"]
    same = RankGroup.objects.filter(rank=rank, valid_from=start).first()
    fields = {"group_code": values["group"], "table": values["table"], "legal_basis": values["legal_basis"]}
    if same is not None:
        if (same.group_code, same.table) == (values["group"], values["table"]):
            return False  # the period as it stands, its own legal basis kept: the file's is the title's
        RankGroup.objects.filter(pk=same.pk).update(**fields)
        return True
    earlier = RankGroup.objects.filter(rank=rank, valid_from__lt=start).in_force_one(start)
    later = RankGroup.objects.filter(rank=rank, valid_from__gt=start).order_by("valid_from").first()
    end = later.valid_from if later else None
    if earlier is not None:
        end = earlier.valid_to if end is None else end
        RankGroup.objects.filter(pk=earlier.pk).update(valid_to=start)
    RankGroup.objects.create(rank=rank, valid_from=start, valid_to=end, **fields)
    return True


RANK_FIELDS = ("name", "kind", "field", "series", "grade", "legal_basis", "verification")


@transaction.atomic
def titles_import(*, rows: list[dict], actor=None, first_row: int = 1) -> dict:
    """Add or update professional titles and their salary groups: all rows or none; audited per title.

    `first_row` numbers the rows in refusals as the file does (2 for a spreadsheet under its header row).
    """
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for values in _titles_check(rows, first_row):
        rank = Rank.objects.filter(code=values["code"]).first()
        created = rank is None
        rank = rank or Rank(code=values["code"])
        before = None if created else snapshot(rank)
        for name in RANK_FIELDS:
            setattr(rank, name, values[name])
        if values["note"]:
            rank.note = values["note"]
        rank.save()
        after = snapshot(rank)
        linked = _group_set(rank=rank, values=values) if values["group"] else False
        if created:
            counts["created"] += 1
            audit_record(actor=actor, action="create", obj=rank, after=after)
        elif before != after or linked:
            counts["updated"] += 1
            audit_record(actor=actor, action="update", obj=rank, before=before, after=after)
        else:
            counts["unchanged"] += 1
    return counts


def titles_import_file(*, path: str | Path, actor=None) -> dict:
    """Read a titles file (.json or .xlsx) and import it (all rows or none)."""
    first_row = 2 if Path(path).suffix.lower() == ".xlsx" else 1
    return titles_import(rows=titles_read(path=path), actor=actor, first_row=first_row)


def titles_import_upload(*, upload, actor) -> dict:
    """Import an uploaded titles file (.json or .xlsx, size-checked) for a province administrator: all rows or none."""
    from hrm.access import RULES_CHANGE
    from hrm.selectors import may

    if not may(actor, RULES_CHANGE):
        raise PermissionDenied
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in (".json", ".xlsx"):
        raise ApplicationError(_("Only .json and .xlsx files can be imported."), field="file")
    path = upload_saved(upload=upload, suffix=suffix)
    try:
        return titles_import_file(path=path, actor=actor)
    finally:
        os.unlink(path)


def titles_file_rows(*, on: dt.date) -> list[list]:
    """Every rank and title as a titles file writes it (KEYS as the header row, then a row per rank, with the salary
    group in force on `on`): what a province downloads, changes and imports again."""
    from hrm.selectors.salary import ranks_with_groups

    rows = [list(KEYS)]
    for rank, group in ranks_with_groups(on=on):
        values = {name: getattr(rank, name) for name in RANK_FIELDS}
        values.update(
            code=rank.code,
            grade=rank.grade_roman,
            group=group.group_code if group else "",
            table=group.table if group else "",
        )
        values["from"] = group.valid_from.strftime("%d/%m/%Y") if group else ""
        rows.append([values[key] for key in KEYS])
    return rows
