from django.urls import path


app_name = "exams-api"
urlpatterns = []
