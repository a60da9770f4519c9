"""Role checks for the registry's API and pages (object scoping is in hrm.selectors)."""

from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from hrm.access import RULES_CHANGE, STAFF_LIST
from hrm.selectors import is_province_admin, may, user_has_hr_scope


class IsHRStaff(BasePermission):
    """Users who may see staff records somewhere: province administrators and HR officers."""

    def has_permission(self, request, view):
        return may(request.user, STAFF_LIST)


class HRRequiredMixin:
    """For pages: signed-in users without an HR role get 403 (anonymous users go to the login page)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(request.user, STAFF_LIST):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class HasHRScope(BasePermission):
    """HR officers with at least one unit in their scope, and province administrators."""

    def has_permission(self, request, view):
        return user_has_hr_scope(user=request.user)


class HRScopeRequiredMixin:
    """For pages: signed-in users who manage no unit as HR get 403 (anonymous users go to the login page)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not user_has_hr_scope(user=request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class IsProvinceAdmin(BasePermission):
    """Restructuring changes the whole tree: province administrators only."""

    def has_permission(self, request, view):
        return is_province_admin(request.user)


class CanChangeRules(BasePermission):
    """The registry's rules as data (ranks and titles, their salary groups): province administrators."""

    def has_permission(self, request, view):
        return may(request.user, RULES_CHANGE)


class RulesChangeRequiredMixin:
    """For pages: signed-in users who may not change the registry's rules get 403."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(request.user, RULES_CHANGE):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
