"""Import and export of questions: GIFT, Aiken, Moodle XML and the xlsx template, one service behind the page, the
API and the commands.

Import: read (format from the extension, size-bounded) → check every item (texts cleaned, rules of its type,
images by content) → plan (content hash per bank: what the bank or the file already holds is not added again)
→ write everything in one transaction with bulk inserts, or nothing when any item is wrong (each named by line or
row, in Vietnamese). Imported versions are drafts written by the importer: review and approval follow as usual.
"""

import io
import re
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.services import audit_record
from common.spreadsheets import xlsx_rows
from exams.models import Item, ItemOption, ItemVersion, QuestionBank, Subject
from exams.services.banks.assets import asset_files_forget, asset_name_clean, asset_store, image_kind
from exams.services.banks.bulk import items_insert
from exams.services.banks.content import ItemDraft, content_hash, draft_clean, draft_from_version, draft_problems
from exams.services.banks.formats.aiken import aiken_expressible, aiken_parse, aiken_write
from exams.services.banks.formats.common import Parsed
from exams.services.banks.formats.gift import gift_expressible, gift_parse, gift_write
from exams.services.banks.formats.moodlexml import XmlError, moodlexml_parse, moodlexml_write
from exams.services.banks.formats.xlsx import xlsx_expressible, xlsx_parse, xlsx_values, xlsx_write
from exams.services.banks.rendering import PLACEHOLDER
from exams.services.banks.structure import bank_create, topic_ensure_path

