"""The bank images of a candidate's live paper: served by the project to him alone, only those of his own
questions, only while his attempt is open; recorded in the bank's trail."""

import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from PIL import Image, ImageDraw

from common.models import AuditEntry
from exams.models import Attempt, ItemAsset, ItemVersion
from exams.services.live import attempts as live
from exams.services.live import closing, commands
from tests.exams.live.conftest import paper_of
from tests.hrm.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def image(bank, name, size=(8, 8)) -> ItemAsset:
    out = io.BytesIO()
    picture = Image.new("RGB", size, (232, 240, 254))
    ImageDraw.Draw(picture).rectangle(
        [size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4], fill=(20, 90, 200)
    )
    picture.save(out, "PNG")
    data = out.getvalue() + name.encode()  # one content per name (the bank keeps one copy of a content)
    return ItemAsset.objects.create(
        bank=bank, name=name, file=ContentFile(data, name=name), sha256=hashlib.sha256(data).hexdigest(),
        content_type="image/png", size=len(data),
    )  # fmt: skip


def show_image(version_id: int, name: str) -> None:
    ItemVersion.objects.filter(pk=version_id).update(
        stem=f"Quan sát sơ đồ:\n\n![sơ đồ](@@PLUGINFILE@@/{name})", stem_format=ItemVersion.Format.MARKDOWN
    )


def client_of(user, backend="exams.backends.CandidateBackend") -> Client:
    client = Client()
    client.force_login(user, backend=backend)
    return client


@pytest.fixture
def pictured(ready):
    """Candidate 0's first question shows `mine`; a question of candidate 1 only shows `theirs`."""
    first, second = ready["candidates"][:2]
    ours = {entry["v"] for entry in paper_of(first)}
    theirs_only = [entry["v"] for entry in paper_of(second) if entry["v"] not in ours]
    assert theirs_only, "the two papers drew the same questions"
    ready["mine"], ready["theirs"] = image(ready["bank"], "mine.png"), image(ready["bank"], "theirs.png")
    show_image(paper_of(first)[0]["v"], "mine.png")
    show_image(theirs_only[0], "theirs.png")
    return ready


def url(asset) -> str:
    return f"/exams/me/exam/images/{asset.pk}/"


def test_the_state_carries_safe_html_pointing_at_his_image(pictured):
    candidate = pictured["candidates"][0]
    state = live.attempt_state(attempt=live.attempt_for_candidate(candidate=candidate))
    question = next(q for q in state["parts"][0]["questions"] if q["id"] == paper_of(candidate)[0]["v"])
    assert f'<img src="{url(pictured["mine"])}" alt="sơ đồ"' in question["html"]
    assert question["text"].startswith("Quan sát sơ đồ")  # the text keeps its meaning
    assert all("html" in option for option in question["options"])
    plain = next(q for q in state["parts"][0]["questions"] if q["id"] != question["id"])
    assert "html" not in plain


def test_he_gets_the_image_of_his_question_before_and_during_his_attempt_and_it_is_recorded(pictured):
    client = client_of(pictured["candidates"][0].user)
    waiting = client.get(url(pictured["mine"]))  # the paper is loaded behind the waiting screen: its images too
    assert waiting.status_code == 200 and waiting["Content-Type"] == "image/png"
    assert "no-store" in waiting["Cache-Control"]
    commands.room_start(room_session=pictured["session"], actor=pictured["proctor"])
    response = client.get(url(pictured["mine"]))
    assert response.status_code == 200 and b"".join(response.streaming_content).endswith(b"mine.png")
    entries = AuditEntry.objects.filter(object_id=str(pictured["mine"].pk), note="image in a live paper")
    assert entries.count() == 2 and entries.first().actor == pictured["candidates"][0].user


def test_another_candidates_image_an_outsider_a_proctor_and_a_closed_attempt_are_refused(pictured):
    commands.room_start(room_session=pictured["session"], actor=pictured["proctor"])
    candidate = pictured["candidates"][0]
    assert client_of(candidate.user).get(url(pictured["theirs"])).status_code == 404
    assert client_of(candidate.user).get("/exams/me/exam/images/999999/").status_code == 404
    staff = Client()
    staff.force_login(UserFactory())
    assert staff.get(url(pictured["mine"])).status_code == 404
    proctor = Client()
    proctor.force_login(pictured["proctor"])
    assert proctor.get(url(pictured["mine"])).status_code == 404
    assert Client().get(url(pictured["mine"])).status_code == 302  # to the candidate's login
    attempt = Attempt.objects.get(candidate=candidate)
    closing.attempt_submit(attempt=attempt, ending=Attempt.Ending.CANDIDATE)
    assert client_of(candidate.user).get(url(pictured["mine"])).status_code == 404
    assert not AuditEntry.objects.filter(note="image in a live paper").exists()
