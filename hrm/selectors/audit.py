"""The registry's part of the audit trail: who may read which entries, and links to staff records.

Registered with common in `hrm.apps` (common.registry): an HR officer reads the entries written in his units,
and the whole trail of a staff record he may see; an administrator reads everything.
"""

from django.apps import apps
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast
from django.urls import reverse

from common.access import AUDIT_VIEW
from common.models import AuditEntry
from hrm.histories import EMPLOYEE, PERSON, history_labels
from hrm.selectors.scoping import employee_queryset_for_user, unit_scope_for_user

# Staff records are read by the record, not by the unit an entry was written in: an officer who now
# manages a person sees how the record got there, also the changes made while the person worked elsewhere.
STAFF_MODELS = ("hrm.employee", "hrm.person")
# History rows of a staff record (owner key employee_id) and of a person (person_id); the owner's id is in the
# snapshot of their create and delete entries, so rows deleted since are found too.
# The history rows of a staff record and of a person, from the one registry of history kinds.
EMPLOYEE_HISTORY = history_labels(owner=EMPLOYEE)
PERSON_HISTORY = history_labels(owner=PERSON)
# Foreign keys shown by name: reference rows and units, never people or accounts.
NAMED_MODELS = ("hrm.orgunit", "hrm.rank", "hrm.disciplineform", "hrm.ratinglevel")
# An import entry of a staff record carries the person's changed fields too.
FIELD_FALLBACK = {"hrm.employee": ("hrm.person",)}


def audit_entries_q_for_user(user) -> Q | None:
    """The entries written in the units `user` manages (all of them for administrators); None: no unit."""
    scope = unit_scope_for_user(user=user, action=AUDIT_VIEW)
    if scope.everywhere:
        return Q(pk__isnull=False)
    return None if scope.empty else scope.q("unit_id")


def _staff_record_q(*, model: str, object_id: str) -> Q:
    if not str(object_id).isdigit():
        return Q(pk__in=[])
    if model == "hrm.employee":
        return Q(pk=int(object_id))
    return Q(person_id=int(object_id))


def audit_staff_record_visible(*, user, model: str, object_id: str) -> bool:
    """True if `model` #`object_id` is a staff record (employee or person) `user` may see as HR officer;
    administrators may read the trail of any record (also of one deleted since)."""
    if model not in STAFF_MODELS:
        return False
    if unit_scope_for_user(user=user, action=AUDIT_VIEW).everywhere:
        return True
    return employee_queryset_for_user(user=user).filter(_staff_record_q(model=model, object_id=object_id)).exists()


def _history_keys(*, employee) -> dict[str, set[str]]:
    """{model: object ids} of a staff member's records: his Employee and Person rows, and their history rows,
    both the rows there today and the ones the trail shows created or deleted for him."""
    owners = {
        **dict.fromkeys(EMPLOYEE_HISTORY, ("employee_id", employee.pk)),
        **dict.fromkeys(PERSON_HISTORY, ("person_id", employee.person_id)),
    }
    parts = []
    for label, (key, owner_id) in owners.items():
        model = apps.get_model(label)
        parts.append(
            model.objects.filter(**{key: owner_id})
            .order_by()
            .values_list(Value(label, output_field=CharField()), Cast("pk", output_field=CharField()))
        )
    gone = Q()
    for label, (key, owner_id) in owners.items():
        gone |= Q(model=label) & (Q(**{f"changes__{key}__0": owner_id}) | Q(**{f"changes__{key}__1": owner_id}))
    parts.append(
        AuditEntry.objects.filter(action__in=[AuditEntry.Action.CREATE, AuditEntry.Action.DELETE])
        .filter(gone)
        .order_by()
        .values_list("model", "object_id")
    )
    keys = {"hrm.employee": {str(employee.pk)}, "hrm.person": {str(employee.person_id)}}
    for label, object_id in parts[0].union(*parts[1:]):  # one query
        keys.setdefault(label, set()).add(object_id)
    return keys


def audit_list_for_staff(*, user, employee, limit: int = 50) -> list[AuditEntry] | None:
    """The latest entries about one staff member's record and histories, newest first; None unless `user`
    may see that staff member as HR officer or administrator (self-service does not show the trail)."""
    visible = employee_queryset_for_user(user=user).filter(pk=employee.pk).exists()
    if not visible:
        return None
    q = Q()
    for label, object_ids in _history_keys(employee=employee).items():
        q |= Q(model=label, object_id__in=sorted(object_ids))
    return list(AuditEntry.objects.filter(q).order_by("-at", "-id")[:limit])


def _object_ids(entries, label: str) -> set[int]:
    return {int(e.object_id) for e in entries if e.model == label and e.object_id.isdigit()}


def audit_staff_refs(*, user, entries, wanted: dict[str, set[int]]) -> tuple[dict, dict]:
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
