"""The live pages (tab, console, shift board, minutes PDF) and the commands' REST API: who gets in, what they
show, and that the API goes through the same service as the socket."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from exams.models import Attempt, RoomLog
from exams.services.live.proctor import proctor_command
from tests.exams.factories import ExamFactory, RoomSessionFactory
from tests.exams.factories_setup import board_of, grader_of, proctor_of
from tests.hrm.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(ready):
    ready["proctor"] = proctor_of(ready["session"])
    ready["board"] = board_of(ready["exam"])
    return ready


def pages(room):
    exam, session, shift = room["exam"].pk, room["session"].pk, room["shift"].pk
    return [
        reverse("exams:live", args=[exam]),
        reverse("exams:live-room", args=[exam, session]),
        reverse("exams:live-shift", args=[exam, shift]),
        reverse("exams:live-minutes", args=[exam, session]),
    ]


def api(room, name):
    return reverse(f"exams-api:live-{name}", args=[room["exam"].pk, room["session"].pk])


def test_the_proctor_and_the_board_open_every_live_page(client, room):
    for user in (room["proctor"], room["board"]):
        client.force_login(user)
        for url in pages(room):
            assert client.get(url).status_code == 200, (user, url)


def test_outsiders_graders_and_other_rooms_proctors_get_404(client, room):
    other = proctor_of(RoomSessionFactory(shift=room["shift"]), username="proctor_two")
    for user in (UserFactory(username="outsider"), grader_of(room["exam"]), other):
        client.force_login(user)
        urls = pages(room)
        if user is other:  # he sees the exam's tab and the shift's board (his own room), not this room
            urls = [urls[1], urls[3]]
        for url in urls:
            assert client.get(url).status_code == 404, (user.username, url)


def test_a_room_of_another_exam_under_this_exams_url_is_404(client, room, ready):
    elsewhere = RoomSessionFactory()
    client.force_login(proctor_of(elsewhere, username="proctor_far"))
    assert client.get(reverse("exams:live-room", args=[room["exam"].pk, elsewhere.pk])).status_code == 404
    assert client.get(reverse("exams:live-room", args=[elsewhere.shift.exam_id, elsewhere.pk])).status_code == 200


def test_the_console_shows_commands_to_the_proctor_only(client, room):
    url = reverse("exams:live-room", args=[room["exam"].pk, room["session"].pk])
    client.force_login(room["proctor"])
    page = client.get(url).content.decode()
    assert 'data-command="start"' in page and f'data-ws-path="/ws/proctor/{room["session"].pk}/"' in page
    assert "proctor.js" in page and "https://" not in page.split("<body")[0]
    client.force_login(room["board"])
    assert 'data-command="start"' not in client.get(url).content.decode()


def test_the_live_tab_is_among_the_exam_tabs_for_the_board(client, room):
    client.force_login(room["board"])
    page = client.get(reverse("exams:exam-overview", args=[room["exam"].pk])).content.decode()
    assert reverse("exams:live", args=[room["exam"].pk]) in page
    client.force_login(room["proctor"])
    assert reverse("exams:proctor-rooms") in client.get(reverse("home")).content.decode()
    mine = client.get(reverse("exams:proctor-rooms")).content.decode()  # his rooms link to their consoles
    assert reverse("exams:live-room", args=[room["exam"].pk, room["session"].pk]) in mine


def test_api_roster_and_commands_go_through_the_service(api_client, room):
    api_client.force_authenticate(room["proctor"])
    roster = api_client.get(api(room, "roster")).json()
    assert roster["type"] == "roster" and len(roster["candidates"]) == 3
    done = api_client.post(api(room, "commands"), {"type": "start"}, format="json")
    assert done.status_code == 200 and done.json()["room"]["status"] == "in_progress"
    one = room["candidates"][0]
    body = {"type": "extend", "candidate": one.pk, "minutes": 5, "reason": "Mất mạng"}
    assert api_client.post(api(room, "commands"), body, format="json").status_code == 200
    assert Attempt.objects.get(candidate=one).extra_ms == 5 * 60_000
    log = api_client.get(api(room, "log")).json()
    assert [line["kind"] for line in log] == ["start", "extend"]
    assert log[1]["candidate"]["number"] == one.candidate_number and log[1]["reason"] == "Mất mạng"


def test_api_refusals_name_the_field_or_the_reason_and_write_nothing(api_client, room):
    api_client.force_authenticate(room["proctor"])
    missing = api_client.post(api(room, "commands"), {"type": "force_submit", "candidate": 1}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()
    not_started = api_client.post(api(room, "commands"), {"type": "pause", "reason": "x"}, format="json")
    assert not_started.status_code == 400 and not_started.json()["code"] == "not_running"
    api_client.force_authenticate(room["board"])
    refused = api_client.post(api(room, "commands"), {"type": "start"}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    api_client.force_authenticate(grader_of(room["exam"]))
    assert api_client.post(api(room, "commands"), {"type": "start"}, format="json").status_code == 404
    assert api_client.get(api(room, "roster")).status_code == 404
    assert not RoomLog.objects.exists()


def test_the_minutes_pdf_lists_the_room_the_proctors_presence_and_every_line(client, room):
    session, proctor = room["session"], room["proctor"]
    proctor.first_name, proctor.last_name = "Lan", "Nguyễn Thị"
    proctor.save()
    proctor_command(room_session=session, actor=proctor, command={"type": "start"})
    one = room["candidates"][0]
    proctor_command(room_session=session, actor=proctor, command={"type": "pause", "reason": "Mất điện khu A"})
    proctor_command(room_session=session, actor=proctor, command={"type": "resume"})
    proctor_command(
        room_session=session,
        actor=proctor,
        command={"type": "incident", "candidate": one.pk, "text": "Thí sinh dùng điện thoại"},
    )
    Attempt.objects.filter(candidate=one).update(connected_at=session.started_at)
    client.force_login(room["board"])
    response = client.get(reverse("exams:live-minutes", args=[room["exam"].pk, session.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert session.room.name in text and session.shift.name in text
    assert "Mất điện khu A" in text and "Thí sinh dùng điện thoại" in text
    assert one.candidate_number in text and proctor.display_name in text
    for other in room["candidates"][1:]:
        assert other.candidate_number in text  # absent, named
    assert RoomLog.objects.filter(room_session=session).count() == 4


def test_the_board_opens_the_live_tab_of_an_exam_without_rooms(client, room):
    empty = ExamFactory()
    client.force_login(board_of(empty, username="board_two"))
    page = client.get(reverse("exams:live", args=[empty.pk]))
    assert page.status_code == 200 and "tabs-nav" in page.content.decode()
    client.force_login(room["proctor"])
    assert client.get(reverse("exams:live", args=[empty.pk])).status_code == 404
