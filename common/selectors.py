"""Reads of jobs and of the audit trail, filtered by what the user may see."""

import datetime as dt
import json
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from common import registry
from common.access import ACCESS, AUDIT_VIEW
from common.dated import short_date
from common.models import AuditEntry, Job
from common.vietnamese import number_vi


def job_get_for_user(*, job_id, user) -> Job | None:
    """A job if `user` owns it (administrators see all), else None."""
    if user is None or not user.is_authenticated:
        return None
    jobs = Job.objects.all() if user.is_superuser else Job.objects.filter(owner=user)
    return jobs.filter(pk=job_id).first()


def job_list_for_user(*, user) -> QuerySet:
    return Job.objects.filter(owner=user)


# --- Audit trail: who may read which entries ------------------------------------------------------
# The apps say it (common.registry): by unit, by one record's whole trail, by the scope an entry was written in.
def audit_record_visible(*, user, model: str, object_id: str) -> bool | None:
    """Whether `user` may read the whole trail of record `model` #`object_id`; None when no app answers for
    that kind of record (then filtering on it only narrows what the user may read anyway)."""
    return registry.audit_record_visible(user=user, model=model, object_id=object_id)


def audit_access_allowed(*, user) -> bool:
    """True if `user` may open the audit trail page (an app admits him to "common.audit")."""
    return ACCESS.may(user, AUDIT_VIEW)


def _audit_filter(entries: QuerySet, filters: dict) -> QuerySet:
    tz = timezone.get_current_timezone()
    if filters.get("date_from"):
        entries = entries.filter(at__gte=dt.datetime.combine(filters["date_from"], dt.time.min, tzinfo=tz))
    if filters.get("date_to"):
        day_after = filters["date_to"] + dt.timedelta(days=1)
        entries = entries.filter(at__lt=dt.datetime.combine(day_after, dt.time.min, tzinfo=tz))
    for key, lookup in (
        ("action", "action"),
        ("model", "model"),
        ("object_id", "object_id"),
        ("actor", "actor_name__icontains"),
        ("q", "object_repr__icontains"),
    ):
        if filters.get(key):
            entries = entries.filter(**{lookup: filters[key]})
    return entries


def audit_list_for_user(*, user, filters: dict | None = None) -> QuerySet:
    """Audit entries `user` may read (what the apps admit: his units, the scopes he may see), newest first.

    filters: date_from, date_to (dates, inclusive), action, actor (user name contains), model, object_id,
    q (record contains). Filtering on a record whose whole trail the user may read lists that trail, whatever
    unit or scope each entry was written in; any other filter only narrows the user's part.
    """
    filters = filters or {}
    entries = AuditEntry.objects.all()
    model, object_id = filters.get("model"), filters.get("object_id")
    if not (model and object_id and audit_record_visible(user=user, model=model, object_id=object_id)):
        entries = entries.filter(registry.audit_visibility_q(user=user))
    return _audit_filter(entries, filters).order_by("-at", "-id")


def _audited_models() -> tuple:
    labels = registry.audit_apps()
    return tuple(m for m in apps.get_models() if m._meta.app_label in labels)


def audit_model_choices() -> list[tuple[str, str]]:
    """(model label, its name) of every model of the project's apps, for the record-type filter."""
    return sorted(
        ((m._meta.label_lower, capfirst(m._meta.verbose_name)) for m in _audited_models()),
        key=lambda choice: str(choice[1]),
    )


# --- Audit trail: entries made readable -----------------------------------------------------------
VALUE_MAX = 80
CHANGES_SHOWN = 6


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(label: str, name: str):
    for candidate in (label, *registry.audit_field_fallback(label)):
        model = _model(candidate)
        if model is None:
            continue
        try:
            return model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
    return None


def _shown(field, name: str) -> bool:
    """Keys and derived columns (name keys, timestamps) repeat what the other fields say."""
    return field is None or (field.editable and not field.primary_key and not name.endswith("_ptr_id"))


