"""Units in the pages as people name them: "Xã X — Huyện Y" (hrm.selectors.units)."""

from django import template

from hrm.selectors.units import unit_labels as unit_labels_get

register = template.Library()


@register.simple_tag
def unit_labels(rows, attribute: str = "unit_id") -> dict:
    """{unit id: "name — parent"} for the units of `rows` (one query): `{% unit_labels page as names %}`."""
    return unit_labels_get(unit_ids=[getattr(row, attribute) for row in rows])


@register.filter
def label_of(labels: dict, unit_id):
    """The label of `unit_id` among `labels` ("" when missing)."""
    return labels.get(unit_id, "")
