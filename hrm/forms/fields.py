"""Fields and widgets every form of the registry shares: dates, CCCD, the unit picker, service errors on fields."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from hrm.selectors.units import unit_choices
from hrm.services.cccd import cccd_normalize

DATE_PLACEHOLDER = _("dd/mm/yyyy")
BLANK = ("", "---------")


# --- The unit picker: every unit choice of the pages ---------------------------------------------
UNIT_PICKER_ATTRS = {"data-unit-picker": "", "data-placeholder": _("Type part of the name to search…")}


class UnitPicker(forms.Select):
    """A unit select labelled "Phòng Nội vụ — Huyện Ba Tri"; static/js/congvu.js adds a search box that finds units
    by part of their name without accents. Without script it is a plain select that still works.

    Pages that write their select by hand add `data-unit-picker` to it and list `hrm.selectors.units.unit_choices`."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({**UNIT_PICKER_ATTRS, **(attrs or {})}, choices)


class UnitPickerMultiple(forms.SelectMultiple):
    """The unit picker for several units (merging)."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({**UNIT_PICKER_ATTRS, **(attrs or {})}, choices)


class _UnitChoiceIterator(ModelChoiceIterator):
    """The field's units as (id, "name — parent"), in Vietnamese order (hrm.selectors.units.unit_choices)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from unit_choices(units=self.queryset)


class UnitChoiceField(forms.ModelChoiceField):
    """One unit among `queryset`, picked with the unit picker."""

    widget = UnitPicker
    iterator = _UnitChoiceIterator


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several units among `queryset`, picked with the unit picker."""

    widget = UnitPickerMultiple
    iterator = _UnitChoiceIterator


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's refusal next to the field it names (or above the form): pages and the admin alike."""
    errors = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for field, texts in errors:
        form.add_error(field if field in form.fields else None, texts)


def _date_input() -> forms.DateInput:
    # The format comes from DATE_INPUT_FORMATS of the active language: dd/mm/yyyy in both.
    return forms.DateInput(attrs={"placeholder": DATE_PLACEHOLDER, "autocomplete": "off", "size": 10})


def form_field_for(field: models.Field, **kwargs):
    if isinstance(field, models.DateField):
        kwargs["widget"] = _date_input()
    if isinstance(field, models.TextField):
        kwargs["widget"] = forms.Textarea(attrs={"rows": 4})
    return field.formfield(**kwargs)


class CccdField(forms.CharField):
    """A CCCD as typed: normalised (NFKC digits, no spaces) before any check; the services check the number."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)  # the typed text, spaces included; the services want 12 digits
        super().__init__(**kwargs)
        self.widget.attrs.update(inputmode="numeric", autocomplete="off")

    def to_python(self, value):
        value = super().to_python(value)
        return value if value in self.empty_values else cccd_normalize(value)


def date_field(label, *, required: bool = True) -> forms.DateField:
    """A dd/mm/yyyy date input (every date of the registry's forms)."""
    return forms.DateField(label=label, required=required, widget=_date_input())
