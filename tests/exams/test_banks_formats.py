"""Every question format on real-world files: what is read, refusals named by line, round trips, twice = nothing."""

from decimal import Decimal
from pathlib import Path

import pytest

from exams.models import Item, ItemAsset, ItemVersion, QuestionBank
from exams.services.banks import questions_export, questions_import
from exams.services.banks.content import draft_clean, draft_problems
from exams.services.banks.formats.aiken import aiken_parse
from exams.services.banks.formats.gift import gift_parse, gift_write
from exams.services.banks.formats.moodlexml import moodlexml_parse
from tests.exams.factories_banks import BankFactory

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.django_db


def _import(path, bank_code="IMP", **kwargs):
    return questions_import(path=str(path), name=Path(path).name, bank_code=bank_code, **kwargs)


def _by_stem(parsed):
    return {d.stem: d for d in parsed.drafts}


# --- GIFT ------------------------------------------------------------------------------------------------
def test_gift_documentation_examples_are_all_read_with_their_types():
    parsed = gift_parse((DATA / "gift_documentation.gift").read_text())
    assert parsed.errors == [] and parsed.skipped == []
    for draft in parsed.drafts:
        assert draft_problems(draft_clean(draft)) == [], draft.line
    kinds = [d.kind for d in parsed.drafts]
    assert kinds.count("essay") == 1 and kinds.count("matching") == 3 and kinds.count("true_false") == 5
    by = _by_stem(parsed)
    missing_word = by["Bến Tre is _____ of Hồ Chí Minh City."]
    assert [o.text for o in missing_word.options if o.fraction == 1] == ["south"]
    assert by["Two plus two equals _____."].kind == "fill_in"


def test_gift_weights_feedback_and_multiple_answers():
    by = _by_stem(gift_parse((DATA / "gift_documentation.gift").read_text()))
    hometown = next(d for d in by.values() if d.code == "Hometown")
    assert hometown.kind == "single"
    assert [(o.text, o.fraction) for o in hometown.options] == [
        ("Hà Nội", 0),
        ("Gia Định", Decimal("0.25")),
        ("Mekong Delta", Decimal("0.5")),
        ("Bến Tre", 1),
    ]
    assert hometown.options[3].feedback == "Yes! That's right!"
    colours = next(d for d in by.values() if d.code == "colours")
    assert colours.kind == "multiple"
    assert [o.fraction for o in colours.options] == [Decimal("0.5"), -1, Decimal("0.5"), -1]
    assert colours.options[1].feedback == "wrong"  # its [html] mark dropped
    assert colours.options[3].text == "blue"


def test_gift_escapes_numerical_ranges_and_true_false_feedback():
    by = _by_stem(gift_parse((DATA / "gift_documentation.gift").read_text()))
    control = next(d for d in by.values() if d.code == "GIFT control characters")
    assert [o.text for o in control.options] == ["~", "=", "#", "{", "}", "\\"]
    assert control.options[5].fraction == 1 and control.options[5].feedback.startswith("Correct! \\ (backslash)")
    pi = [d for d in parsed_numerical(by) if d.stem.startswith("What is the value of pi")]
    assert {(o.value, o.tolerance) for d in pi for o in d.options} == {
        (Decimal("3.1415"), Decimal("0.0005")),
        (Decimal("3.1415"), Decimal("0.0005")),
    }
    asean = next(d for d in by.values() if d.stem.startswith("In which year did Vietnam join ASEAN"))
    assert [(o.value, o.tolerance, o.fraction) for o in asean.options] == [(1995, 0, 1), (1995, 2, Decimal("0.5"))]
    catch_all = next(d for d in by.values() if d.code == "Q5")
    assert [(o.text, o.fraction, o.feedback) for o in catch_all.options][1] == ("*", 0, "Completely wrong")
    q1 = next(d for d in by.values() if d.code == "Q1")
    assert q1.kind == "true_false" and [o.fraction for o in q1.options] == [0, 1]
    assert q1.options[0].feedback == "42 is the Ultimate Answer."  # shown to whoever answers True (wrong)
    assert q1.options[1].feedback == "You gave the right answer."
    assert q1.general_feedback.startswith("This is, of course")


def parsed_numerical(by):
    return [d for d in by.values() if d.kind == "numerical"]


def test_gift_markdown_and_html_formats_and_matching_distractor():
    by = _by_stem(gift_parse((DATA / "gift_documentation.gift").read_text()))
    markdown = by["Which city is the **capital** of Vietnam?"]
    assert markdown.stem_format == "markdown"
    activities = next(d for d in by.values() if d.code == "Activities")
    assert activities.stem_format == "html"
    assert activities.options[-1].text == "" and activities.options[-1].match_text == "Chat"


