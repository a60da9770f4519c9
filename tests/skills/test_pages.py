import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_trainer_sees_the_standard(client, trainer, english):
    client.force_login(trainer)
    response = client.get(reverse("skills:standard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert len(response.context["modules"]) == 15
    assert "all 6 basic modules" in html and "at least 3 advanced modules" in html
    assert 'data-code="IU01.5.2.2"' in html and "TT 44/2017" in html
    # the sources' verification notes are for administrators (issue 13); this test pinned the trainer seeing them
    assert 'class="unverified"' not in html


def test_only_an_administrator_sees_the_verification_marks(client, admin_user, trainer):
    client.force_login(admin_user)
    html = client.get(reverse("skills:standard")).content.decode()
    assert 'class="unverified"' in html


def test_hr_officer_sees_the_standard(client, hr_manager):
    client.force_login(hr_manager)
    assert client.get(reverse("skills:standard")).status_code == 200


def test_outsider_gets_403(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("skills:standard")).status_code == 403


def test_examiner_gets_403(client, examiner):
    client.force_login(examiner)
    assert client.get(reverse("skills:standard")).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("skills:standard"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