def _short(text: str, limit: int | None = VALUE_MAX) -> str:
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def _text(field, value, names: dict) -> str:
    if value is None or value == "":
        return "—"
    if field is not None and field.is_relation and field.many_to_one:
        label = field.related_model._meta.label_lower
        return names.get((label, str(value)), f"#{value}")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(field, models.DateTimeField) and isinstance(value, str) and parse_datetime(value):
        return formats.date_format(timezone.localtime(parse_datetime(value)), "d/m/Y H:i")
    if isinstance(field, models.DateField) and isinstance(value, str) and parse_date(value[:10]):
        return short_date(parse_date(value[:10]))
    if isinstance(field, models.DecimalField) and _is_number(value):
        return number_vi(value, field.decimal_places)  # "77,50", as the pages write numbers
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _is_number(value) -> bool:
    try:
        Decimal(str(value))
    except (InvalidOperation, ValueError):
        return False
    return not isinstance(value, bool)


def _foreign_ids(entries) -> dict[str, set[int]]:
    """{model: ids} of the rows the entries' changes point to through foreign keys."""
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        for name, pair in (entry.changes or {}).items():
            field = _field(entry.model, name)
            if field is not None and field.is_relation and field.many_to_one and isinstance(pair, (list, tuple)):
                ids = {v for v in pair if isinstance(v, int)}
                wanted.setdefault(field.related_model._meta.label_lower, set()).update(ids)
    return wanted


def _reference_names(wanted: dict[str, set[int]]) -> dict:
    """{(model, id): name} of the reference rows the apps name (units, rules): one query per kind of row."""
    names = {}
    for label in sorted(registry.audit_named_models()):
        if wanted.get(label):
            for pk, obj in apps.get_model(label).objects.in_bulk(wanted[label]).items():
                names[(label, str(pk))] = str(obj)
    return names


def _changes(entry: AuditEntry, names: dict, limit: int | None) -> list[dict]:
    rows = []
    for name, pair in (entry.changes or {}).items():
        field = _field(entry.model, name)
        if not _shown(field, name):
            continue
        before, after = (list(pair) + [None, None])[:2] if isinstance(pair, (list, tuple)) else (None, pair)
        before, after = _text(field, before, names), _text(field, after, names)
        if before == after:  # e.g. a blank field of a new row: nothing to tell
            continue
        rows.append({"field": _label(field, name), "before": _short(before, limit), "after": _short(after, limit)})
    return rows


def _label(field, name: str) -> str:
    if field is None:
        return name
    if field.is_relation and not isinstance(field.verbose_name, Promise):  # no translated name of its own
        return str(capfirst(field.related_model._meta.verbose_name))
    return str(capfirst(field.verbose_name))


def _model_name(label: str) -> str:
    model = _model(label)
    return str(capfirst(model._meta.verbose_name)) if model is not None else label


def audit_rows_for_user(*, user, entries, links: bool = True, full: bool = False) -> list[dict]:
    """Entries ready to show: action and field names in words, readable values (cut short unless `full`), and
    a link to a record (a staff profile) only when `user` may see it. A constant number of queries."""
    entries = list(entries)
    wanted = _foreign_ids(entries)
    urls, names = registry.audit_refs(user=user, entries=entries, wanted=wanted)
    names.update(_reference_names(wanted))
    urls = urls if links else {}
    rows = []
    for entry in entries:
        changes = _changes(entry, names, None if full else VALUE_MAX)
        rows.append(
            {
                "entry": entry,
                "at": timezone.localtime(entry.at),
                "actor": entry.actor_name or "—",
                "action": registry.audit_action_label(entry.action) or entry.get_action_display(),
                "model": _model_name(entry.model),
                "record": entry.object_repr or (f"#{entry.object_id}" if entry.object_id else ""),
                "url": urls.get((entry.model, entry.object_id), ""),
                "changes": changes[:CHANGES_SHOWN],
                "more_changes": changes[CHANGES_SHOWN:],
                "note": entry.note,
            }
        )
    return rows


def audit_changes_text(row: dict) -> str:
    """A row's changes on one line: "field: before → after; …" (for files)."""
    return "; ".join(f"{c['field']}: {c['before']} → {c['after']}" for c in row["changes"] + row["more_changes"])
