"""Import/export shapes of the IT-skill standard; every imported change lands in the audit trail."""

from import_export import fields, resources, widgets

from common.resources import AuditedResourceMixin
from skills.models import ITModule, ITSkillItem


class SkillItemResource(AuditedResourceMixin, resources.ModelResource):
    module = fields.Field(attribute="module", column_name="module", widget=widgets.ForeignKeyWidget(ITModule, "pk"))
    parent = fields.Field(
        attribute="parent",
        column_name="parent",
        widget=widgets.ForeignKeyWidget(ITSkillItem, "pk"),
    )

    class Meta:
        model = ITSkillItem
        fields = ["id", "module", "parent", "code", "name_vi", "verification", "excluded_for_foreign_certificates"]
