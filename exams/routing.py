"""The exams app's WebSocket routes (included by config/routing.py)."""

from django.urls import path

from exams.consumers.candidate import CandidateConsumer

websocket_urlpatterns = [
    path("ws/exam/", CandidateConsumer.as_asgi()),
]
