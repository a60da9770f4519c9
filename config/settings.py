"""Congvu settings: one module, switched only by environment variables (see README, "Settings").

No variable set → embedded mode: SQLite, in-memory channel layer, Celery tasks run in-process
(eager) and the periodic jobs run from an in-process beat thread. DATABASE_URL switches to
PostgreSQL; REDIS_URL switches the channel layer, the cache and the Celery broker to Redis so
that several ASGI processes and Celery workers share the load.
"""

import warnings
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from common.import_formats import SafeCSV, SafeXLSX
from config.env import env_bool, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CONGVU_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"  # noqa: S105
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "import_export",
    "axes",
    "common",
    "hrm",
    "exams",
    "skills",
    "training",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "common.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "common.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "common.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "common.middleware.AuditContextMiddleware",
    "exams.middleware.CandidateConfinementMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"
AUTH_USER_MODEL = "hrm.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "common.context_processors.navigation",
            ],
        },
    },
]

# --- Database: DATABASE_URL switches to PostgreSQL -------------------------------------------
DATABASE_URL = env_url("DATABASE_URL", ("postgres", "postgresql", "sqlite"))
# The live exam's candidate sockets run their database calls on this many threads per process (their handshakes side
# by side in a start storm), each holding a pooled connection while it runs; the pool below leaves room for them, the
# logins' turns, the answer writer's thread, other views and the presence beat.
CONGVU_LIVE_DB_THREADS = env_int("CONGVU_LIVE_DB_THREADS", 4, minimum=1)
# Candidate socket handshakes running their database part at once per process (exams.consumers.candidate.calls): a
# start or reconnect storm leaves the other threads to the messages of candidates already connected.
CONGVU_LIVE_HANDSHAKES_AT_ONCE = env_int(
    "CONGVU_LIVE_HANDSHAKES_AT_ONCE", max(1, CONGVU_LIVE_DB_THREADS - 1), minimum=1
)
# Candidate logins checking their code against the database at once per process (exams.services.candidate_login):
# a login storm queues for these turns instead of emptying the pool ("couldn't get a connection after 10 s").
CONGVU_LOGIN_DB_AT_ONCE = env_int("CONGVU_LOGIN_DB_AT_ONCE", 3, minimum=1)
if DATABASE_URL:
    # A connection pool per process, never persistent connections: under ASGI every request runs in a thread of
    # its own, so a connection kept per thread (CONN_MAX_AGE > 0) outlives the request and leaks. With the pool,
    # closing a connection at the end of each request, task or socket message hands it back.
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": env_int("CONGVU_DB_POOL_SIZE", CONGVU_LIVE_DB_THREADS + CONGVU_LOGIN_DB_AT_ONCE + 6, minimum=1),
        "timeout": env_int("CONGVU_DB_POOL_TIMEOUT", 10, minimum=1),
        "max_lifetime": 1800,
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("CONGVU_SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            # Channels runs sync code in threads: wait for the lock instead of failing, and take
            # the write lock at BEGIN so two writers never deadlock on a lock upgrade.
            "OPTIONS": {
                "init_command": "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: REDIS_URL switches channel layer, cache and Celery broker together ---------------
REDIS_URL = env_url("REDIS_URL", ("redis", "rediss", "unix"))
if REDIS_URL:
    # The layer's receive blocks in BZPOPMIN for up to 5 s (channels_redis' brpop_timeout), and redis-py's default
    # socket timeout is 5 s too: under load the read timed out and killed the socket ("Timeout reading from …").
    # The read timeout must outlast the blocking pop; connecting still fails fast when Redis is down.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": 30, "socket_connect_timeout": 5}]},
        }
    }
    # Short socket timeouts: when Redis is down, pages say so within seconds instead of hanging.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # One pool per process (common.redis_pool), not a new connection per request and per socket handshake.
            "OPTIONS": {
                "socket_connect_timeout": 2,
                "socket_timeout": 5,
                "pool_class": "common.redis_pool.SharedConnectionPool",
            },
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "congvu")
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 1800, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 1900, minimum=1)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Sending a task to a broker that does not answer fails within about two seconds (the job is then marked failed).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
# The periodic jobs; in embedded mode the ASGI process runs them from an in-process beat thread.
CELERY_BEAT_SCHEDULE = {
    "hrm.reminders_refresh": {"task": "hrm.reminders_refresh", "schedule": crontab(minute=15, hour=6)},
    "common.jobs_reap_stale": {"task": "common.jobs_reap_stale", "schedule": 300.0},
    # Every hour at minute 1 (first at 00:01): changes recorded from a later date come into force that day; hourly,
    # so a process started after midnight catches up within the hour. A run with nothing to move is two queries.
    "hrm.staff_current_refresh": {"task": "hrm.staff_current_refresh", "schedule": crontab(minute=1)},
    # Every 5 seconds: live exam attempts whose deadline passed are closed and graded even with no browser
    # connected (a read of an attempt closes it too). A run that finds nothing is one indexed query; a run not
    # picked up within 5 s is dropped, the next one does its work.
    "exams.attempts_close_expired": {
        "task": "exams.attempts_close_expired",
        "schedule": 5.0,
        "options": {"expires": 5},
    },
    # Every minute: the live papers of the rooms whose shift starts within two hours are built and cached before
    # their candidates log in (each room at most every half hour; nothing in embedded mode, which has no worker).
    "exams.live_papers_warm_due": {
        "task": "exams.live_papers_warm_due",
        "schedule": 60.0,
        "options": {"expires": 60},
    },
}
EMBEDDED_BEAT = env_bool("CONGVU_EMBEDDED_BEAT", not REDIS_URL)

