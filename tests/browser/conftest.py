"""Browser tests: headless Debian chromium driven by Playwright against pytest-django's live server.

How they run
  - The pages are served by pytest-django's `live_server` (a threaded WSGI server on 127.0.0.1); the tests use
    `transactional_db`, so the server thread sees the rows a test creates.
  - The browser is Debian's chromium at /usr/bin/chromium, launched with Playwright's `executable_path`.
    The Playwright browser download is never used (it cannot work offline, and exam rooms are offline).
  - When /usr/bin/chromium is missing and the tests run as root (CI does), the session installs it once with
    `apt-get update -qq` and `apt-get install -y -qq chromium`; a file lock (/tmp/congvu-chromium.lock) keeps
    two pytest-xdist workers from installing it at the same time.
  - Otherwise the browser tests are skipped, saying how to enable them: run the tests as root, or install the
    package yourself (`sudo apt-get install chromium`). Under CI (CI=true) a failed install fails instead of
    skipping, because CI must run the browser tests.

Enable and run them locally
    sudo apt-get install chromium
    .venv/bin/python -m pytest tests/browser -q            # or: -m browser, or -m "not browser" to leave them out

Writing a browser test module
    pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
  The live server needs committed rows, so each test ends by flushing the database; tests/conftest.py puts the
  migrations' seed data back after every transactional test.

Playwright's sync API and asyncio
  Between its calls the sync API leaves its own (idle) event loop marked as running in the test thread. Django
  would then refuse ORM calls and pytest-asyncio could not run later async tests in the same worker. So the
  loop is marked as running only while a `page` fixture is in use, and DJANGO_ALLOW_ASYNC_UNSAFE is set just
  for those tests: the loop is idle while the test's own code runs, so their ORM calls are safe.

Fixtures
  - `browser`: one headless chromium per test session (per xdist worker).
  - `page`: a fresh context per test (locale vi-VN, 1366x768) that records console errors, page errors and every
    request to another origin than the live server (those are aborted: exam rooms have no internet).
    `assert_offline_and_clean(page)` asserts that none of these happened.
  - `login(page, username, password)`: signs in through the real login form.
"""

import asyncio
import contextlib
import fcntl
import os
import subprocess
import threading
import time
from urllib.parse import urlsplit

import pytest
from channels.db import database_sync_to_async

CHROMIUM = "/usr/bin/chromium"
INSTALL_LOCK = "/tmp/congvu-chromium.lock"
INSTALL_TIMEOUT = 600  # seconds per apt-get command
HOW_TO_ENABLE = (
    "Debian's chromium is not installed at /usr/bin/chromium: run the tests as root so the test setup can install "
    "Debian's chromium, or apt-get install chromium"
)
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "pass-1234-secret"  # what tests.hrm.factories.UserFactory sets


def _apt_get(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    return subprocess.run(
        ["apt-get", *args], capture_output=True, text=True, timeout=INSTALL_TIMEOUT, env=env, check=False
    )


def _install_chromium() -> str | None:
    """Install Debian's chromium; None on success, else what went wrong."""
    for args in (("update", "-qq"), ("install", "-y", "-qq", "chromium")):
        try:
            result = _apt_get(*args)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"apt-get {' '.join(args)}: {exc}"
        if result.returncode != 0:
            return f"apt-get {' '.join(args)} exited {result.returncode}: {(result.stdout + result.stderr)[-2000:]}"
    return None if os.access(CHROMIUM, os.X_OK) else f"apt-get installed chromium but {CHROMIUM} is missing"


def _give_up(reason: str):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason}. CI must run the browser tests.", pytrace=False)
    pytest.skip(f"{HOW_TO_ENABLE} ({reason})")


def chromium_path() -> str:
    """Path of Debian's chromium, installed under a file lock when missing and running as root."""
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    if os.geteuid() != 0:
        pytest.skip(HOW_TO_ENABLE)
    with open(INSTALL_LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other xdist worker waits here, then finds it installed
        try:
            error = None if os.access(CHROMIUM, os.X_OK) else _install_chromium()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    if error:
        _give_up(f"installing it failed: {error}")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    manager = sync_playwright()
    playwright = manager.start()
    loop = asyncio.get_running_loop()  # the sync API keeps its loop marked as running in this thread
    try:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=LAUNCH_ARGS)
        browser.congvu_loop = loop
        _park(loop)
        yield browser
    finally:
        _unpark(loop)
        manager.__exit__()


