"""Bad environment values stop start-up with a message naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def start(env_overrides: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG")}
    env.update(env_overrides)
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'])"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG"),
        ({"DJANGO_DEBUG": "0"}, "DJANGO_SECRET_KEY"),
        ({"DATABASE_URL": "mysql://db/x"}, "DATABASE_URL"),
        ({"REDIS_URL": "http://localhost:6379"}, "REDIS_URL"),
        ({"CONGVU_IMPORT_SYNC_MAX_ROWS": "many"}, "CONGVU_IMPORT_SYNC_MAX_ROWS"),
    ],
)
def test_bad_value_stops_startup_naming_the_variable(overrides, named):
    result = start(overrides)
    assert result.returncode != 0
    assert named in result.stderr


def test_no_variables_means_embedded_sqlite():
    result = start({})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_database_url_switches_to_postgresql():
    result = start({"DATABASE_URL": "postgres://root@127.0.0.1:5432/test"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_secret_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cr3t-from-file-0123456789-abcdefghijklmnopqrstuvwxyz")
    result = start({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY_FILE": str(secret)})
    assert result.returncode == 0, result.stderr
