"""Reads of jobs and of the audit trail, filtered by what the user may see."""

import datetime as dt
import json
from functools import lru_cache

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from common.models import AuditEntry, Job
from hrm.selectors import ALL, employee_queryset_for_user, unit_ids_for_user


def job_get_for_user(*, job_id, user) -> Job | None:
    """A job if `user` owns it (administrators see all), else None."""
    if user is None or not user.is_authenticated:
        return None
    jobs = Job.objects.all() if user.is_superuser else Job.objects.filter(owner=user)
    return jobs.filter(pk=job_id).first()


def job_list_for_user(*, user) -> QuerySet:
    return Job.objects.filter(owner=user)


# --- Audit trail: who may read which entries ------------------------------------------------------
# Staff records are read by the record, not by the unit an entry was written in: an officer who now
# manages a person sees how the record got there, also the changes made while the person worked elsewhere.
STAFF_MODELS = ("hrm.employee", "hrm.person")
# History rows of a staff record (owner key employee_id) and of a person (person_id); the owner's id is in the
# snapshot of their create and delete entries, so rows deleted since are found too.
EMPLOYEE_HISTORY = ("hrm.assignment", "hrm.salaryrecord", "hrm.reward", "hrm.discipline", "hrm.annualrating")
PERSON_HISTORY = ("hrm.qualification", "hrm.familymember", "hrm.careerentry")
AUDIT_APPS = ("common", "hrm", "exams", "skills", "training")


def _staff_record_q(*, model: str, object_id: str) -> Q:
    if not str(object_id).isdigit():
        return Q(pk__in=[])
    if model == "hrm.employee":
        return Q(pk=int(object_id))
    return Q(person_id=int(object_id))


def audit_record_visible(*, user, model: str, object_id: str) -> bool:
    """True if `model` #`object_id` is a staff record (employee or person) `user` may see as HR officer."""
    if model not in STAFF_MODELS:
        return False
    return employee_queryset_for_user(user=user).filter(_staff_record_q(model=model, object_id=object_id)).exists()


def _audit_filter(entries: QuerySet, filters: dict) -> QuerySet:
    tz = timezone.get_current_timezone()
    if filters.get("date_from"):
        entries = entries.filter(at__gte=dt.datetime.combine(filters["date_from"], dt.time.min, tzinfo=tz))
    if filters.get("date_to"):
        day_after = filters["date_to"] + dt.timedelta(days=1)
        entries = entries.filter(at__lt=dt.datetime.combine(day_after, dt.time.min, tzinfo=tz))
    for key, lookup in (("action", "action"), ("model", "model"), ("object_id", "object_id"),
                        ("actor", "actor_name__icontains"), ("q", "object_repr__icontains")):
        if filters.get(key):
            entries = entries.filter(**{lookup: filters[key]})
    return entries


def audit_list_for_user(*, user, filters: dict | None = None) -> QuerySet:
    """Audit entries about records in the units `user` may see (all of them for administrators), newest first.

    filters: date_from, date_to (dates, inclusive), action, actor (user name contains), model, object_id,
    q (record contains). Filtering on a staff record the user may see as HR officer lists that record's
    whole trail, whatever unit each entry was written in; any other filter only narrows the user's part.
    """
    filters = filters or {}
    ids = unit_ids_for_user(user=user)
    entries = AuditEntry.objects.all()
    model, object_id = filters.get("model"), filters.get("object_id")
    if ids is not ALL and not (
        model in STAFF_MODELS and object_id and audit_record_visible(user=user, model=model, object_id=object_id)
    ):
        entries = entries.filter(unit_id__in=ids)
    return _audit_filter(entries, filters).order_by("-at", "-id")


def _history_keys(*, employee) -> dict[str, set[str]]:
    """{model: object ids} of a staff member's records: his Employee and Person rows, and their history rows,
    both the rows there today and the ones the trail shows created or deleted for him."""
    owners = {**dict.fromkeys(EMPLOYEE_HISTORY, ("employee_id", employee.pk)),
              **dict.fromkeys(PERSON_HISTORY, ("person_id", employee.person_id))}
    parts = []
    for label, (key, owner_id) in owners.items():
        model = apps.get_model(label)
        parts.append(model.objects.filter(**{key: owner_id}).order_by()
                     .values_list(Value(label, output_field=CharField()), Cast("pk", output_field=CharField())))
    gone = Q()
    for label, (key, owner_id) in owners.items():
        gone |= Q(model=label) & (Q(**{f"changes__{key}__0": owner_id}) | Q(**{f"changes__{key}__1": owner_id}))
    parts.append(
        AuditEntry.objects.filter(action__in=[AuditEntry.Action.CREATE, AuditEntry.Action.DELETE]).filter(gone)
        .order_by().values_list("model", "object_id")
    )
    keys = {"hrm.employee": {str(employee.pk)}, "hrm.person": {str(employee.person_id)}}
    for label, object_id in parts[0].union(*parts[1:]):  # one query
        keys.setdefault(label, set()).add(object_id)
    return keys


