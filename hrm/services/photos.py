"""A staff member's photo (the 4×6 of form 2C): checked, made a 3:4 JPEG without metadata, audited.

Photos are personal data: they are stored under MEDIA_ROOT but never served from there; the page
`hrm:staff-photo` hands them only to those who may see the record.
"""

import io
import uuid
import warnings

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from common.errors import ApplicationError
from common.services import audit_record
from hrm.models import Employee, Person

PHOTO_SIZE = (300, 400)  # pixels, 3:4 like the 3×4 cm frame of form 2C
MIN_SIZE = (120, 160)
FORMATS = ("JPEG", "PNG")


def _image(upload) -> Image.Image:
    limit = settings.CONGVU_PHOTO_MAX_BYTES
    if upload.size is not None and upload.size > limit:  # refused before a byte is read
        raise ApplicationError(_too_large(limit), field="photo")
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ApplicationError(_too_large(limit), field="photo")
    image_format_check(data, field="photo")
    try:
        image = Image.open(io.BytesIO(data))
        image.draft("RGB", (PHOTO_SIZE[0] * 2, PHOTO_SIZE[1] * 2))  # JPEG: decode at a reduced scale when it can
        image.load()
    except Image.DecompressionBombError as exc:  # Pillow's own, far higher, ceiling
        raise ApplicationError(_pixels_message(), field="photo") from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ApplicationError(_("This file is not a JPEG or PNG image."), field="photo") from exc
    image = ImageOps.exif_transpose(image)  # phones store the rotation apart from the pixels
    if image.width < MIN_SIZE[0] or image.height < MIN_SIZE[1]:
        message = _("The photo is too small: at least %(w)s × %(h)s pixels.") % {"w": MIN_SIZE[0], "h": MIN_SIZE[1]}
        raise ApplicationError(message, field="photo")
    return image


def image_format_check(data: bytes, *, field: str) -> str:
    """ "JPEG" or "PNG" from the file's content, within the pixel bound, checked whole; refusals name `field`."""
    try:
        with warnings.catch_warnings():  # Pillow warns of a bomb on opening; our own bound refuses it just below
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))  # reads the header only: no pixel is decoded yet
        with probe:
            kind = probe.format
            _pixels_check(probe.size, field=field)
            probe.verify()  # a truncated or forged file fails here
    except Image.DecompressionBombError as exc:  # Pillow's own, far higher, ceiling
        raise ApplicationError(_pixels_message(field), field=field) from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ApplicationError(_("This file is not a JPEG or PNG image."), field=field) from exc
    if kind not in FORMATS:
        raise ApplicationError(_("This file is not a JPEG or PNG image."), field=field)
    return kind


def _too_large(limit: int) -> str:
    return _("The photo is too large: at most %(n)s MB.") % {"n": round(limit / 1024 / 1024, 1)}


def _pixels_check(size: tuple[int, int], *, field: str) -> None:
    """A small file can declare a huge picture (a decompression bomb): refuse it from the header alone."""
    if size[0] * size[1] > settings.CONGVU_PHOTO_MAX_PIXELS:
        raise ApplicationError(_pixels_message(field), field=field)


def _pixels_message(field: str = "photo") -> str:
    limit = settings.CONGVU_PHOTO_MAX_PIXELS
    if field != "photo":
        return _("The image has too many pixels: at most %(n)s megapixels.") % {"n": round(limit / 1_000_000, 1)}
    return _("The photo has too many pixels: at most %(n)s megapixels.") % {"n": round(limit / 1_000_000, 1)}


def _jpeg(image: Image.Image) -> bytes:
    framed = ImageOps.fit(image.convert("RGB"), PHOTO_SIZE, Image.Resampling.LANCZOS, centering=(0.5, 0.35))
    out = io.BytesIO()
    framed.save(out, "JPEG", quality=88, optimize=True)  # a new file: no EXIF (place, camera) is kept
    return out.getvalue()


def _replace(*, employee: Employee, actor, content: ContentFile | None) -> Person:
    person = employee.person
    old, storage = person.photo.name, person.photo.storage
    new = ""
    if content is not None:
        name = Person._meta.get_field("photo").generate_filename(person, f"{uuid.uuid4().hex}.jpg")
        new = storage.save(name, content)
    try:
        with transaction.atomic():
            Person.objects.filter(pk=person.pk).update(photo=new)
            audit_record(
                actor=actor,
                action="update",
                obj=person,
                before={"photo": old},
                after={"photo": new},
                unit_id=employee.unit_id,
            )
            if old:
                transaction.on_commit(lambda: storage.delete(old))
    except Exception:
        if new:
            storage.delete(new)  # the record still names the old photo: keep no stray file
        raise
    person.photo = new
    return person


def person_photo_set(*, employee: Employee, actor, upload) -> Person:
    """Check an uploaded photo and store it, framed 3:4 without metadata, in place of the old one."""
    content = ContentFile(_jpeg(_image(upload)))
    return _replace(employee=employee, actor=actor, content=content)


def person_photo_remove(*, employee: Employee, actor) -> Person:
    if not employee.person.photo:
        raise ApplicationError(_("This staff member has no photo."), field="photo")
    return _replace(employee=employee, actor=actor, content=None)
