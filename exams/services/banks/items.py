"""Items and their versions: write, edit, review, approve, retire, all by the bank's board and audited.

A version that is approved, or that a paper used, is frozen: editing its item makes a new draft version, and
`Item.approved_version` (what papers draw) moves only when that draft is approved. A draft or reviewed version
nobody used is edited in place and goes back to draft, and its editor becomes its author. Four eyes: nobody
reviews or approves a version he wrote.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.services import audit_record
from exams.models import Item, ItemOption, ItemVersion, QuestionBank, Topic
from exams.roles import EXAM_MANAGE
from exams.services.banks.content import ItemDraft, content_hash, draft_clean, draft_problems
from hrm.selectors import may

Status = ItemVersion.Status
FROZEN = (Status.APPROVED, Status.RETIRED)


def board_check(*, actor, bank: QuestionBank) -> None:
    """Refuse anyone but a member of the bank's board (a grant everywhere, or naming this bank)."""
    if not may(actor, EXAM_MANAGE, bank):
        raise ApplicationError(_("Only members of this bank's exam board may do this."))


def draft_check(draft: ItemDraft) -> None:
    """Refuse a draft with problems, naming the first problem's field."""
    problems = draft_problems(draft)
    if problems:
        field = problems[0][0]
        raise ApplicationError(" ".join(dict.fromkeys(m for _f, m in problems)), field=field)


def _duplicate_check(*, bank: QuestionBank, digest: str, item: Item | None = None) -> None:
    same = ItemVersion.objects.filter(item__bank=bank, content_hash=digest, item__retired=False)
    if item is not None:
        same = same.exclude(item=item)
    other = same.select_related("item").first()
    if other is not None:
        message = _("The same question is already in this bank (item %(item)s).") % {"item": other.item}
        raise ApplicationError(message, field="stem")


def option_rows(*, version: ItemVersion, draft: ItemDraft) -> list[ItemOption]:
    """The option rows of a version, in the draft's order (unsaved: imports create them in bulk)."""
    return [
        ItemOption(
            version=version,
            position=i + 1,
            text=o.text,
            fraction=o.fraction,
            feedback=o.feedback,
            match_text=o.match_text,
            value=o.value,
            tolerance=o.tolerance,
        )
        for i, o in enumerate(draft.options)
    ]


def version_row(*, item: Item, number: int, draft: ItemDraft, actor, digest: str) -> ItemVersion:
    """An unsaved version of `item` holding the draft's content."""
    return ItemVersion(
        item=item,
        number=number,
        kind=draft.kind,
        stem=draft.stem,
        stem_format=draft.stem_format,
        points=draft.points,
        general_feedback=draft.general_feedback,
        shuffle_options=draft.shuffle_options,
        case_sensitive=draft.case_sensitive,
        status=Status.DRAFT,
        content_hash=digest,
        created_by=actor if getattr(actor, "pk", None) else None,
    )


def _version_payload(version: ItemVersion) -> dict:
    return {"version": version.number, "kind": version.kind, "status": version.status, "hash": version.content_hash}


@transaction.atomic
def item_create(*, actor, bank: QuestionBank, topic: Topic, draft: ItemDraft) -> Item:
    """A new item of `bank` under `topic` with its first version (a draft written by `actor`)."""
    board_check(actor=actor, bank=bank)
    if topic.bank_id != bank.pk:
        raise ApplicationError(_("The topic belongs to another bank."), field="topic")
    draft = draft_clean(draft)
    draft_check(draft)
    digest = content_hash(draft)
    _duplicate_check(bank=bank, digest=digest)
    item = Item.objects.create(bank=bank, topic=topic, code=draft.code, difficulty=draft.difficulty)
    version = version_row(item=item, number=1, draft=draft, actor=actor, digest=digest)
    version.save()
    ItemOption.objects.bulk_create(option_rows(version=version, draft=draft))
    audit_record(actor=actor, action="create", obj=item, scope=bank, after=_version_payload(version))
    return item


