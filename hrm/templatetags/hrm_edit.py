"""Template helpers of the edit pages: whether the signed-in user may change a staff record."""

from django import template

from hrm.selectors.edit import employee_writable

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_writable(context, employee) -> bool:
    """`{% staff_writable employee as can_write %}`: True for the record's HR officers and administrators."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return bool(user is not None and user.is_authenticated and employee_writable(user=user, employee=employee))