def test_gift_categories_become_topics_and_difficulty_comes_back():
    result = _import(DATA / "gift_categories.gift", bank_code="HTCT")
    assert result["errors"] == [] and result["created"] == 3 and result["topics_created"] == 3
    bank = QuestionBank.objects.get(code="HTCT")
    paths = {t.name: (t.parent.name if t.parent else None) for t in bank.topics.all()}
    assert paths == {"Hệ thống chính trị": None, "Quốc hội": "Hệ thống chính trị", "Pháp luật/Hành chính": None}
    assert Item.objects.get(bank=bank, code="PL-01").difficulty == 3
    assert Item.objects.get(bank=bank, code="HTCT-02").difficulty == 2  # no comment: the default


def test_gift_errors_name_every_bad_question_by_line_and_import_nothing():
    result = _import(DATA / "gift_errors.gift")
    assert [e["line"] for e in result["errors"]] == [4, 8, 10]
    assert "}" in result["errors"][0]["message"]
    assert not QuestionBank.objects.filter(code="IMP").exists()  # not even the bank
    assert not Item.objects.exists()


def test_errors_are_in_vietnamese():
    result = _import(DATA / "gift_errors.gift")
    assert "Thiếu" in result["errors"][0]["message"] or "ngoặc" in result["errors"][0]["message"]


# --- Aiken -------------------------------------------------------------------------------------------------
def test_aiken_reads_both_option_styles_and_a_question_without_blank_line():
    parsed = aiken_parse((DATA / "questions.aiken").read_text())
    assert parsed.errors == [] and len(parsed.drafts) == 3
    assert [o.fraction for o in parsed.drafts[1].options] == [0, 0, 1, 0]
    assert parsed.drafts[2].options[1].text == "Martin"


def test_aiken_errors_of_moodles_own_broken_file_by_line():
    parsed = aiken_parse((DATA / "aiken_errors.aiken").read_text())
    assert [e["line"] for e in parsed.errors] == [1, 5, 14]
    assert len(parsed.drafts) == 2


# --- Moodle XML -------------------------------------------------------------------------------------------
def test_moodle_xml_every_type_nested_categories_and_embedded_image():
    result = _import(DATA / "moodle.xml", bank_code="MX")
    assert result["errors"] == [] and result["created"] == 7
    assert [s["line"] for s in result["skipped"]] == [84]  # the description
    bank = QuestionBank.objects.get(code="MX")
    kinds = set(ItemVersion.objects.filter(item__bank=bank).values_list("kind", flat=True))
    assert kinds == {"single", "multiple", "true_false", "fill_in", "numerical", "matching", "essay"}
    first = ItemVersion.objects.get(item__code="KTC-001")
    assert "<script>" not in first.stem and "@@PLUGINFILE@@/logo.png" in first.stem  # sanitised, image kept
    assert ItemAsset.objects.get(bank=bank).name == "logo.png"
    assert ItemVersion.objects.get(item__code="KTC-004").case_sensitive is True
    assert Item.objects.get(code="KTC-001").difficulty == 1
    assert Item.objects.get(code="KTC-002").topic.parent.name == "Kiến thức chung"


def test_moodle_xml_unsupported_types_and_bad_items_are_named_by_line():
    result = _import(DATA / "moodle_unsupported.xml")
    assert [e["line"] for e in result["errors"]] == [10, 14]
    assert not Item.objects.exists()


def test_moodle_xml_with_a_doctype_or_entities_is_refused_before_parsing():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        _import(DATA / "moodle_entities.xml")
    assert "DOCTYPE" in refused.value.messages[0]
    with pytest.raises(Exception):
        moodlexml_parse((DATA / "moodle_entities.xml").read_bytes())


# --- round trips and idempotence ---------------------------------------------------------------------------
def _contents(bank):
    rows = ItemVersion.objects.filter(item__bank=bank).values_list("content_hash", "item__difficulty", "item__code")
    return sorted(rows)


def _topic_paths(bank):
    from exams.selectors import topic_paths

    return sorted(topic_paths(bank=bank).values())


