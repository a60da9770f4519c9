"""Signal receivers of the common app (connected in CommonConfig.ready)."""

from common.auth_services import api_tokens_revoke


def revoke_api_tokens_on_password_change(sender, instance, created, **kwargs):
    # set_password() leaves the new raw password in `_password` until save(); Django clears it after
    # this signal, and leaves it unset when it only re-hashes the same password at login.
    if not created and getattr(instance, "_password", None) is not None:
        api_tokens_revoke(user=instance)
