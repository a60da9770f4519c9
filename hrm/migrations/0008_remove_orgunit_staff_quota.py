"""The single staff_quota column is gone: hrm.StaffQuota rows (0007) hold every unit's quota by period."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('hrm', '0007_staffquota'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='orgunit',
            name='staff_quota',
        ),
    ]
