"""Vietnamese ways of writing figures in pages: `{% load vietnamese %}`, then `{{ x|number_vi }}`, `{{ p|phone }}`."""

from decimal import InvalidOperation

from django import template

from common.phones import phone_display
from common.vietnamese import number_vi as number_vi_format

register = template.Library()


@register.filter
def number_vi(value, places=2):
    """3 → '3,00'; 1234.5 → '1.234,50'; `places` decimals (2 unless given); a value that is no number as it is."""
    try:
        return number_vi_format(value, int(places))
    except (InvalidOperation, TypeError, ValueError):
        return value


@register.filter
def phone(value):
    """A stored phone number grouped for reading (0912 345 678)."""
    return phone_display(value)
