"""The exams app's WebSocket routes (included by config/routing.py)."""

from django.urls import path

from exams.consumers.candidate import CandidateConsumer
from exams.consumers.proctor import ProctorConsumer, ShiftBoardConsumer

websocket_urlpatterns = [
    path("ws/exam/", CandidateConsumer.as_asgi()),
    path("ws/proctor/<int:room_session_id>/", ProctorConsumer.as_asgi()),
    path("ws/proctor/shift/<int:shift_id>/", ShiftBoardConsumer.as_asgi()),
]