# --- Authentication, lockout, security --------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "exams.backends.CandidateBackend",  # candidate number + access code; never a password
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = env_int("CONGVU_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("CONGVU_LOGIN_LOCKOUT_MINUTES", 15, minimum=1) / 60  # hours
# Users by name and address; a candidate login by its candidate number alone (exams.backends).
AXES_LOCKOUT_PARAMETERS = "exams.backends.axes_lockout_parameters"
AXES_USERNAME_CALLABLE = "exams.backends.axes_username"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "access_code"]
# Failed candidate logins one client address may make per lockout window, over all candidate numbers.
CONGVU_CANDIDATE_LOGIN_ADDRESS_LIMIT = env_int("CONGVU_CANDIDATE_LOGIN_ADDRESS_LIMIT", 30, minimum=1)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# One function decides the client address (lockout and audit trail): the connection's own. uvicorn rewrites it
# from X-Forwarded-For only for DJANGO_TRUSTED_PROXIES when DJANGO_BEHIND_PROXY is on (config/serve_args.py).
AXES_CLIENT_IP_CALLABLE = "common.middleware.client_ip"
# API tokens are refused this many hours after the login that issued them; a password change revokes them.
CONGVU_API_TOKEN_HOURS = env_int("CONGVU_API_TOKEN_HOURS", 12, minimum=1)

SECURE_COOKIES = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0, minimum=0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY", False) else None

# --- Internationalisation: Vietnamese first, English available ------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

# --- Static and uploaded files: everything served by the project (exam rooms are offline) ----
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it even before collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Form fields of a request (files apart) stay small; an uploaded file over 2.5 MB goes to a temporary
# file, and no upload may exceed the largest per-kind limit below (common.uploads.UploadLimitHandler).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440
FILE_UPLOAD_HANDLERS = [
    "common.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- API ----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: a refused token is a 401 with `WWW-Authenticate: Token` (not a 403), so clients log in again.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "common.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "common.api.exception_handler",
    "DATE_FORMAT": "%Y-%m-%d",
    "DATE_INPUT_FORMATS": ["%Y-%m-%d", "%d/%m/%Y"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Congvu API",
    "DESCRIPTION": "Staff registry, exams and IT-skill training of a provincial government.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "EmployeeStaffTypeEnum": "hrm.models.people.Employee.StaffType",
        "ProfileStaffTypeEnum": "exams.models.RegulationProfile.StaffType",
        "ProfileKindEnum": "exams.models.RegulationProfile.Kind",
        "ReminderKindEnum": "hrm.models.reminders.Reminder.Kind",
        "AttachmentKindEnum": "hrm.models.attachments.Attachment.Kind",
        "UnitKindEnum": "hrm.models.org.OrgUnit.Kind",
        "ExamKindEnum": "exams.models.Exam.Kind",
        "ExamStatusEnum": "exams.models.Exam.Status",
        "SubjectKindEnum": "exams.models.Subject.Kind",
        "ItemKindEnum": "exams.models.ItemVersion.Kind",
        "ItemStatusEnum": "exams.models.ItemVersion.Status",
        "EmployeeStatusEnum": "hrm.models.people.Employee.Status",
        "QualificationKindEnum": "hrm.models.histories.Qualification.Kind",
        "CandidateStatusEnum": "exams.models.Candidate.Status",
        "ClaimKindEnum": "exams.models.CandidateClaim.Kind",
        "ClaimStatusEnum": "exams.models.CandidateClaim.Status",
    },
}

