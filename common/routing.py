from django.urls import path

from common import consumers

websocket_urlpatterns = [path("ws/jobs/<uuid:job_id>/", consumers.JobProgressConsumer.as_asgi())]
