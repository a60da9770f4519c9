"""REST API of the staff registry; each sub-domain keeps its own block."""

from django.urls import path  # noqa: F401

app_name = "hrm-api"
urlpatterns = []

# --- staff and units (hrm/views/staff.py) ---
# --- imports and exports (hrm/views/imports.py) ---
# --- reports (hrm/views/reports.py) ---
