"""SalaryRecord keeps the day its step's time counts from and the kept difference coefficient (TT 02/2007/TT-BNV
Mục II.1: a promotion that raises the coefficient by less than one step keeps the old step's time; above the new
rank's last step the difference is kept). Existing rows: the step counts from the start of their run of rows with
the same rank and step (what the salary services computed so far), and no difference is kept."""

from django.db import migrations, models

BATCH = 2000


def fill_step_since(apps, schema_editor):
    SalaryRecord = apps.get_model("hrm", "SalaryRecord")
    rows = SalaryRecord.objects.order_by("employee_id", "valid_from", "pk").values_list(
        "pk", "employee_id", "valid_from", "valid_to", "rank_id", "step"
    )
    changed, previous, start = [], None, None
    for pk, employee_id, valid_from, valid_to, rank_id, step in rows.iterator(chunk_size=BATCH):
        same_run = (
            previous is not None
            and previous[0] == employee_id
            and previous[1] == valid_from
            and previous[2:] == (rank_id, step)
        )
        start = start if same_run else valid_from
        changed.append(SalaryRecord(pk=pk, step_since=start))
        previous = (employee_id, valid_to, rank_id, step)
        if len(changed) >= BATCH:
            SalaryRecord.objects.bulk_update(changed, ["step_since"])
            changed = []
    if changed:
        SalaryRecord.objects.bulk_update(changed, ["step_since"])


class Migration(migrations.Migration):
    dependencies = [("hrm", "0020_pending_hire_and_leaving")]

    operations = [
        migrations.AddField(
            model_name="salaryrecord",
            name="kept_difference",
            field=models.DecimalField(
                decimal_places=2, default=0, max_digits=4, verbose_name="kept difference coefficient"
            ),
        ),
        migrations.AddField(
            model_name="salaryrecord",
            name="step_since",
            field=models.DateField(blank=True, null=True, verbose_name="step counted from"),
        ),
        migrations.RunPython(fill_step_since, migrations.RunPython.noop),
    ]