@pytest.mark.parametrize("fmt,ext", [("gift", "gift"), ("moodlexml", "xml"), ("xlsx", "xlsx")])
def test_round_trip_keeps_every_item_unchanged(tmp_path, fmt, ext):
    _import(DATA / "gift_documentation.gift", bank_code="SRC")
    _import(DATA / "moodle.xml", bank_code="SRC")
    source = QuestionBank.objects.get(code="SRC")
    exported = questions_export(bank=source, fmt=fmt)
    path = tmp_path / f"export.{ext}"
    path.write_bytes(exported["content"])
    result = _import(path, bank_code="DST")
    assert result["errors"] == [] and result["duplicates"] == 0
    target = QuestionBank.objects.get(code="DST")
    left_out = set(exported["not_exportable"])  # GIFT has no mark for case-sensitive answers: listed, not changed
    assert left_out == ({"KTC-004"} if fmt == "gift" else set())
    assert _contents(target) == [row for row in _contents(source) if row[2] not in left_out]
    assert _topic_paths(target) == _topic_paths(source)


def test_aiken_round_trip_of_the_items_it_can_hold(tmp_path):
    _import(DATA / "questions.aiken", bank_code="SRC")
    _import(DATA / "gift_documentation.gift", bank_code="SRC")
    source = QuestionBank.objects.get(code="SRC")
    exported = questions_export(bank=source, fmt="aiken")
    assert exported["not_exportable"]  # matching, feedback, weights… are listed, not silently changed
    path = tmp_path / "export.aiken"
    path.write_bytes(exported["content"])
    result = _import(path, bank_code="DST")
    assert result["errors"] == [] and result["created"] == exported["exported"]
    source_hashes = {h for h, _d, _c in _contents(source)}
    assert {h for h, _d, _c in _contents(QuestionBank.objects.get(code="DST"))} <= source_hashes


@pytest.mark.parametrize("name", ["gift_documentation.gift", "questions.aiken", "moodle.xml"])
def test_importing_the_same_file_twice_adds_nothing(name):
    first = _import(DATA / name)
    second = _import(DATA / name)
    assert first["created"] > 0
    assert second["created"] == 0 and second["duplicates"] == first["created"] + first["duplicates"]
    assert Item.objects.count() == first["created"]


def test_dry_run_writes_nothing_and_shows_what_would_be_added():
    result = _import(DATA / "gift_categories.gift", dry_run=True)
    assert result["created"] == 3 and len(result["preview"]) == 3
    assert result["preview"][0]["topic"] == "Hệ thống chính trị / Quốc hội"
    assert not QuestionBank.objects.exists() and not Item.objects.exists()


def test_xlsx_template_rows_are_read_and_bad_rows_named_by_row_and_column(tmp_path):
    from exams.services.banks import template_content
    from exams.services.banks.formats.xlsx import COLUMNS, EXAMPLES, xlsx_parse

    path = tmp_path / "mau.xlsx"
    path.write_bytes(template_content())
    result = _import(path, bank_code="XL")
    assert result["errors"] == [] and result["created"] == len(EXAMPLES)
    rows = [
        COLUMNS,
        ["", "", "Một lựa chọn", "1", "", "Câu?", "A", "B", *[""] * 8, "C"],
        ["", "", "Loại lạ", "", "", "Câu 2?"],
        ["", "", "Số", "9", "", "Câu 3?", "abc"],
    ]
    parsed = xlsx_parse([r + [""] * (len(COLUMNS) - len(r)) for r in rows])
    assert [e["line"] for e in parsed.errors] == [2, 3, 4]
    assert "Đáp án" in parsed.errors[0]["message"] and "Loại" in parsed.errors[1]["message"]


def test_a_new_bank_code_creates_the_bank_on_the_chosen_subject():
    result = _import(DATA / "questions.aiken", bank_code="tin-iu01", subject_code="TH-IU01", bank_name="Tin học")
    bank = QuestionBank.objects.get(code="TIN-IU01")
    assert result["new_bank"] and bank.subject.code == "TH-IU01" and bank.name == "Tin học"


def test_gift_export_escapes_control_characters_and_newlines():
    parsed = gift_parse("::t\\:1::A \\{x\\} \\= y?\\nline 2{=a\\#b ~c}")
    text = gift_write(parsed.drafts)
    again = gift_parse(text).drafts[0]
    assert again.stem == "A {x} = y?\nline 2" and again.code == "t:1" and again.options[0].text == "a#b"


def test_imported_versions_are_drafts_by_the_importer():
    BankFactory(code="IMP")
    result = _import(DATA / "questions.aiken")
    assert result["created"] == 3
    assert set(ItemVersion.objects.values_list("status", flat=True)) == {"draft"}
