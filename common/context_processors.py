from common.navigation import menu_groups_for


def _admin_has_models(request) -> bool:
    """The admin link is offered only to who would find a model in it (staff status alone is not enough)."""
    from django.contrib import admin

    return bool(request.user.is_staff and admin.site.get_app_list(request))


def _is_administrator(user) -> bool:
    """A province administrator (superuser, or a role that may do everything): he alone reads the sources'
    verification notes of the reference data."""
    from common.access import ACCESS, EVERY_ACTION

    if user.is_superuser:
        return True
    return any(EVERY_ACTION in role.actions for role in map(ACCESS.get, ACCESS.roles_of(user)) if role)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_groups": [], "nav_admin": False, "nav_api": False, "is_administrator": False}
    groups = menu_groups_for(user)
    # The API documentation is for who works in a module (not for candidates or users without a role).
    return {
        "nav_groups": groups,
        "nav_admin": _admin_has_models(request),
        "nav_api": bool(groups),
        "is_administrator": _is_administrator(user),
    }
