"""The one cleaning of typed text: NFC, and no invisible or control characters.

Every text input goes through `clean_text`: page forms and the admin (django.forms.CharField), the API
(DRF CharField) and the staff import (hrm.services.imports.reading). Invisible characters are stripped,
not refused: a zero-width space pasted from a web page would otherwise hide a name from search, a
right-to-left override would spoof its display, a BEL or a BOM would end up in exports. Removed:
control characters (Unicode Cc) except tab and newlines, format characters (Cf: zero-width space and
joiners, soft hyphen, bidi embeddings, overrides and isolates, word joiner, BOM, tag characters
U+E0000–E007F), line and paragraph separators (Zl, Zp) and the invisible operators U+2060–206F.
Fields that keep their whitespace (passwords: forms `strip=False`, DRF `trim_whitespace=False`) are
left exactly as typed.
"""

import functools
import re
import unicodedata

from common.text_ranges import INVISIBLE_RANGES

KEPT_CONTROLS = frozenset("\t\n\r")
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def _invisible(ch: str) -> bool:
    if ch in KEPT_CONTROLS:
        return False
    return unicodedata.category(ch) in INVISIBLE_CATEGORIES or "\u2060" <= ch <= "\u206f"


def clean_text(value: str) -> str:
    """`value` in NFC without invisible or control characters (tab and newlines kept), then stripped."""
    if value.isprintable() and unicodedata.is_normalized("NFC", value):
        return value.strip()  # the usual case, checked in C
    value = unicodedata.normalize("NFC", value)
    return "".join(ch for ch in value if not _invisible(ch)).strip()


@functools.cache
def _invisible_pattern() -> re.Pattern:
    """One character class of everything `clean_text` removes (common/text_ranges.py, generated once from the
    Unicode database rather than at every start: building it takes most of a second)."""
    return re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in INVISIBLE_RANGES) + "]")


def clean_texts(values: list[str]) -> list[str]:
    """`clean_text` of many values (an imported column): one scan of them all, then a plain strip when none has
    anything to clean, which is nearly always."""
    joined = "".join(values)
    if joined.isprintable() and unicodedata.is_normalized("NFC", joined):  # nothing invisible, in one C scan
        return list(map(str.strip, values))
    joined = "\n".join(values)  # a newline is kept by clean_text: joining adds nothing it would remove
    if _invisible_pattern().search(joined) or not unicodedata.is_normalized("NFC", joined):
        return [clean_text(value) for value in values]
    return list(map(str.strip, values))


def install() -> None:
    """Make clean_text the first step of every stripped text field of Django forms and DRF (called once at start)."""
    from django import forms
    from rest_framework import fields

    if getattr(forms.CharField.to_python, "_congvu_clean", False):
        return

    form_to_python = forms.CharField.to_python

    def to_python(self, value):
        if self.strip and isinstance(value, str):
            value = clean_text(value)
        return form_to_python(self, value)

    drf_to_internal_value = fields.CharField.to_internal_value

    def to_internal_value(self, data):
        if self.trim_whitespace and isinstance(data, str):
            data = clean_text(data)
            if data == "" and not self.allow_blank:  # only invisible characters were typed
                self.fail("blank")
        return drf_to_internal_value(self, data)

    to_python._congvu_clean = to_internal_value._congvu_clean = True
    forms.CharField.to_python = to_python
    fields.CharField.to_internal_value = to_internal_value
