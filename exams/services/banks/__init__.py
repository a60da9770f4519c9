"""Question banks: subjects, banks and topics, items with versions and their review, images, import and export."""

from exams.services.banks.assets import asset_add, asset_downloaded
from exams.services.banks.content import ItemDraft, OptionDraft, content_hash, draft_from_version, draft_problems
from exams.services.banks.items import (
    board_check,
    item_create,
    item_edit,
    item_restore,
    item_retire,
    item_viewed,
    version_approve,
    version_return,
    version_review,
    versions_decide,
)
from exams.services.banks.jobs import questions_import_job_run, questions_import_start
from exams.services.banks.rendering import render, version_render_for_board, version_render_for_candidate
from exams.services.banks.structure import (
    bank_create,
    bank_update,
    subject_create,
    topic_create,
    topic_delete,
    topic_move,
    topic_rename,
)
from exams.services.banks.transfer import questions_export, questions_import, template_content

__all__ = [
    "ItemDraft",
    "OptionDraft",
    "asset_add",
    "asset_downloaded",
    "bank_create",
    "bank_update",
    "board_check",
    "content_hash",
    "draft_from_version",
    "draft_problems",
    "item_create",
    "item_edit",
    "item_restore",
    "item_retire",
    "item_viewed",
    "questions_export",
    "questions_import",
    "questions_import_job_run",
    "questions_import_start",
    "render",
    "subject_create",
    "template_content",
    "topic_create",
    "topic_delete",
    "topic_move",
    "topic_rename",
    "version_approve",
    "version_render_for_board",
    "version_render_for_candidate",
    "version_return",
    "version_review",
    "versions_decide",
]