def audit_list_for_staff(*, user, employee, limit: int = 50) -> list[AuditEntry] | None:
    """The latest entries about one staff member's record and histories, newest first; None unless `user`
    may see that staff member as HR officer or administrator (self-service does not show the trail)."""
    if not audit_record_visible(user=user, model="hrm.employee", object_id=str(employee.pk)):
        return None
    q = Q()
    for label, object_ids in _history_keys(employee=employee).items():
        q |= Q(model=label, object_id__in=sorted(object_ids))
    return list(AuditEntry.objects.filter(q).order_by("-at", "-id")[:limit])


@lru_cache(maxsize=1)
def _audited_models() -> tuple:
    return tuple(m for m in apps.get_models() if m._meta.app_label in AUDIT_APPS)


def audit_model_choices() -> list[tuple[str, str]]:
    """(model label, its name) of every model of the project's apps, for the record-type filter."""
    return sorted(((m._meta.label_lower, capfirst(m._meta.verbose_name)) for m in _audited_models()),
                  key=lambda choice: str(choice[1]))


# --- Audit trail: entries made readable -----------------------------------------------------------
VALUE_MAX = 80
CHANGES_SHOWN = 6
# Foreign keys shown by name: reference rows and units, never people or accounts.
NAMED_MODELS = ("hrm.orgunit", "hrm.rank", "hrm.disciplineform", "hrm.ratinglevel")
# An import entry of a staff record carries the person's changed fields too.
FIELD_FALLBACK = {"hrm.employee": ("hrm.person",)}


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(label: str, name: str):
    for candidate in (label, *FIELD_FALLBACK.get(label, ())):
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
        return formats.date_format(parse_date(value[:10]), "SHORT_DATE_FORMAT")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


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
    """{(model, id): name} of units and rule rows: one query per kind of row."""
    names = {}
    for label in NAMED_MODELS:
        if wanted.get(label):
            for pk, obj in apps.get_model(label).objects.in_bulk(wanted[label]).items():
                names[(label, str(pk))] = str(obj)
    return names


def _object_ids(entries, label: str) -> set[int]:
    return {int(e.object_id) for e in entries if e.model == label and e.object_id.isdigit()}


def _staff_refs(*, user, entries, wanted: dict[str, set[int]]) -> tuple[dict, dict]:
    """({(model, id): profile url}, {(model, id): name}) of the staff records among the entries and their
    changes that `user` may see as HR officer: one query. Records he may not see get neither."""
    employee_ids = _object_ids(entries, "hrm.employee") | wanted.get("hrm.employee", set())
    person_ids = _object_ids(entries, "hrm.person") | wanted.get("hrm.person", set())
    if not employee_ids and not person_ids:
        return {}, {}
    visible = employee_queryset_for_user(user=user).filter(Q(pk__in=employee_ids) | Q(person_id__in=person_ids))
    urls, names = {}, {}
    # An active record is the one a person's link opens, when he has several.
    rows = visible.order_by("status", "-pk").values_list("pk", "person_id", "status", "code", "person__full_name")
    for pk, person_id, status, code, full_name in rows:
        url = reverse("hrm:staff-detail", args=[pk])
        urls[("hrm.employee", str(pk))], names[("hrm.employee", str(pk))] = url, f"{full_name} ({code})"
        if person_id in person_ids and (status == "active" or ("hrm.person", str(person_id)) not in urls):
            urls[("hrm.person", str(person_id))], names[("hrm.person", str(person_id))] = url, full_name
    return urls, names


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
    a link to the staff profile only when `user` may see that staff member. A constant number of queries."""
    entries = list(entries)
    wanted = _foreign_ids(entries)
    urls, names = _staff_refs(user=user, entries=entries, wanted=wanted)
    names.update(_reference_names(wanted))
    urls = urls if links else {}
    rows = []
    for entry in entries:
        changes = _changes(entry, names, None if full else VALUE_MAX)
        rows.append({
            "entry": entry, "at": timezone.localtime(entry.at), "actor": entry.actor_name or "—",
            "action": entry.get_action_display(), "model": _model_name(entry.model),
            "record": entry.object_repr or (f"#{entry.object_id}" if entry.object_id else ""),
            "url": urls.get((entry.model, entry.object_id), ""),
            "changes": changes[:CHANGES_SHOWN], "more_changes": changes[CHANGES_SHOWN:], "note": entry.note,
        })
    return rows


def audit_changes_text(row: dict) -> str:
    """A row's changes on one line: "field: before → after; …" (for files)."""
    return "; ".join(f"{c['field']}: {c['before']} → {c['after']}" for c in row["changes"] + row["more_changes"])

