"""Import/export shapes of the IT-skill standard; every imported change lands in the audit trail."""

from import_export import fields, resources, widgets

from common.services import audit_record, snapshot
from skills.models import ITModule, ITSkillItem


class AuditedResourceMixin:
    """Audit each saved or deleted row (the actor comes from the request's audit context)."""

    def save_instance(self, instance, is_create, row, **kwargs):
        model = type(instance)
        before = None if is_create else snapshot(model.objects.get(pk=instance.pk))
        super().save_instance(instance, is_create, row, **kwargs)
        if instance.pk:
            action = "create" if is_create else "update"
            after = snapshot(instance)
            audit_record(actor=None, action=action, obj=instance, before=before, after=after, note="import")

    def delete_instance(self, instance, row, **kwargs):
        audit_record(actor=None, action="delete", obj=instance, before=snapshot(instance), note="import")
        super().delete_instance(instance, row, **kwargs)


class SkillItemResource(AuditedResourceMixin, resources.ModelResource):
    module = fields.Field(attribute="module", column_name="module", widget=widgets.ForeignKeyWidget(ITModule, "pk"))
    parent = fields.Field(
        attribute="parent", column_name="parent", widget=widgets.ForeignKeyWidget(ITSkillItem, "pk"),
    )

    class Meta:
        model = ITSkillItem
        fields = ["id", "module", "parent", "code", "name_vi", "verification", "excluded_for_foreign_certificates"]
