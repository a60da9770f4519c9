"""A ceiling on any request that uploads files, checked from its declared length before it is read."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler

FORM_OVERHEAD = 1024 * 1024  # the other fields and multipart boundaries of a request


def upload_max_bytes() -> int:
    """The largest upload of any kind (spreadsheet, photo, attachment), plus room for the form around it."""
    largest = max(
        settings.CONGVU_UPLOAD_SPREADSHEET_MAX_BYTES,
        settings.CONGVU_PHOTO_MAX_BYTES,
        settings.CONGVU_ATTACHMENT_MAX_BYTES,
    )
    return largest + FORM_OVERHEAD


class UploadLimitHandler(FileUploadHandler):
    """Refuse (400) a multipart request longer than `upload_max_bytes`, or whose files grow past it."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > upload_max_bytes():
            raise RequestDataTooBig("The upload is larger than the largest file accepted.")
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received = getattr(self, "received", 0) + len(raw_data)
        if self.received > upload_max_bytes():
            raise RequestDataTooBig("The upload is larger than the largest file accepted.")
        return raw_data

    def file_complete(self, file_size):
        return None
