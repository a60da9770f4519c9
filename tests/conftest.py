"""Personas and shared fixtures (conventions B8)."""

import os
from urllib.parse import urlsplit, urlunsplit

import pytest
from rest_framework.test import APIClient

from exams.roles import ExamRole
from hrm.models import Role
from tests.hrm.factories import GrantFactory, OrgUnitFactory, UserFactory
from training.roles import TrainingRole


def worker_redis_url(url: str, worker: str) -> str:
    """REDIS_URL for pytest-xdist worker `worker` ("gw0", "gw1", …): the database moved down by its number plus one
    (15 → 14, 13, …); unchanged for a run without workers."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss") or not worker.startswith("gw"):
        return url
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(base - 1 - int(worker[2:])) % 16}"))


@pytest.fixture(scope="session", autouse=True)
def _own_redis_database(worker_id):
    """Each xdist worker gets its own Redis database. The workers share one Redis server but not one test database:
    their primary keys overlap, so a push to the group of attempt 5 in one worker would reach a socket of the other's
    attempt 5, and one worker's `cache.clear()` would wipe the other's login tickets. Set before any test touches
    the cache, the channel layer or Celery; servers and workers a test spawns inherit it through the environment."""
    from channels.layers import channel_layers
    from django.conf import settings
    from django.core.cache import caches

    if not settings.REDIS_URL:
        return
    url = worker_redis_url(settings.REDIS_URL, worker_id)
    os.environ["REDIS_URL"] = settings.REDIS_URL = settings.CELERY_BROKER_URL = url
    settings.CACHES["default"]["LOCATION"] = url
    settings.CHANNEL_LAYERS["default"]["CONFIG"]["hosts"][0]["address"] = url  # its timeouts kept
    channel_layers.backends.clear()
    caches.close_all()
    for alias in list(caches.settings):
        if hasattr(caches._connections, alias):
            delattr(caches._connections, alias)


@pytest.fixture(autouse=True)
def _own_channel_layer():
    """Each test gets a Redis channel layer of its own (services mode). Each test runs its own event loop, and
    channels_redis keeps a read's lock and count in the layer: a consumer cancelled with an earlier test's loop left
    them bound to it, and the next test's reads failed ("Two event loops are trying to receive() on one channel layer
    at once!", "Lock … is bound to a different event loop")."""
    from channels.layers import channel_layers
    from django.conf import settings

    if settings.REDIS_URL:
        channel_layers.backends.clear()


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def province(db):
    """A small tree: province → department (Sở Nội vụ) and two districts, each with a commune."""
    root = OrgUnitFactory(code="T83", name="Tỉnh Bến Tre", kind="province", parent=None)
    dept = OrgUnitFactory(code="SNV", name="Sở Nội vụ", kind="department", parent=root)
    d1 = OrgUnitFactory(code="H831", name="Huyện Châu Thành", kind="district", parent=root)
    d2 = OrgUnitFactory(code="H836", name="Huyện Ba Tri", kind="district", parent=root)
    c1 = OrgUnitFactory(code="X28801", name="Thị trấn Châu Thành", kind="commune", parent=d1)
    c2 = OrgUnitFactory(code="X29062", name="Thị trấn Ba Tri", kind="commune", parent=d2)
    return {"root": root, "dept": dept, "d1": d1, "d2": d2, "c1": c1, "c2": c2}


@pytest.fixture
def admin_user(db):
    user = UserFactory(username="admin_persona")
    GrantFactory(user=user, role=Role.ADMIN, unit=None)
    return user


@pytest.fixture
def hr_manager(province):
    """HR officer of Huyện Châu Thành (d1) and everything under it."""
    user = UserFactory(username="hr_chau_thanh")
    GrantFactory(user=user, role=Role.HR_OFFICER, unit=province["d1"])
    return user


@pytest.fixture
def other_hr_manager(province):
    """HR officer of Huyện Ba Tri (d2): must never see Châu Thành's staff."""
    user = UserFactory(username="hr_ba_tri")
    GrantFactory(user=user, role=Role.HR_OFFICER, unit=province["d2"])
    return user


@pytest.fixture
def examiner(db):
    user = UserFactory(username="exam_board")
    GrantFactory(user=user, role=ExamRole.EXAM_BOARD, unit=None)
    return user


