"""Import/export shapes of the exam reference data; every imported change lands in the audit trail."""

from import_export import resources

from common.resources import AuditedResourceMixin
from exams.models import PriorityCategory


class PriorityCategoryResource(AuditedResourceMixin, resources.ModelResource):
    class Meta:
        model = PriorityCategory
        fields = [
            "id",
            "key",
            "points",
            "description",
            "regimes",
            "legal_basis",
            "verification",
            "valid_from",
            "valid_to",
        ]
