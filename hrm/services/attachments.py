"""Attachments of a staff record (scanned decisions, certificates, degrees): checked by content, audited.

Like photos they are personal data: stored under MEDIA_ROOT, never served from there; every upload, download and
deletion goes into the audit trail under the record's unit.
"""

import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.services import audit_record
from hrm.models import Attachment, Employee
from hrm.services.photos import image_format_check

PDF_MAGIC = b"%PDF-"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
TYPES = {"PDF": ("application/pdf", "pdf"), "JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}


def _read(upload) -> bytes:
    """The upload's bytes, refused before reading when it declares more than the limit, and after when it holds more."""
    limit = settings.CONGVU_ATTACHMENT_MAX_BYTES
    message = _("The file is too large: at most %(n)s MB.") % {"n": round(limit / 1024 / 1024, 1)}
    if upload.size is not None and upload.size > limit:
        raise ApplicationError(message, field="file")
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ApplicationError(message, field="file")
    if not data:
        raise ApplicationError(_("The file is empty."), field="file")
    return data


def attachment_kind_of(data: bytes) -> str:
    """ "PDF", "JPEG" or "PNG" from the content itself (never the name or the declared type); refused otherwise."""
    if data.startswith(PDF_MAGIC):
        return "PDF"
    if data.startswith((PNG_MAGIC, JPEG_MAGIC)):  # Pillow then reads the whole image, within the pixel bound
        return image_format_check(data, field="file")
    raise ApplicationError(_("Only PDF, JPEG and PNG files can be attached."), field="file")


def attachment_bytes_checked(upload) -> tuple[bytes, str, str]:
    """An uploaded scan checked as attachments are (size, PDF/JPEG/PNG by content): (bytes, content type, suffix).

    Other apps' evidence uploads (exam claims) use this one check."""
    data = _read(upload)
    content_type, suffix = TYPES[attachment_kind_of(data)]
    return data, content_type, suffix


def _values(*, kind: str, title: str) -> tuple[str, str]:
    if kind not in Attachment.Kind.values:
        raise ApplicationError(_("Unknown kind."), field="kind")
    title = (title or "").strip()
    if not title:
        raise ApplicationError(_("Give the document a title."), field="title")
    if len(title) > 200:
        raise ApplicationError(_("At most 200 characters."), field="title")
    return kind, title


def attachment_add(*, employee: Employee, actor, upload, kind: str, title: str) -> Attachment:
    """Check a scanned document (size, type by content) and keep it with the record, audited; refused: nothing kept."""
    kind, title = _values(kind=kind, title=title)
    data = _read(upload)
    content_type, suffix = TYPES[attachment_kind_of(data)]
    attachment = Attachment(
        employee=employee, kind=kind, title=title, uploaded_by=actor, size=len(data), content_type=content_type
    )
    attachment.file.save(f"{uuid.uuid4().hex}.{suffix}", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            attachment.save()
            audit_record(
                actor=actor,
                action="create",
                obj=attachment,
                unit_id=employee.unit_id,
                after={"employee": employee.pk, "kind": kind, "title": title, "size": len(data)},
            )
    except Exception:
        attachment.file.storage.delete(attachment.file.name)  # the row is not there: keep no stray file
        raise
    return attachment


def attachment_downloaded(*, attachment: Attachment, actor) -> None:
    """Record in the audit trail that `actor` downloaded the document."""
    audit_record(actor=actor, action="view", obj=attachment, unit_id=attachment.employee.unit_id, note="download")


@transaction.atomic
def attachment_delete(*, attachment: Attachment, actor) -> None:
    """Delete a document and, once committed, its file; audited."""
    storage, name = attachment.file.storage, attachment.file.name
    audit_record(
        actor=actor,
        action="delete",
        obj=attachment,
        unit_id=attachment.employee.unit_id,
        before={"employee": attachment.employee_id, "kind": attachment.kind, "title": attachment.title},
    )
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
