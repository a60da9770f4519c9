"""Pending changes in the pages: "từ 01/12/2026, chờ hiệu lực" (hrm.selectors.pending)."""

from django import template

from hrm.selectors.pending import pending_mark as pending_mark_text

register = template.Library()


@register.simple_tag
def pending_mark(day) -> str:
    """The mark of a change in force from `day`: `{% pending_mark row.valid_from %}`."""
    return pending_mark_text(day)
