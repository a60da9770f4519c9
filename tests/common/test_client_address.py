"""The client address (lockout, audit trail) is the connection's, unless a configured proxy vouches for it."""

import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import Token

from common.middleware import client_ip
from tests.hrm.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_rotating_x_forwarded_for_does_not_escape_the_lockout(client):
    UserFactory(username="victim")
    for attempt in range(6):
        client.post(
            reverse("login"), {"username": "victim", "password": "wrong"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}"
        )
    locked = client.post(
        reverse("login"), {"username": "victim", "password": "pass-1234-secret"}, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert locked.status_code == 429
    assert not client.session.get("_auth_user_id")


@pytest.mark.django_db
def test_rotating_x_forwarded_for_does_not_escape_the_lockout_of_the_token_api(api_client):
    UserFactory(username="victim")
    url = reverse("api:token-login")
    for attempt in range(6):
        api_client.post(url, {"username": "victim", "password": "wrong"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}")
    locked = api_client.post(url, {"username": "victim", "password": "pass-1234-secret"})
    assert locked.status_code == 429
    assert not Token.objects.filter(user__username="victim").exists()


def test_the_client_address_is_the_connections_own():
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "192.0.2.10"


def test_axes_counts_failures_against_the_same_client_address(settings):
    from axes.helpers import get_client_ip_address

    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert settings.AXES_CLIENT_IP_CALLABLE == "common.middleware.client_ip"
    assert get_client_ip_address(request) == "192.0.2.10"


def _make_n(target: str, **env) -> str:
    ours = ("DJANGO_BEHIND_PROXY", "DJANGO_TRUSTED_PROXIES", "CONGVU_WS_COMPRESSION")
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    result = subprocess.run(
        ["make", "-n", target, f"PY={sys.executable}", "WEB_WORKERS=1"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return next(line for line in result.stdout.splitlines() if "bin/uvicorn" in line)


@pytest.mark.parametrize("target", ["run", "serve"])
def test_the_makefile_server_ignores_proxy_headers_by_default(target):
    args = shlex.split(_make_n(target).removesuffix("\\").strip().removesuffix("&"))
    assert "--no-proxy-headers" in args and "--proxy-headers" not in args


def test_behind_a_proxy_the_makefile_trusts_only_the_configured_addresses():
    line = _make_n("serve", DJANGO_BEHIND_PROXY="1", DJANGO_TRUSTED_PROXIES="10.0.0.5,10.0.0.6")
    args = shlex.split(line.removesuffix("\\").strip().removesuffix("&"))
    assert args[args.index("--forwarded-allow-ips") + 1] == "10.0.0.5,10.0.0.6"


@pytest.mark.parametrize("target", ["run", "serve"])
def test_the_makefile_server_compresses_websocket_messages_only_when_asked(target):
    args = shlex.split(_make_n(target).removesuffix("\\").strip().removesuffix("&"))
    assert args[args.index("--ws-per-message-deflate") + 1] == "false"
    args = shlex.split(_make_n(target, CONGVU_WS_COMPRESSION="1").removesuffix("\\").strip().removesuffix("&"))
    assert "--ws-per-message-deflate" not in args  # uvicorn's default: compressed


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _client_seen_by_server(**env) -> str:
    """Start uvicorn with the Makefile's own `serve` flags (an echo app instead of the project) and
    ask it, with a forged X-Forwarded-For, which client address it saw."""
    port = _free_port()
    args = shlex.split(_make_n("serve", **env).removesuffix("\\").strip().removesuffix("&"))
    args = [sys.executable, "-m", "uvicorn", *args[1:]]
    args[args.index("config.asgi:application")] = "tests.common.asgi_echo:app"
    args[args.index("--port") + 1] = str(port)
    args[args.index("--lifespan") + 1] = "off"
    server = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **env}, stderr=subprocess.DEVNULL)
    try:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"X-Forwarded-For": "203.0.113.9"})
        for _ in range(100):
            try:
                with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 - our own local server
                    return response.read().decode()
            except OSError:
                time.sleep(0.1)
        raise AssertionError("the server did not start")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_real_server_ignores_a_forged_x_forwarded_for():
    assert _client_seen_by_server() == "127.0.0.1"


def test_behind_a_configured_proxy_the_real_server_believes_it():
    assert _client_seen_by_server(DJANGO_BEHIND_PROXY="1", DJANGO_TRUSTED_PROXIES="127.0.0.1") == "203.0.113.9"
