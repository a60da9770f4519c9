from django.urls import path

from exams.consumers import proctor

websocket_urlpatterns = [
    path("ws/proctor/<int:room_session_id>/", proctor.ProctorConsumer.as_asgi()),
    path("ws/proctor/shift/<int:shift_id>/", proctor.ShiftBoardConsumer.as_asgi()),
]
