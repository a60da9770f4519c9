"""The admin is part of Congvu: its name and icon, and the icon at /favicon.ico for pages that name none."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_admin_says_congvu_and_shows_its_icon(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root_admin", password="x" * 16))
    html = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Quản trị Congvu" in html and "Dữ liệu và thiết lập" in html
    assert "Django" not in html.split("<body", 1)[1].split("</header>", 1)[0]  # the header names Congvu only
    assert 'rel="icon" href="/static/img/favicon.svg"' in html


def test_the_admin_login_page_has_the_icon_too(client):
    html = client.get(reverse("admin:login")).content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in html and "Congvu" in html


def test_favicon_ico_leads_to_the_icon_for_anyone(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/img/favicon.svg"
    assert client.get(response["Location"]).status_code == 200
