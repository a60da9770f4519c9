from django.urls import path


app_name = "hrm"
urlpatterns = []
