"""Every GET route of the project, as every persona, for an id that does not exist: a refusal or a page, never a
server error. (A crawl of the demo with odd query strings found a 500 this way; the crawl itself is too slow for the
suite, this is its cheapest net.)"""

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "admin_user", "hr_manager", "examiner", "trainer", "candidate", "outsider"]
MISSING = "999999"


def _routes(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def _url(route: str) -> str:
    def value(match):
        return MISSING if match.group(1) in (None, "int") else "x"

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


ROUTES = sorted({_url(r) for r in _routes() if not r.startswith("admin/")})


def test_the_routes_are_found():
    assert len(ROUTES) > 200 and "/exams/999999/" in ROUTES and "/api/docs/" in ROUTES


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_route_answers_a_server_error(persona, request):
    client = Client(raise_request_exception=False)
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    errors = [(url, code) for url in ROUTES if (code := client.get(url).status_code) >= 500]
    assert errors == []
