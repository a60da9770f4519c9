"""Import-export building blocks shared by the apps (the admin's file formats: common.import_formats)."""

from common.services import audit_record, snapshot


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
