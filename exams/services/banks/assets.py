"""Images of a bank (in stems and options): PNG, JPEG or GIF, checked by their content, stored once per bank.

No SVG: an SVG is a document that can carry scripts and external references, and a sanitiser for it would be
one more thing to keep safe; teachers' question images are photos, scans and charts, which these three formats
hold. Images are stored under MEDIA_ROOT but served only by the project's view, to the bank's board, audited.
"""

import hashlib
import io
import re
import uuid
import warnings

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from common.errors import ApplicationError
from common.services import audit_record
from exams.models import ItemAsset, QuestionBank

TYPES = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg"), "GIF": ("image/gif", "gif")}
NAME_RE = re.compile(r"[^\w.\-]+")


def asset_max_bytes() -> int:
    """The largest image accepted (the photo limit of the registry: one setting for every picture)."""
    return settings.CONGVU_PHOTO_MAX_BYTES


def image_kind(data: bytes, *, field: str = "file") -> str:
    """ "PNG", "JPEG" or "GIF" from the content (never the name), within the pixel bound; refused otherwise."""
    not_image = _("Only PNG, JPEG and GIF images can be used in questions.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
        with probe:
            kind = probe.format
            if probe.size[0] * probe.size[1] > settings.CONGVU_PHOTO_MAX_PIXELS:
                raise ApplicationError(_("The image has too many pixels."), field=field)
            probe.verify()
    except Image.DecompressionBombError as exc:
        raise ApplicationError(_("The image has too many pixels."), field=field) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ApplicationError(not_image, field=field) from exc
    if kind not in TYPES:
        raise ApplicationError(not_image, field=field)
    return kind


def asset_name_clean(name: str) -> str:
    """A safe file name (letters, digits, dot, dash, underscore), at most 120 characters."""
    name = NAME_RE.sub("_", (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip("._") or "image"
    return name[:120]


def asset_store(*, bank: QuestionBank, name: str, data: bytes, field: str = "file") -> tuple[ItemAsset, bool]:
    """The bank's image with this content (found, or checked and stored; not audited: callers audit). Returns it
    and whether it was created; the same content twice is stored once, under its first name; a name already taken by
    other content gets a suffix (texts must then name the image by `asset.name`)."""
    limit = asset_max_bytes()
    if len(data) > limit:
        message = _("The image is too large: at most %(n)s MB.") % {"n": round(limit / 1024 / 1024, 1)}
        raise ApplicationError(message, field=field)
    if not data:
        raise ApplicationError(_("The file is empty."), field=field)
    digest = hashlib.sha256(data).hexdigest()
    found = ItemAsset.objects.filter(bank=bank, sha256=digest).first()
    if found is not None:
        return found, False
    content_type, suffix = TYPES[image_kind(data, field=field)]
    name = asset_name_clean(name)
    if ItemAsset.objects.filter(bank=bank, name=name).exists():  # another image has the name: keep both
        stem, dot, ext = name.rpartition(".")
        name = f"{stem or ext}-{digest[:8]}{dot}{ext if stem else ''}"
    asset = ItemAsset(bank=bank, name=name, sha256=digest, content_type=content_type, size=len(data))
    asset.file.save(f"{uuid.uuid4().hex}.{suffix}", ContentFile(data), save=False)
    asset.save()
    return asset, True


def asset_files_forget(assets: list[ItemAsset]) -> None:
    """Delete the stored files of images whose rows were rolled back."""
    for asset in assets:
        asset.file.storage.delete(asset.file.name)


def asset_add(*, actor, bank: QuestionBank, upload) -> ItemAsset:
    """Add an uploaded image to the bank (PNG/JPEG/GIF checked by content, size-bounded), audited."""
    from exams.services.banks.items import board_check

    board_check(actor=actor, bank=bank)
    limit = asset_max_bytes()
    if upload.size is not None and upload.size > limit:
        raise ApplicationError(
            _("The image is too large: at most %(n)s MB.") % {"n": round(limit / 1024**2, 1)}, field="file"
        )
    data = upload.read(limit + 1)
    created: list[ItemAsset] = []
    try:
        with transaction.atomic():
            asset, new = asset_store(bank=bank, name=upload.name, data=data)
            if new:
                created.append(asset)
            audit_record(
                actor=actor,
                action="create" if new else "view",
                obj=asset,
                scope=bank,
                after={"name": asset.name, "size": asset.size},
            )
    except Exception:
        asset_files_forget(created)
        raise
    return asset


def asset_downloaded(*, actor, asset: ItemAsset) -> None:
    """Record in the bank's trail that `actor` opened one of its images."""
    audit_record(actor=actor, action="view", obj=asset, scope=asset.bank, note="image")
