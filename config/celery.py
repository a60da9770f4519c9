"""The Celery app: reads every CELERY_* setting and discovers each app's tasks.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("congvu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
