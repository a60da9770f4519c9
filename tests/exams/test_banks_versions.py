"""Versions and approval: frozen once approved or used, four eyes, only the bank's board, papers keep theirs."""

import pytest
from django.core.exceptions import ValidationError

from common.models import AuditEntry
from exams.models import ItemVersion
from exams.services.banks import (
    item_edit,
    item_restore,
    item_retire,
    topic_create,
    topic_delete,
    topic_move,
    topic_rename,
    version_approve,
    version_return,
    version_review,
)
from tests.exams.factories_banks import BankFactory, TopicFactory, board_member, make_item, single_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank():
    return BankFactory()


@pytest.fixture
def author(bank):
    return board_member(bank)


@pytest.fixture
def reviewer(bank):
    return board_member(bank)


def _approved(item, reviewer):
    version = item.versions.get()
    version_review(actor=reviewer, version=version)
    return version_approve(actor=reviewer, version=version)


def test_a_draft_is_edited_in_place_and_its_editor_becomes_its_author(bank, author, reviewer):
    item = make_item(bank=bank, author=author)
    version = item_edit(actor=reviewer, item=item, topic=item.topic, draft=single_draft(stem="Câu hỏi đã sửa?"))
    assert item.versions.count() == 1 and version.number == 1
    assert version.stem == "Câu hỏi đã sửa?" and version.created_by == reviewer
    with pytest.raises(ValidationError):  # so he cannot review his own edit
        version_review(actor=reviewer, version=version)


def test_editing_an_approved_version_makes_a_new_draft_and_papers_keep_the_old(bank, author, reviewer):
    item = make_item(bank=bank, author=author)
    approved = _approved(item, reviewer)
    new = item_edit(actor=author, item=item, topic=item.topic, draft=single_draft(stem="Phiên bản 2?"))
    item.refresh_from_db()
    assert new.number == 2 and new.status == "draft"
    assert item.approved_version == approved  # moves only when version 2 is approved
    approved.refresh_from_db()
    assert approved.stem != "Phiên bản 2?" and approved.status == "approved"
    version_review(actor=reviewer, version=new)
    version_approve(actor=reviewer, version=new)
    item.refresh_from_db()
    assert item.approved_version == new


def test_a_used_draft_is_never_changed_in_place(bank, author):
    item = make_item(bank=bank, author=author)
    ItemVersion.objects.filter(item=item).update(used=True)
    new = item_edit(actor=author, item=item, topic=item.topic, draft=single_draft(stem="Khác?"))
    assert new.number == 2 and item.versions.get(number=1).stem != "Khác?"


def test_moving_an_item_or_changing_its_difficulty_makes_no_new_version(bank, author, reviewer):
    item = make_item(bank=bank, author=author)
    _approved(item, reviewer)
    other = TopicFactory(bank=bank)
    item_edit(actor=author, item=item, topic=other, draft=single_draft(difficulty=4))
    item.refresh_from_db()
    assert item.versions.count() == 1 and item.topic == other and item.difficulty == 4


def test_four_eyes_nobody_reviews_or_approves_his_own_version(bank, author, reviewer):
    version = make_item(bank=bank, author=author).versions.get()
    with pytest.raises(ValidationError) as refused:
        version_review(actor=author, version=version)
    assert "status" in refused.value.message_dict
    version_review(actor=reviewer, version=version)
    with pytest.raises(ValidationError):
        version_approve(actor=author, version=version)
    assert version_approve(actor=reviewer, version=version).status == "approved"


def test_only_the_banks_board_may_review_or_approve(bank, author):
    version = make_item(bank=bank, author=author).versions.get()
    outsider_board = board_member(BankFactory())
    with pytest.raises(ValidationError):
        version_review(actor=outsider_board, version=version)
    everywhere = board_member()
    assert version_review(actor=everywhere, version=version).status == "reviewed"


def test_order_draft_then_reviewed_then_approved(bank, author, reviewer):
    version = make_item(bank=bank, author=author).versions.get()
    with pytest.raises(ValidationError):
        version_approve(actor=reviewer, version=version)  # not reviewed yet
    version_review(actor=reviewer, version=version)
    returned = version_return(actor=reviewer, version=version, reason="Phương án B chưa rõ")
    assert returned.status == "draft" and returned.reviewed_by is None


def test_the_same_question_twice_in_a_bank_is_refused(bank, author):
    make_item(bank=bank, author=author)
    with pytest.raises(ValidationError) as refused:
        make_item(bank=bank, author=author)
    assert "stem" in refused.value.message_dict
    make_item(bank=BankFactory(), author=board_member())  # another bank may hold it


def test_bad_content_is_refused_on_the_right_field(bank, author):
    draft = single_draft(right=None)
    with pytest.raises(ValidationError) as refused:
        make_item(bank=bank, author=author, draft=draft)
    assert "options" in refused.value.message_dict


def test_retire_keeps_the_approved_version_out_of_new_papers_and_restore_brings_it_back(bank, author, reviewer):
    item = make_item(bank=bank, author=author)
    approved = _approved(item, reviewer)
    item_retire(actor=author, item=item)
    approved.refresh_from_db()
    assert approved.status == "retired"
    item_restore(actor=author, item=item)
    approved.refresh_from_db()
    assert approved.status == "approved"


def test_topic_tree_create_rename_move_and_delete_only_when_empty(bank, author):
    law = topic_create(actor=author, bank=bank, name="Pháp luật")
    cadres = topic_create(actor=author, bank=bank, name="Cán bộ", parent=law)
    with pytest.raises(ValidationError):
        topic_create(actor=author, bank=bank, name="Cán bộ", parent=law)  # siblings have unique names
    topic_rename(actor=author, topic=cadres, name="Cán bộ, công chức")
    with pytest.raises(ValidationError):
        topic_move(actor=author, topic=law, parent=cadres)  # never under itself
    topic_move(actor=author, topic=cadres, parent=None)
    make_item(bank=bank, author=author, topic=cadres)
    with pytest.raises(ValidationError):
        topic_delete(actor=author, topic=cadres)
    law_id = law.pk
    topic_delete(actor=author, topic=law)
    assert list(bank.topics.values_list("name", flat=True)) == ["Cán bộ, công chức"]
    entry = AuditEntry.objects.get(action="delete", model="exams.topic")
    assert (entry.object_id, entry.object_repr, entry.scope_id, entry.actor) == (
        str(law_id),
        "Pháp luật",
        bank.pk,
        author,
    )
