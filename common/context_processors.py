from common.navigation import menu_groups_for


def _admin_has_models(request) -> bool:
    """The admin link is offered only to who would find a model in it (staff status alone is not enough)."""
    from django.contrib import admin

    return bool(request.user.is_staff and admin.site.get_app_list(request))


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_groups": [], "nav_admin": False, "nav_api": False}
    groups = menu_groups_for(user)
    # The API documentation is for who works in a module (not for candidates or users without a role).
    return {"nav_groups": groups, "nav_admin": _admin_has_models(request), "nav_api": bool(groups)}
