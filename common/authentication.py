"""DRF authentication: API tokens that expire."""

from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from common.auth_services import api_token_is_expired


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token …`, refused (401) once the token is older than CONGVU_API_TOKEN_HOURS."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if api_token_is_expired(token=token):
            raise AuthenticationFailed(_("The API token has expired: log in again to get a new one."))
        return user, token
