"""The Vietnamese catalogue is complete, consistent, and compiles without system gettext tools."""

import re
from io import StringIO
from pathlib import Path

import polib
from django.core.management import call_command
from django.utils import translation

PO = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{ ?\w+ ?\}\}")


def test_every_string_is_translated():
    catalogue = polib.pofile(str(PO))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


def test_placeholders_survive_translation():
    for entry in polib.pofile(str(PO)):
        translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for text in translations:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid)), entry.msgid


def test_catalogue_compiles_and_is_used(tmp_path):
    call_command("compile_translations", stdout=StringIO())
    assert PO.with_suffix(".mo").exists()
    with translation.override("vi"):
        assert translation.gettext("Staff registry") != "Staff registry"
