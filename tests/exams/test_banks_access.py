"""Confidentiality: only the bank's board sees items, through pages and the API; every view, preview, export and
image download is in the bank's audit trail; personas get 403/404 and no menu entry."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from common.models import AuditEntry
from exams.services.banks import asset_add
from tests.exams.factories import ExamFactory, RoomSessionFactory
from tests.exams.factories_banks import BankFactory, board_member, make_item
from tests.exams.test_access_scopes import granted

pytestmark = pytest.mark.django_db


def png(name="hinh.png", size=(8, 8)):
    out = io.BytesIO()
    Image.new("RGB", size, (10, 20, 30)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


@pytest.fixture
def bank():
    return BankFactory(code="KTC-A")


@pytest.fixture
def item(bank):
    return make_item(bank=bank, author=board_member(bank))


def _urls(bank, item):
    return [
        reverse("exams:bank-detail", args=[bank.pk]),
        reverse("exams:item-detail", args=[bank.pk, item.pk]),
        reverse("exams:item-preview", args=[bank.pk, item.pk]),
        reverse("exams:item-edit", args=[bank.pk, item.pk]),
        reverse("exams:bank-import", args=[bank.pk]),
        reverse("exams:bank-export", args=[bank.pk]) + "?format=gift",
        reverse("exams-api:bank-detail", args=[bank.pk]),
        reverse("exams-api:bank-items", args=[bank.pk]),
        reverse("exams-api:bank-item", args=[bank.pk, item.pk]),
        reverse("exams-api:bank-item-preview", args=[bank.pk, item.pk]),
        reverse("exams-api:bank-export", args=[bank.pk]) + "?format=gift",
    ]


def test_a_board_member_of_another_bank_or_of_an_exam_gets_404(client, bank, item):
    for user in (board_member(BankFactory()), granted("exam_board", ExamFactory())):
        client.force_login(user)
        for url in _urls(bank, item):
            assert client.get(url).status_code == 404, url
        assert "KTC-A" not in [b["code"] for b in client.get(reverse("exams-api:banks")).json()]


@pytest.mark.parametrize("persona", ["proctor", "grader", "candidate", "hr_manager", "outsider"])
def test_other_personas_get_nothing_and_no_menu_entry(client, bank, item, persona, request):
    if persona == "proctor":
        user = granted("proctor", RoomSessionFactory())
    elif persona == "grader":
        user = granted("grader", ExamFactory())
    else:
        user = request.getfixturevalue(persona)
    client.force_login(user)
    for url in [reverse("exams:banks"), *_urls(bank, item)]:
        assert client.get(url).status_code in (403, 404), url
    assert client.get(reverse("exams-api:banks")).status_code in (403, 404)
    home = client.get("/")
    assert reverse("exams:banks") not in home.content.decode()


def test_the_banks_board_sees_it_and_every_look_is_audited(client, bank, item):
    member = board_member(bank)
    client.force_login(member)
    for url in _urls(bank, item):
        assert client.get(url).status_code == 200, url
    notes = list(AuditEntry.objects.filter(scope_id=bank.pk, actor=member).values_list("action", "note"))
    assert ("view", "view") in notes and ("view", "preview") in notes and ("export", "gift") in notes
    assert ("view", "api") in notes and ("view", "edit") in notes
    assert reverse("exams:banks") in client.get("/").content.decode()  # his menu entry


def test_a_bank_scoped_member_lists_only_his_bank(client, bank, item):
    BankFactory(code="OTHER")
    client.force_login(board_member(bank))
    assert [b["code"] for b in client.get(reverse("exams-api:banks")).json()] == ["KTC-A"]
    page = client.get(reverse("exams:banks")).content.decode()
    assert "KTC-A" in page and "OTHER" not in page


def test_the_preview_shows_no_key_and_the_board_view_does(client, bank, item):
    client.force_login(board_member(bank))
    preview = client.get(reverse("exams-api:bank-item-preview", args=[bank.pk, item.pk])).json()
    assert "fraction" not in str(preview) and [o["letter"] for o in preview["options"]] == ["A", "B", "C", "D"]
    page = client.get(reverse("exams:item-preview", args=[bank.pk, item.pk])).content.decode()
    assert "✔" not in page and "data-key" not in page
    board = client.get(reverse("exams:item-detail", args=[bank.pk, item.pk])).content.decode()
    assert "data-key" in board and "✔" in board


def test_images_are_served_only_to_the_banks_board_and_audited(client, bank):
    member = board_member(bank)
    asset = asset_add(actor=member, bank=bank, upload=png())
    url = reverse("exams:asset", args=[bank.pk, asset.pk])
    client.force_login(board_member(BankFactory()))
    assert client.get(url).status_code == 404
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "no-store" in response["Cache-Control"]
    assert AuditEntry.objects.filter(actor=member, note="image", scope_id=bank.pk).exists()


def test_svg_and_disguised_files_are_refused_as_images(bank):
    from django.core.exceptions import ValidationError

    member = board_member(bank)
    svg = SimpleUploadedFile("x.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    with pytest.raises(ValidationError):
        asset_add(actor=member, bank=bank, upload=svg)
    gif = io.BytesIO()
    Image.new("P", (4, 4)).save(gif, "GIF")
    assert (
        asset_add(actor=member, bank=bank, upload=SimpleUploadedFile("a.gif", gif.getvalue())).content_type
        == "image/gif"
    )


def test_html_stems_are_sanitised_and_outside_images_dropped(bank):
    from exams.services.banks.rendering import render

    html = render(
        '<p onclick="x()">Hỏi <img src="https://tracker.example/p.gif"><img src="@@PLUGINFILE@@/a.png"></p>'
        "<script>alert(1)</script>",
        "html",
        {"a.png": "/exams/banks/1/assets/2/"},
    )
    assert "onclick" not in html and "script" not in html and "tracker" not in html
    assert 'src="/exams/banks/1/assets/2/"' in html
    markdown = render("**Đậm** <b>raw</b> [link](https://x.example)", "markdown")
    assert "<strong>Đậm</strong>" in markdown and "<b>" not in markdown and "href" not in markdown
