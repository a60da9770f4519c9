from django.db import migrations

OLD, NEW = "(11/03/2014, in force 28/04/2014)", "(11/03/2014, hiệu lực từ 28/04/2014)"


def legal_basis_vietnamese(apps, schema_editor):
    """The standard's legal basis as the reference file now writes it (Vietnamese, shown on the standard's page)."""
    ITStandard = apps.get_model("skills", "ITStandard")
    for standard in ITStandard.objects.filter(legal_basis__contains=OLD):
        standard.legal_basis = standard.legal_basis.replace(OLD, NEW)
        standard.save(update_fields=["legal_basis"])


class Migration(migrations.Migration):
    dependencies = [("skills", "0003_lean_indexes")]

    operations = [migrations.RunPython(legal_basis_vietnamese, migrations.RunPython.noop)]
