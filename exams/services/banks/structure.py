"""Subjects, banks and their topic trees: created, renamed, moved and deleted (only when empty), all audited."""

import re

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.services import audit_record, delete_audited, snapshot
from common.text import clean_text
from exams.models import QuestionBank, Subject, Topic

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


def _name(value: str, *, field: str = "name") -> str:
    name = clean_text(value or "")
    if not name:
        raise ApplicationError(_("Give a name."), field=field)
    if len(name) > 255:
        raise ApplicationError(_("At most 255 characters."), field=field)
    return name


def _code(value: str, *, max_length: int = 40) -> str:
    code = clean_text(value or "").upper()
    if not CODE_RE.match(code) or len(code) > max_length:
        message = _("A code has 1 to %(n)s letters, digits, dots, dashes or underscores, without spaces.")
        raise ApplicationError(message % {"n": max_length}, field="code")
    return code


@transaction.atomic
def subject_create(*, actor, code: str, name: str, kind: str, it_module: str = "", description: str = "") -> Subject:
    """A new subject (a professional subject of a job, say); the code is unique."""
    code = _code(code, max_length=30)
    if kind not in Subject.Kind.values:
        raise ApplicationError(_("Unknown kind."), field="kind")
    if Subject.objects.filter(code=code).exists():
        raise ApplicationError(_("A subject with this code exists already."), field="code")
    subject = Subject.objects.create(
        code=code, name=_name(name), kind=kind, it_module=clean_text(it_module)[:10], description=description
    )
    audit_record(actor=actor, action="create", obj=subject, after=snapshot(subject))
    return subject


@transaction.atomic
def bank_create(*, actor, code: str, name: str, subject: Subject, description: str = "") -> QuestionBank:
    """A new, empty bank on `subject` (its code is unique)."""
    code = _code(code)
    if QuestionBank.objects.filter(code=code).exists():
        raise ApplicationError(_("A bank with this code exists already."), field="code")
    bank = QuestionBank.objects.create(
        code=code, name=_name(name), subject=subject, description=clean_text(description or ""), created_by=actor
    )
    audit_record(actor=actor, action="create", obj=bank, scope=bank, after=snapshot(bank))
    return bank


@transaction.atomic
def bank_update(*, actor, bank: QuestionBank, name: str, subject: Subject, description: str = "") -> QuestionBank:
    """Rename a bank or change its subject or description (its code stays)."""
    before = snapshot(bank)
    bank.name, bank.subject, bank.description = _name(name), subject, clean_text(description or "")
    bank.save(update_fields=["name", "subject", "description"])
    audit_record(actor=actor, action="update", obj=bank, scope=bank, before=before, after=snapshot(bank))
    return bank


def _sibling_check(*, bank: QuestionBank, parent: Topic | None, name: str, exclude: Topic | None = None) -> None:
    siblings = Topic.objects.filter(bank=bank, parent=parent, name=name)
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude.pk)
    if siblings.exists():
        raise ApplicationError(_("A topic with this name exists already at this place."), field="name")


def _parent_check(*, bank: QuestionBank, parent: Topic | None) -> None:
    if parent is not None and parent.bank_id != bank.pk:
        raise ApplicationError(_("The parent topic belongs to another bank."), field="parent")


@transaction.atomic
def topic_create(*, actor, bank: QuestionBank, name: str, parent: Topic | None = None) -> Topic:
    """A new topic under `parent` (or at the root); names are unique among siblings."""
    name = _name(name)
    _parent_check(bank=bank, parent=parent)
    _sibling_check(bank=bank, parent=parent, name=name)
    order = Topic.objects.filter(bank=bank, parent=parent).count()
    topic = Topic.objects.create(bank=bank, parent=parent, name=name, order=order)
    audit_record(actor=actor, action="create", obj=topic, scope=bank, after=snapshot(topic))
    return topic


@transaction.atomic
def topic_rename(*, actor, topic: Topic, name: str) -> Topic:
    """Rename a topic."""
    name = _name(name)
    _sibling_check(bank=topic.bank, parent=topic.parent, name=name, exclude=topic)
    before = snapshot(topic)
    topic.name = name
    topic.save(update_fields=["name"])
    audit_record(actor=actor, action="update", obj=topic, scope=topic.bank, before=before, after=snapshot(topic))
    return topic


@transaction.atomic
def topic_move(*, actor, topic: Topic, parent: Topic | None) -> Topic:
    """Move a topic (with its subtopics and items) under `parent`, or to the root; never under itself."""
    from exams.selectors.banks import topic_subtree_ids

    _parent_check(bank=topic.bank, parent=parent)
    if parent is not None and parent.pk in topic_subtree_ids(topic_ids=[topic.pk]):
        raise ApplicationError(_("A topic cannot move under itself or one of its subtopics."), field="parent")
    _sibling_check(bank=topic.bank, parent=parent, name=topic.name, exclude=topic)
    before = snapshot(topic)
    topic.parent = parent
    topic.save(update_fields=["parent"])
    audit_record(actor=actor, action="update", obj=topic, scope=topic.bank, before=before, after=snapshot(topic))
    return topic


@transaction.atomic
def topic_delete(*, actor, topic: Topic) -> None:
    """Delete a topic that holds no item and no subtopic (blueprints may not name it either)."""
    if topic.children.exists():
        raise ApplicationError(_("Delete or move its subtopics first."), field="topic")
    if topic.items.exists():
        raise ApplicationError(_("This topic holds questions: move or retire them first."), field="topic")
    try:
        with transaction.atomic():
            delete_audited(obj=topic, actor=actor, scope=topic.bank)
    except ProtectedError as exc:  # a blueprint cell names it
        raise ApplicationError(_("An exam blueprint uses this topic."), field="topic") from exc


def topic_ensure_path(*, bank: QuestionBank, path: tuple[str, ...], cache: dict) -> Topic:
    """The topic at `path` (names from the root), created with its ancestors when missing (imports; audited by the
    import itself). `cache` maps paths already resolved in this import to their topics."""
    if path in cache:
        return cache[path]
    parent = topic_ensure_path(bank=bank, path=path[:-1], cache=cache) if len(path) > 1 else None
    topic = Topic.objects.filter(bank=bank, parent=parent, name=path[-1]).first()
    if topic is None:
        order = Topic.objects.filter(bank=bank, parent=parent).count()
        topic = Topic.objects.create(bank=bank, parent=parent, name=path[-1], order=order)
        cache.setdefault("_created", []).append(topic)
    cache[path] = topic
    return topic