def _item_fields(*, item: Item, topic: Topic, draft: ItemDraft) -> dict:
    before = {"topic": item.topic_id, "difficulty": item.difficulty, "code": item.code}
    item.topic, item.difficulty, item.code = topic, draft.difficulty, draft.code
    item.save(update_fields=["topic", "difficulty", "code"])
    return before


@transaction.atomic
def item_edit(*, actor, item: Item, topic: Topic, draft: ItemDraft) -> ItemVersion:
    """Save an edit: a new draft version when the newest is frozen (approved, retired or used by a paper), else the
    newest draft changed in place (back to draft, `actor` its author). Topic, difficulty and code are the item's."""
    board_check(actor=actor, bank=item.bank)
    if topic.bank_id != item.bank_id:
        raise ApplicationError(_("The topic belongs to another bank."), field="topic")
    item = Item.objects.select_for_update().get(pk=item.pk)
    draft = draft_clean(draft)
    draft_check(draft)
    digest = content_hash(draft)
    _duplicate_check(bank=item.bank, digest=digest, item=item)
    before = _item_fields(item=item, topic=topic, draft=draft)
    latest = item.versions.order_by("-number").first()
    if (
        latest.content_hash == digest
        and latest.points == draft.points
        and latest.shuffle_options == draft.shuffle_options
    ):
        audit_record(
            actor=actor,
            action="update",
            obj=item,
            scope=item.bank,
            before=before,
            after={"topic": topic.pk, "difficulty": draft.difficulty, "code": draft.code},
        )
        return latest  # only where the item sits changed: no new version
    if latest.status in FROZEN or latest.used:
        version = version_row(item=item, number=latest.number + 1, draft=draft, actor=actor, digest=digest)
        version.save()
        note = _("new version %(n)s (version %(old)s is kept for the papers that use it)")
        note = note % {"n": version.number, "old": latest.number}
    else:
        version = _overwrite(version=latest, draft=draft, actor=actor, digest=digest)
        note = _("version %(n)s changed in place") % {"n": version.number}
    ItemOption.objects.bulk_create(option_rows(version=version, draft=draft))
    audit_record(
        actor=actor,
        action="update",
        obj=item,
        scope=item.bank,
        before=before,
        after=_version_payload(version),
        note=note,
    )
    return version


def _overwrite(*, version: ItemVersion, draft: ItemDraft, actor, digest: str) -> ItemVersion:
    version.options.all().delete()
    fresh = version_row(item=version.item, number=version.number, draft=draft, actor=actor, digest=digest)
    fresh.pk, fresh.created_at = version.pk, version.created_at
    fresh.save()  # back to draft; review and approval start again
    return fresh


def _locked(version: ItemVersion) -> ItemVersion:
    return ItemVersion.objects.select_for_update().select_related("item__bank").get(pk=version.pk)


def _four_eyes(*, actor, version: ItemVersion, field: str) -> None:
    if version.created_by_id is not None and version.created_by_id == getattr(actor, "pk", None):
        message = _("You wrote this version: another member of the board must check it (four eyes).")
        raise ApplicationError(message, field=field)


@transaction.atomic
def version_review(*, actor, version: ItemVersion) -> ItemVersion:
    """Mark a draft reviewed, by a board member who did not write it."""
    version = _locked(version)
    board_check(actor=actor, bank=version.item.bank)
    if version.status != Status.DRAFT:
        raise ApplicationError(_("Only a draft can be reviewed."), field="status")
    _four_eyes(actor=actor, version=version, field="status")
    version.status, version.reviewed_by, version.reviewed_at = Status.REVIEWED, actor, timezone.now()
    version.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    audit_record(
        actor=actor,
        action="update",
        obj=version.item,
        scope=version.item.bank,
        after=_version_payload(version),
        note=_("reviewed"),
    )
    return version