def _park(loop) -> None:
    """Unmark Playwright's idle loop, so that the worker's other tests (ORM, pytest-asyncio) see no running loop."""
    assert asyncio.get_running_loop() is loop
    asyncio._set_running_loop(None)


def _unpark(loop) -> None:
    """Mark Playwright's loop as running again: its sync calls resume it from inside, as they expect."""
    asyncio._set_running_loop(loop)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# Chrome logs this for every 4xx/5xx answer; pages answered so on purpose (the 429 lockout) are not errors, and
# failed subresources are recorded from the responses instead.
HTTP_STATUS_NOTICE = "Failed to load resource: the server responded with a status of"


class PageWatch:
    """What a page did that an offline exam room must not see: other origins, console errors, failed subresources."""

    def __init__(self, server_origin: str):
        self.server_origin = server_origin
        self.foreign, self.console, self.failed = [], [], []

    def attach(self, context, page) -> None:
        context.route("**/*", self._route)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.console.append(f"uncaught: {exc}"))
        page.on("response", self._response)
        page.on("websocket", self._websocket)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or _origin(url) == self.server_origin:
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def _console(self, message) -> None:
        if message.type == "error" and not message.text.startswith(HTTP_STATUS_NOTICE):
            self.console.append(message.text)

    def _response(self, response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.failed.append(f"{response.status} {response.url}")

    def _websocket(self, websocket) -> None:
        if urlsplit(websocket.url).netloc != urlsplit(self.server_origin).netloc:
            self.foreign.append(websocket.url)


@contextlib.contextmanager
def watched_page(browser, base_url: str, monkeypatch):
    """A fresh vi-VN 1366x768 context on `base_url` and its page, watched (PageWatch); closed afterwards."""
    # While the test's own code runs, Playwright's loop only waits for the next sync call: the ORM is safe to use.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    _unpark(browser.congvu_loop)
    try:
        context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 768}, base_url=base_url)
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.congvu_watch = PageWatch(_origin(base_url))
        page.congvu_watch.attach(context, page)
        yield page
        context.close()
    finally:
        _park(browser.congvu_loop)


@pytest.fixture
def page(browser, live_server, monkeypatch, request):
    with watched_page(browser, live_server.url, monkeypatch) as page:
        yield page


def assert_offline_and_clean(page) -> None:
    """No request left the live server's origin, no subresource failed and the console showed no error."""
    watch = page.congvu_watch
    assert watch.foreign == [], f"requests to other origins: {watch.foreign}"
    assert watch.failed == [], f"failed subresources: {watch.failed}"
    assert watch.console == [], f"console errors: {watch.console}"


@pytest.fixture
def login():
    """Sign in through the real login form; fails, saying what the page showed, when that did not sign in."""

    def sign_in(page, username: str, password: str = PASSWORD):
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        with page.expect_navigation() as navigation:
            page.click("form.card button[type=submit]")
        if page.locator(".who").count() == 0:
            status = navigation.value.status if navigation.value else None
            raise AssertionError(
                f"{username} was not signed in: HTTP {status} at {page.url}: {page.inner_text('main')}"
            )
        return page

    return sign_in


class AsgiServer:
    """uvicorn serving config.asgi on a free port of 127.0.0.1, in a daemon thread."""

    def __init__(self):
        import uvicorn

        from config.asgi import application

        config = uvicorn.Config(application, host="127.0.0.1", port=0, lifespan="off", log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> str:
        self.thread.start()
        for _step in range(200):
            if self.server.started:
                break
            time.sleep(0.05)
        assert self.server.started, "uvicorn did not start"
        self.loop = next(iter(self.server.servers)).get_loop()
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def call(self, function, **kwargs):
        """Run a sync service in the server's loop (its executor), as a consumer would; returns its result."""
        future = asyncio.run_coroutine_threadsafe(database_sync_to_async(function)(**kwargs), self.loop)
        return future.result(timeout=15)

    def stop(self):
        self.server.should_exit = True
        self.thread.join(timeout=10)
