"""The bank pages as a board member: list, bank with filters, editor for each type, import with dry run, demo."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exams.models import Item, ItemVersion, QuestionBank
from tests.exams.factories_banks import BankFactory, TopicFactory, board_member, make_item

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.django_db


@pytest.fixture
def bank():
    return BankFactory(code="KTC-P")


@pytest.fixture
def member(client, bank):
    user = board_member(bank)
    client.force_login(user)
    return user


def _editor_post(topic, kind, rows, **extra):
    data = {"topic": topic.pk, "kind": kind, "difficulty": 2, "stem_format": "plain", "stem": f"Câu hỏi {kind}?",
            "points": "1", "shuffle_options": "on", "true_false": "1", "form-TOTAL_FORMS": str(len(rows)),
            "form-INITIAL_FORMS": "0", "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "20", **extra}  # fmt: skip
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"form-{i}-{key}"] = value
    return data


@pytest.mark.parametrize(
    "kind,rows",
    [
        ("single", [{"text": "A", "percent": "100"}, {"text": "B"}]),
        (
            "multiple",
            [{"text": "A", "percent": "50"}, {"text": "B", "percent": "50"}, {"text": "C", "percent": "-100"}],
        ),
        ("true_false", [{"feedback": "Đúng vì…"}, {"feedback": "Sai vì…"}]),
        ("fill_in", [{"text": "Hà Nội", "percent": "100"}, {"text": "Ha Noi", "percent": "50"}]),
        ("numerical", [{"value": "3.5", "tolerance": "0.1", "percent": "100"}]),
        (
            "matching",
            [{"text": "Nghị định", "match_text": "Chính phủ"}, {"text": "Thông tư", "match_text": "Bộ trưởng"}],
        ),
        ("essay", []),
    ],
)
def test_the_editor_writes_every_type(client, bank, member, kind, rows):
    topic = TopicFactory(bank=bank)
    response = client.post(reverse("exams:item-create", args=[bank.pk]), _editor_post(topic, kind, rows))
    assert response.status_code == 302, response.content.decode()[:3000]
    version = ItemVersion.objects.get(item__bank=bank)
    assert version.kind == kind and version.status == "draft" and version.created_by == member
    detail = client.get(response["Location"])
    assert detail.status_code == 200 and "data-version-history" in detail.content.decode()


def test_the_editor_refuses_on_the_field_and_saves_nothing(client, bank, member):
    topic = TopicFactory(bank=bank)
    response = client.post(reverse("exams:item-create", args=[bank.pk]),
                           _editor_post(topic, "single", [{"text": "A"}, {"text": "B"}]))  # fmt: skip
    assert response.status_code == 400 and not Item.objects.exists()
    assert "100%" in response.content.decode()


def test_more_rows_adds_option_rows_without_saving(client, bank, member):
    topic = TopicFactory(bank=bank)
    data = _editor_post(topic, "single", [{"text": "A", "percent": "100"}, {"text": "B"}], more="1")
    response = client.post(reverse("exams:item-create", args=[bank.pk]), data)
    assert response.status_code == 200 and response.content.decode().count("data-option-row") == 6
    assert not Item.objects.exists()


def test_bank_page_filters_and_topic_tree(client, bank, member):
    make_item(bank=bank, author=member)
    page = client.get(reverse("exams:bank-detail", args=[bank.pk]) + "?kind=single&q=hanh chinh")
    html = page.content.decode()
    assert page.status_code == 200 and "data-topic-tree" in html and "cơ quan hành chính" in html
    empty = client.get(reverse("exams:bank-detail", args=[bank.pk]) + "?kind=essay")
    assert "cơ quan hành chính" not in empty.content.decode()


def test_topic_actions_on_the_bank_page(client, bank, member):
    url = reverse("exams:bank-topics", args=[bank.pk])
    assert client.post(url, {"action": "create", "name": "Pháp luật"}).status_code == 302
    topic = bank.topics.get()
    assert client.post(url, {"action": "rename", "topic": topic.pk, "name": "Luật"}).status_code == 302
    make_item(bank=bank, author=member, topic=topic)
    refused = client.post(url, {"action": "delete", "topic": topic.pk})
    assert refused.status_code == 400 and bank.topics.filter(name="Luật").exists()


def test_import_page_dry_run_then_import_and_template_download(client, bank, member):
    url = reverse("exams:bank-import", args=[bank.pk])
    upload = SimpleUploadedFile("c.gift", (DATA / "gift_categories.gift").read_bytes())
    dry = client.post(url, {"file": upload, "dry_run": "on"})
    assert dry.status_code == 200 and "data-import-preview" in dry.content.decode() and not Item.objects.exists()
    upload = SimpleUploadedFile("c.gift", (DATA / "gift_categories.gift").read_bytes())
    assert client.post(url, {"file": upload}).status_code == 200 and Item.objects.count() == 3
    bad = client.post(url, {"file": SimpleUploadedFile("e.gift", (DATA / "gift_errors.gift").read_bytes())})
    assert bad.status_code == 400 and "data-import-errors" in bad.content.decode()
    template = client.get(reverse("exams:bank-template"))
    assert template.status_code == 200 and template.content[:2] == b"PK"


def test_bulk_review_skips_own_versions(client, bank, member):
    item = make_item(bank=bank, author=member)
    version = item.versions.get()
    response = client.post(
        reverse("exams:bank-decide", args=[bank.pk]), {"decision": "review", "version": [version.pk]}
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == "draft"


def test_the_demo_loader_makes_three_banks_once():
    from exams.demo import demo_load
    from exams.demo_banks import demo_banks_load

    demo_load()
    first = demo_banks_load()
    assert first["bank KTC-DEMO"] >= 200
    ktc = QuestionBank.objects.get(code="KTC-DEMO")
    assert Item.objects.filter(bank=ktc, approved_version__isnull=False).count() >= 200
    assert not ItemVersion.objects.filter(item__bank__code="VT-NHAP").exclude(status="draft").exists()
    assert set(ItemVersion.objects.filter(item__bank__code="VT-NHAP").values_list("kind", flat=True)) == {
        "single",
        "multiple",
        "true_false",
        "fill_in",
        "numerical",
        "matching",
        "essay",
    }
    assert demo_banks_load() == {}  # the second run adds nothing


def test_the_help_on_images_shows_the_html_it_means_and_loads_no_image(client, member, bank):
    item = make_item(bank=bank, author=member)
    for url in (
        reverse("exams:bank-assets", args=[bank.pk]),
        reverse("exams:item-edit", args=[bank.pk, item.pk]),
        reverse("exams:item-create", args=[bank.pk]),
    ):
        html = client.get(url).content.decode()
        assert "&lt;img" in html, url
        assert "<img src=…>" not in html and "<img>" not in html  # text, not an image to fetch


def test_the_difficulty_columns_are_abbreviated_in_the_pages_language(client, member, bank):
    url = reverse("exams:bank-detail", args=[bank.pk])
    assert ">Đ1</th>" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    assert ">D1</th>" in client.get(url).content.decode()
