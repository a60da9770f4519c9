from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from common import views as common_views

urlpatterns = [
    path("", common_views.HomeView.as_view(), name="home"),
    path("healthz", common_views.HealthzView.as_view(), name="healthz"),
    path("favicon.ico", common_views.FaviconView.as_view(), name="favicon"),
    path("accounts/", include("common.auth_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script from a URL of its own: the CSP allows no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("common.api_urls")),
    path("api/hrm/", include("hrm.api_urls")),
    path("api/exams/", include("exams.api_urls")),
    path("api/exam/", include("exams.live_api_urls")),  # the live exam protocol's candidate login
    path("api/skills/", include("skills.api_urls")),
    path("", include("common.urls")),  # /jobs/… and /audit/
    path("hrm/", include("hrm.urls")),
    path("exams/", include("exams.urls")),
    path("skills/", include("skills.urls")),
]
# MEDIA_ROOT (uploads, job files, staff photos) is never served as such: each file has a view that checks
# who may have it (hrm:staff-photo, the job pages).