# --- Import / export ---------------------------------------------------------------------------
IMPORT_EXPORT_USE_TRANSACTIONS = True
# csv and xlsx only, read through the bounded reader and written without formulas (common.resources)
IMPORT_EXPORT_FORMATS = [SafeCSV, SafeXLSX]
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_TMP_STORAGE_CLASS = (
    "import_export.tmp_storages.CacheStorage" if REDIS_URL else ("import_export.tmp_storages.MediaStorage")
)
# Imports larger than this many rows run as a background job with a progress bar.
CONGVU_IMPORT_SYNC_MAX_ROWS = env_int("CONGVU_IMPORT_SYNC_MAX_ROWS", 500, minimum=0)
CONGVU_PHOTO_MAX_BYTES = env_int("CONGVU_PHOTO_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
# Scanned decisions and certificates of a staff record (PDF, JPEG or PNG; the pixel bound is the photos').
CONGVU_ATTACHMENT_MAX_BYTES = env_int("CONGVU_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
# Checked from the image header before any pixel is decoded (a 10000×10000 PNG is a few KB).
CONGVU_PHOTO_MAX_PIXELS = env_int("CONGVU_PHOTO_MAX_PIXELS", 40_000_000, minimum=19_200)
# Uploaded spreadsheets (staff import, admin imports): checked before they are read (common.spreadsheets).
CONGVU_UPLOAD_SPREADSHEET_MAX_BYTES = env_int("CONGVU_UPLOAD_SPREADSHEET_MAX_BYTES", 50 * 1024 * 1024, minimum=1024)
CONGVU_IMPORT_MAX_ROWS = env_int("CONGVU_IMPORT_MAX_ROWS", 200_000, minimum=1)
CONGVU_IMPORT_MAX_COLUMNS = env_int("CONGVU_IMPORT_MAX_COLUMNS", 200, minimum=1)
# rows × columns from A1 to the farthest cell: the reader allocates that whole rectangle
CONGVU_IMPORT_MAX_CELLS = env_int("CONGVU_IMPORT_MAX_CELLS", 6_000_000, minimum=1)
# PostgreSQL: files longer than this are checked and written slice by slice at the same time (0: never)
CONGVU_IMPORT_SLICE_ROWS = env_int("CONGVU_IMPORT_SLICE_ROWS", 10000, minimum=0)
# Exports of more rows than this are written by a background job.
CONGVU_EXPORT_SYNC_MAX_ROWS = env_int("CONGVU_EXPORT_SYNC_MAX_ROWS", 5000, minimum=0)
# Item analysis (issue #16): the bank flags an item whose item–rest correlation is below the minimum (negative
# discrimination) or whose facility lies outside [min, max] in an exam; percents in the environment.
CONGVU_ITEM_MIN_DISCRIMINATION = env_int("CONGVU_ITEM_MIN_DISCRIMINATION_PERCENT", 0, minimum=-100) / 100
CONGVU_ITEM_MIN_FACILITY = env_int("CONGVU_ITEM_MIN_FACILITY_PERCENT", 10, minimum=0) / 100
CONGVU_ITEM_MAX_FACILITY = env_int("CONGVU_ITEM_MAX_FACILITY_PERCENT", 95, minimum=0) / 100
# A paper (form) is analysed when at least this many candidates sat it: per-candidate papers are never analysed.
CONGVU_ITEM_ANALYSIS_MIN_CANDIDATES = env_int("CONGVU_ITEM_ANALYSIS_MIN_CANDIDATES", 30, minimum=2)

# WhiteNoise serves static files with a synchronous iterator; under ASGI Django warns once per file that it must
# consume it to serve it (harmless for small files, and exam-room assets are small).
warnings.filterwarnings("ignore", message="StreamingHttpResponse must consume synchronous iterators")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        "client_errors": {"()": "common.logging.ClientErrorsWithoutTraceback"},
        "routine_runs": {"()": "common.logging.RoutineRunsQuiet"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["client_errors"]},
    },
    "root": {"handlers": ["console"], "level": env_str("CONGVU_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler (DEBUG only) would print each 403/404 a second time, with its traceback,
        # before the filter above runs: its records go to the one handler of the root logger instead.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "axes": {"level": "WARNING"},
        "django.db.backends": {"level": "WARNING"},
        # The PDF engine lists every CSS property it skips (border-collapse...) at each rendering; its font
        # warnings (xhtml2pdf.context) stay: a letter no font can draw is a real defect.
        "xhtml2pdf.parser": {"level": "ERROR"},
        # The frequent periodic jobs (the exam closer every 5 s) are logged when they did something, not at every
        # run. On the loggers, not the handler: a Celery worker logs through its own handler.
        "celery.beat": {"filters": ["routine_runs"]},
        "celery.app.trace": {"filters": ["routine_runs"]},
        "celery.worker.strategy": {"filters": ["routine_runs"]},
    },
}