@pytest.fixture
def trainer(db):
    user = UserFactory(username="trainer")
    GrantFactory(user=user, role=TrainingRole.TRAINER, unit=None)
    return user


@pytest.fixture
def candidate(db):
    user = UserFactory(username="candidate")
    GrantFactory(user=user, role=ExamRole.CANDIDATE, unit=None)
    return user


@pytest.fixture
def outsider(db):
    """Signed in, but holds no role anywhere."""
    return UserFactory(username="outsider")


@pytest.fixture
def mai(province):
    """Trần Thị Mai, a civil servant (chuyên viên) of Châu Thành (unit d1), born 02/04/1985."""
    import datetime as dt

    from tests.hrm.factories import EmployeeFactory, PersonFactory

    return EmployeeFactory(
        unit=province["d1"],
        staff_type="cong_chuc",
        position="Chuyên viên",
        person=PersonFactory(full_name="Trần Thị Mai", sex="female", date_of_birth=dt.date(1985, 4, 2)),
    )


# --- Seed data after transactional tests ----------------------------------------------------------
SEED_MIGRATIONS = [
    "hrm.migrations.0002_seed_bentre_units",
    "hrm.migrations.0003_seed_rules",
    "hrm.migrations.0006_salarygroup_report_category",
    "hrm.migrations.0012_seed_bound_rules",
    "hrm.migrations.0015_seed_professional_titles",
    "hrm.migrations.0016_discipline_forms_by_staff_type",
    "hrm.migrations.0019_seed_early_raise_rules",
    "exams.migrations.0002_seed_reference",
    "exams.migrations.0006_profile_rules",
    "exams.migrations.0016_seed_exemption_grounds",
    "skills.migrations.0002_seed_standard",
    "exams.migrations.0010_seed_subjects",
    "exams.migrations.0020_seed_promotion_profiles",
    "exams.migrations.0040_legal_basis_vietnamese",  # after the seeds that write the legal basis
]


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return (
        bool(marker and marker.kwargs.get("transaction"))
        or "transactional_db" in fixtures
        or ("live_server" in fixtures)
    )


def reseed() -> None:
    """Run the data migrations' seed functions again (each is idempotent) on the current database."""
    import importlib

    from django.apps import apps

    for name in SEED_MIGRATIONS:
        importlib.import_module(name).seed(apps, None)


SKIPPED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "setup" and report.skipped:
        item.stash[SKIPPED] = True  # its database was never set up: nothing to put back
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying the database: put the seeded regulations and units back."""
    result = yield
    # nextitem None: the session ends and the test database goes with it, nothing to put back
    if nextitem is not None and not item.stash.get(SKIPPED, False) and _is_transactional(item):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            reseed()
    return result


@pytest.fixture(autouse=True)
def _language_of_the_project():
    """Every test starts in the project's language: a request served earlier in the same worker leaves the
    language its LocaleMiddleware chose active in the thread, and a test asserting Vietnamese words after an
    English request would otherwise fail or pass by the order xdist gives it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def english(client):
    """Messages and pages in English (the source strings), for tests that assert on wording."""
    from django.utils import translation

    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True, scope="session")
def _test_database_sessions_end(django_db_setup, django_db_blocker):
    """Threads of the live server and of the job runners keep connections of their own (persistent
    connections in the settings); end them before the test database is dropped (PostgreSQL)."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


# --- Background jobs ------------------------------------------------------------------------------
@pytest.fixture
def job_worker(settings):
    """Jobs get run: in-process in embedded mode; in services mode by a real Celery worker process
    reading its own Redis queue and writing to this test database. Yields the queue name (or None)."""
    if not settings.REDIS_URL:
        yield None
        return
    import os
    import subprocess
    import sys
    import uuid
    from pathlib import Path

    from django.db import connection

    from config.celery import app

    db = connection.settings_dict
    queue = f"test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "-Q", queue, "-l", "WARNING"],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    previous, app.conf.task_default_queue = app.conf.task_default_queue, queue
    try:
        yield queue
    finally:
        app.conf.task_default_queue = previous
        proc.terminate()
        proc.wait(timeout=30)
