from common.routing import websocket_urlpatterns as common_ws

websocket_urlpatterns = [*common_ws]
