"""Pages of the question banks: bank list, bank (topic tree, items with filters), item editor and history,
preview as the candidate sees it, import and export, images. Only the bank's board gets in (404 otherwise)."""

from exams.views.banks.banks import (
    BankDetailView,
    BankEditView,
    BankListView,
    BulkDecisionView,
    TopicActionView,
)
from exams.views.banks.base import (
    BankPageMixin,
)
from exams.views.banks.files import (
    AssetListView,
    AssetView,
    ExportView,
    ImportView,
    TemplateDownloadView,
)
from exams.views.banks.items import (
    ItemCreateView,
    ItemDetailView,
    ItemEditorMixin,
    ItemEditView,
    ItemPreviewView,
    ItemRetireView,
    VersionActionView,
)

__all__ = [
    "AssetListView",
    "AssetView",
    "BankDetailView",
    "BankEditView",
    "BankListView",
    "BankPageMixin",
    "BulkDecisionView",
    "ExportView",
    "ImportView",
    "ItemCreateView",
    "ItemDetailView",
    "ItemEditView",
    "ItemEditorMixin",
    "ItemPreviewView",
    "ItemRetireView",
    "TemplateDownloadView",
    "TopicActionView",
    "VersionActionView",
]
