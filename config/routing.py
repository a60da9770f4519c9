from common.routing import websocket_urlpatterns as common_ws
from exams.routing import websocket_urlpatterns as exams_ws

websocket_urlpatterns = [*common_ws, *exams_ws]
