"""Staff quotas (biên chế) become effective-dated rows: each unit's single number moves into a row that
applies from the unit's own start (and ends when the unit closed). The column goes in 0008, a separate
migration so that PostgreSQL does not alter hrm_orgunit while the new rows' foreign-key checks are pending.
"""

import django.db.models.deletion
from django.db import migrations, models


def rows_from_column(apps, schema_editor):
    OrgUnit = apps.get_model("hrm", "OrgUnit")
    StaffQuota = apps.get_model("hrm", "StaffQuota")
    rows = []
    for unit in OrgUnit.objects.filter(staff_quota__isnull=False):
        if unit.valid_to is not None and unit.valid_to <= unit.valid_from:
            continue  # a unit closed on its first day never had a quota in force
        rows.append(
            StaffQuota(unit=unit, quota=unit.staff_quota, valid_from=unit.valid_from, valid_to=unit.valid_to)
        )
    StaffQuota.objects.bulk_create(rows, batch_size=1000)


def column_from_rows(apps, schema_editor):
    """Back to one number per unit: the latest row of each unit."""
    OrgUnit = apps.get_model("hrm", "OrgUnit")
    StaffQuota = apps.get_model("hrm", "StaffQuota")
    latest = {}
    for unit_id, quota in StaffQuota.objects.order_by("unit_id", "valid_from").values_list("unit_id", "quota"):
        latest[unit_id] = quota
    for unit_id, quota in latest.items():
        OrgUnit.objects.filter(pk=unit_id).update(staff_quota=quota)


class Migration(migrations.Migration):

    dependencies = [
        ('hrm', '0006_salarygroup_report_category'),
    ]

    operations = [
        migrations.CreateModel(
            name='StaffQuota',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('quota', models.PositiveIntegerField(verbose_name='assigned staff quota')),
                ('decision_no', models.CharField(blank=True, max_length=60, verbose_name='decision number')),
                ('valid_from', models.DateField(verbose_name='valid from')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='valid until')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='quotas', to='hrm.orgunit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'staff quota',
                'verbose_name_plural': 'staff quotas',
                'ordering': ['unit', 'valid_from'],
                'indexes': [models.Index(fields=['unit', 'valid_from'], name='hrm_staffquota_unit_from')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('valid_to__isnull', True)), fields=('unit',), name='hrm_staffquota_one_open'), models.CheckConstraint(condition=models.Q(('valid_to__isnull', True), ('valid_to__gt', models.F('valid_from')), _connector='OR'), name='hrm_staffquota_period')],
            },
        ),
        migrations.RunPython(rows_from_column, column_from_rows),
    ]