@transaction.atomic
def version_approve(*, actor, version: ItemVersion) -> ItemVersion:
    """Approve a reviewed version, by a board member who did not write it; papers draw it from now on."""
    version = _locked(version)
    item = version.item
    board_check(actor=actor, bank=item.bank)
    if version.status != Status.REVIEWED:
        raise ApplicationError(_("Only a reviewed version can be approved."), field="status")
    _four_eyes(actor=actor, version=version, field="status")
    newer = item.versions.filter(number__gt=version.number).exists()
    if newer:
        raise ApplicationError(_("A newer version of this question exists: approve that one."), field="status")
    version.status, version.approved_by, version.approved_at = Status.APPROVED, actor, timezone.now()
    version.save(update_fields=["status", "approved_by", "approved_at"])
    before = {"approved_version": item.approved_version_id}
    Item.objects.filter(pk=item.pk).update(approved_version=version)
    audit_record(
        actor=actor,
        action="update",
        obj=item,
        scope=item.bank,
        before=before,
        after={"approved_version": version.pk, **_version_payload(version)},
        note=_("approved"),
    )
    return version


@transaction.atomic
def version_return(*, actor, version: ItemVersion, reason: str = "") -> ItemVersion:
    """Send a reviewed version back to draft (a reviewer or approver disagrees), with the reason in the trail."""
    version = _locked(version)
    board_check(actor=actor, bank=version.item.bank)
    if version.status != Status.REVIEWED:
        raise ApplicationError(_("Only a reviewed version can be sent back."), field="status")
    version.status, version.reviewed_by, version.reviewed_at = Status.DRAFT, None, None
    version.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    audit_record(
        actor=actor,
        action="update",
        obj=version.item,
        scope=version.item.bank,
        after=_version_payload(version),
        note=_("sent back to draft: %(why)s") % {"why": reason[:500]},
    )
    return version


@transaction.atomic
def item_retire(*, actor, item: Item) -> Item:
    """Take an item out of use: no new paper draws it (papers that have it keep it)."""
    board_check(actor=actor, bank=item.bank)
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.retired:
        return item
    item.retired = True
    item.save(update_fields=["retired"])
    if item.approved_version_id:
        ItemVersion.objects.filter(pk=item.approved_version_id).update(status=Status.RETIRED)
    audit_record(
        actor=actor,
        action="update",
        obj=item,
        scope=item.bank,
        before={"retired": False},
        after={"retired": True},
        note=_("retired"),
    )
    return item


@transaction.atomic
def item_restore(*, actor, item: Item) -> Item:
    """Put a retired item back in use (its approved version becomes approved again)."""
    board_check(actor=actor, bank=item.bank)
    item = Item.objects.select_for_update().get(pk=item.pk)
    if not item.retired:
        return item
    latest = item.versions.order_by("-number").first()
    _duplicate_check(bank=item.bank, digest=latest.content_hash, item=item)
    item.retired = False
    item.save(update_fields=["retired"])
    if item.approved_version_id:
        ItemVersion.objects.filter(pk=item.approved_version_id).update(status=Status.APPROVED)
    audit_record(
        actor=actor,
        action="update",
        obj=item,
        scope=item.bank,
        before={"retired": True},
        after={"retired": False},
        note=_("restored"),
    )
    return item


def item_viewed(*, actor, item: Item, what: str = "view") -> None:
    """Record in the bank's trail that `actor` looked at an item (`what`: view, preview, key)."""
    audit_record(actor=actor, action="view", obj=item, scope=item.bank, note=what)


def versions_decide(*, actor, bank: QuestionBank, version_ids, decision: str) -> dict:
    """Review or approve many versions of `bank` at once ("review" / "approve"): each through the one-version
    service, so the same rules hold; returns how many were done and the refusals, by item."""
    act = {"review": version_review, "approve": version_approve}[decision]
    done, refused = 0, []
    versions = ItemVersion.objects.filter(pk__in=list(version_ids), item__bank=bank).select_related("item")
    for version in versions:
        try:
            act(actor=actor, version=version)
            done += 1
        except ApplicationError as exc:
            refused.append({"item": str(version.item), "message": " ".join(exc.messages)})
    return {"done": done, "refused": refused}