EXTENSIONS = {".gift": "gift", ".txt": "gift", ".aiken": "aiken", ".xml": "moodlexml", ".xlsx": "xlsx"}
EXPORT_NAMES = {"gift": "gift", "aiken": "aiken.txt", "moodlexml": "xml", "xlsx": "xlsx"}
CONTENT_TYPES = {
    "gift": "text/plain; charset=utf-8",
    "aiken": "text/plain; charset=utf-8",
    "moodlexml": "application/xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DEFAULT_TOPIC = "Chưa phân loại"
DEFAULT_SUBJECT = "KTC"
PREVIEW = 100
_PLACEHOLDER_RE = re.compile(re.escape(PLACEHOLDER) + r"([^\"')\s<>]+)")


def file_format(name: str) -> str:
    """The format of a question file from its extension (.gift/.txt GIFT, .aiken Aiken, .xml Moodle XML, .xlsx)."""
    fmt = EXTENSIONS.get(Path(name or "").suffix.lower())
    if fmt is None:
        message = _(
            "Question files are .gift or .txt (GIFT), .aiken (Aiken), .xml (Moodle XML) or .xlsx (the template)."
        )
        raise ApplicationError(message, field="file")
    return fmt


def import_max_bytes() -> int:
    """The largest question file accepted (the spreadsheet upload limit)."""
    return settings.CONGVU_UPLOAD_SPREADSHEET_MAX_BYTES


def _text_of(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = _("The file is not UTF-8 text (line %(line)s): save it again as UTF-8.")
        raise ApplicationError(message % {"line": data[: exc.start].count(b"\n") + 1}, field="file") from exc


def questions_read(*, path: str, fmt: str) -> Parsed:
    """The items of a question file (bounded in size; the xlsx through the bounded reader)."""
    size = Path(path).stat().st_size
    limit = import_max_bytes()
    if size > limit:
        raise ApplicationError(
            _("The file is too large: at most %(n)s MB.") % {"n": round(limit / 1024**2, 1)}, field="file"
        )
    if fmt == "xlsx":
        return xlsx_parse(xlsx_rows(source=path))
    data = Path(path).read_bytes()
    if fmt == "moodlexml":
        try:
            return moodlexml_parse(data)
        except XmlError as exc:
            raise ApplicationError(str(exc), field="file") from exc
    text = _text_of(data)
    return gift_parse(text) if fmt == "gift" else aiken_parse(text)


# --- checking and planning ------------------------------------------------------------------------------
def _check(parsed: Parsed) -> list[dict]:
    errors = list(parsed.errors)
    for draft in parsed.drafts:
        draft_clean(draft)
        for _field, message in draft_problems(draft):
            errors.append({"line": draft.line, "message": message})
    for name, data in parsed.files.items():
        try:
            image_kind(data)
        except ApplicationError as exc:
            errors.append({"line": 0, "message": f"{name}: {' '.join(exc.messages)}"})
    return sorted(errors, key=lambda e: e["line"])


def _plan(*, bank: QuestionBank | None, drafts: list[ItemDraft]) -> tuple[list[tuple[ItemDraft, str]], int]:
    """The drafts to add with their hashes, and how many the bank (or the file above them) already holds."""
    known = set()
    if bank is not None:
        known = set(ItemVersion.objects.filter(item__bank=bank).values_list("content_hash", flat=True))
    new, duplicates = [], 0
    for draft in drafts:
        digest = content_hash(draft)
        if digest in known:
            duplicates += 1
            continue
        known.add(digest)
        new.append((draft, digest))
    return new, duplicates


def _topic_names(draft: ItemDraft) -> tuple[str, ...]:
    return draft.topic_path or (DEFAULT_TOPIC,)


def _preview(new: list[tuple[ItemDraft, str]]) -> list[dict]:
    return [
        {
            "line": d.line,
            "topic": " / ".join(_topic_names(d)),
            "kind": str(ItemVersion.Kind(d.kind).label),
            "difficulty": d.difficulty,
            "stem": d.stem[:160],
        }
        for d, _digest in new[:PREVIEW]
    ]


# --- the import -----------------------------------------------------------------------------------------
def _bank_for_import(*, bank_code: str, subject_code: str, bank_name: str, user, dry_run: bool):
    from exams.selectors.banks import bank_creator, bank_get_by_code
    from exams.services.banks.items import board_check

    bank = bank_get_by_code(code=bank_code.strip().upper())
    if bank is not None:
        if user is not None:
            board_check(actor=user, bank=bank)
        return bank, None
    subject = Subject.objects.filter(code=(subject_code or DEFAULT_SUBJECT).strip().upper()).first()
    if subject is None:
        raise ApplicationError(_("No subject has the code %(code)s.") % {"code": subject_code}, field="subject")
    if user is not None and not bank_creator(user):
        raise ApplicationError(_("Only a board member of every bank may create a bank."), field="bank")
    return None, {"code": bank_code, "name": bank_name or bank_code, "subject": subject}


def questions_import(
    *,
    path: str,
    name: str,
    bank_code: str,
    user=None,
    dry_run: bool = False,
    subject_code: str = "",
    bank_name: str = "",
    progress=None,
) -> dict:
    """Import a question file into bank `bank_code` (created on `subject_code` when new): every item or none.

    Returns {"bank", "format", "created", "duplicates", "skipped", "errors", "dry_run", "preview",
    "topics_created"}; with errors nothing is written. `user` None: a command run by the system."""
    progress = progress or (lambda percent, message: None)
    fmt = file_format(name)
    bank, new_bank = _bank_for_import(
        bank_code=bank_code, subject_code=subject_code, bank_name=bank_name, user=user, dry_run=dry_run
    )
    progress(5, _("Reading the file"))
    parsed = questions_read(path=path, fmt=fmt)
    progress(30, _("Checking the questions"))
    errors = _check(parsed)
    result = {
        "bank": bank.code if bank else new_bank["code"].strip().upper(),
        "format": fmt,
        "file": Path(name).name,
        "created": 0,
        "duplicates": 0,
        "skipped": parsed.skipped,
        "errors": errors,
        "dry_run": dry_run,
        "preview": [],
        "topics_created": 0,
        "new_bank": new_bank is not None,
    }
    if errors:
        return result
    new, result["duplicates"] = _plan(bank=bank, drafts=parsed.drafts)
    result["preview"] = _preview(new)
    if dry_run:
        result["created"] = len(new)
        return result
    progress(40, _("Saving the questions"))
    stored: list = []
    try:
        with transaction.atomic():
            if bank is None:
                bank = bank_create(actor=user, **new_bank)
            _write(bank=bank, new=new, parsed=parsed, user=user, result=result, stored=stored, progress=progress)
    except Exception:
        asset_files_forget(stored)
        raise
    return result


def _store_files(*, bank: QuestionBank, parsed: Parsed, stored: list) -> dict[str, str]:
    """Store the file's images; {name in the file: name in the bank} where they differ."""
    renamed = {}
    for name, data in parsed.files.items():
        asset, created = asset_store(bank=bank, name=name, data=data)
        if created:
            stored.append(asset)
        if asset.name != name:
            renamed[name] = asset.name
    return renamed


def _rename_images(draft: ItemDraft, renamed: dict[str, str]) -> None:
    def swap(text):
        return _PLACEHOLDER_RE.sub(lambda m: PLACEHOLDER + renamed.get(m.group(1), m.group(1)), text)

    draft.stem, draft.general_feedback = swap(draft.stem), swap(draft.general_feedback)
    for option in draft.options:
        option.text, option.feedback = swap(option.text), swap(option.feedback)


def _write(*, bank, new, parsed, user, result, stored, progress) -> None:
    renamed = _store_files(bank=bank, parsed=parsed, stored=stored)
    if renamed:
        for draft, _digest in new:
            _rename_images(draft, renamed)
        new = [(draft, content_hash(draft)) for draft, _digest in new]
    cache: dict = {}
    topics = [topic_ensure_path(bank=bank, path=_topic_names(draft), cache=cache) for draft, _digest in new]
    result["topics_created"] = len(cache.get("_created", []))
    actor = user if getattr(user, "pk", None) else None
    items_insert(
        bank=bank,
        new=new,
        topics=topics,
        actor=actor,
        progress=lambda percent, _m: progress(percent, _("Saving the questions")),
    )
    result["created"] = len(new)
    audit_record(
        actor=user,
        action="import",
        obj=bank,
        scope=bank,
        note=result["file"],
        after={
            "format": result["format"],
            "created": len(new),
            "duplicates": result["duplicates"],
            "topics_created": result["topics_created"],
            "images": len(stored),
        },
    )


# --- the export -----------------------------------------------------------------------------------------
def _export_drafts(*, bank: QuestionBank, approved_only: bool) -> list[tuple[ItemDraft, ItemVersion]]:
    from django.db.models import Prefetch

    from exams.selectors.banks import topic_paths

    paths = topic_paths(bank=bank)
    items = Item.objects.filter(bank=bank, retired=False)
    if approved_only:
        items = items.filter(approved_version__isnull=False)
    versions = ItemVersion.objects.filter(item__in=items).select_related("item").order_by("item_id", "-number")
    if approved_only:
        versions = versions.filter(pk__in=items.values("approved_version"))
    versions = versions.prefetch_related(Prefetch("options", queryset=ItemOption.objects.order_by("position")))
    latest: dict[int, ItemVersion] = {}
    for version in versions:
        latest.setdefault(version.item_id, version)
    chosen = sorted(latest.values(), key=lambda v: (paths[v.item.topic_id], v.item_id))
    return [(draft_from_version(v, options=list(v.options.all()), path=paths[v.item.topic_id]), v) for v in chosen]


def _images_of(bank: QuestionBank):
    assets = {a.name: a for a in bank.assets.all()}

    def files_of(draft: ItemDraft) -> dict[str, bytes]:
        texts = [
            draft.stem,
            draft.general_feedback,
            *(o.text for o in draft.options),
            *(o.feedback for o in draft.options),
        ]
        names = {asset_name_clean(m) for text in texts for m in _PLACEHOLDER_RE.findall(text)}
        found = {}
        for name in names & set(assets):
            with assets[name].file.open("rb") as handle:
                found[name] = handle.read()
        return found

    return files_of


def questions_export(*, bank: QuestionBank, fmt: str, user=None, approved_only: bool = False) -> dict:
    """The bank's live items (newest version of each, or the approved one) as a file: {"content", "filename",
    "content_type", "exported", "not_exportable"}. Audited in the bank's trail."""
    if fmt not in EXPORT_NAMES:
        raise ApplicationError(_("Export as gift, aiken, moodlexml or xlsx."), field="format")
    pairs = _export_drafts(bank=bank, approved_only=approved_only)
    fit = {"aiken": aiken_expressible, "gift": gift_expressible, "xlsx": xlsx_expressible}.get(fmt, lambda d: True)
    drafts = [d for d, _v in pairs if fit(d)]
    left_out = [str(v.item) for d, v in pairs if not fit(d)]
    if fmt == "gift":
        content = gift_write(drafts).encode("utf-8")
    elif fmt == "aiken":
        content = aiken_write(drafts).encode("utf-8") if drafts else b""
    elif fmt == "moodlexml":
        content = moodlexml_write(drafts, files_of=_images_of(bank))
    else:
        out = io.BytesIO()
        xlsx_write([xlsx_values(d) for d in drafts], out)
        content = out.getvalue()
    stamp = timezone.localtime().strftime("%Y%m%d")
    audit_record(
        actor=user,
        action="export",
        obj=bank,
        scope=bank,
        note=fmt,
        after={"exported": len(drafts), "approved_only": approved_only},
    )
    return {
        "content": content,
        "filename": f"{bank.code}-{stamp}.{EXPORT_NAMES[fmt]}",
        "content_type": CONTENT_TYPES[fmt],
        "exported": len(drafts),
        "not_exportable": left_out,
    }


def template_content() -> bytes:
    """The xlsx template with one example row of each question type."""
    from exams.services.banks.formats.xlsx import EXAMPLES

    out = io.BytesIO()
    xlsx_write(EXAMPLES, out)
    return out.getvalue()
