from django.urls import path

from skills import views

app_name = "skills-api"
urlpatterns = [
    path("modules/", views.ModuleListApi.as_view(), name="modules"),
]
