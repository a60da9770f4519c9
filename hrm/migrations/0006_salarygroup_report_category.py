"""Each salary group names the "by rank" column of the quality report its staff count in, as data.

The categories are the columns of the quantity-and-quality report (regulations.md §7.2: TT 11/2012/TT-BNV,
"Báo cáo số lượng, chất lượng công chức", chia theo ngạch: chuyên viên cao cấp & TĐ, chuyên viên chính & TĐ,
chuyên viên & TĐ, cán sự & TĐ, nhân viên). A rank counts in the column of the salary group it is paid in on
the report date (regulations.md §4.1 and §4.2, NĐ 204/2004/NĐ-CP: loại A3 … C): the equivalents ("TĐ") of
chuyên viên cao cấp are the ranks of group A3 (and the senior experts of Bảng 1), of chuyên viên chính A2, of
chuyên viên A1; cán sự was paid in B until TT 2/2021/TT-BNV and in A0 since, so both are cán sự & TĐ; the
C groups are nhân viên. Later changes are new effective-dated rows edited in the admin.

Open question, left as the facts have it: since TT 2/2021 the ngạch Nhân viên (01.005) is paid in B too, so it
counts as cán sự & TĐ; regulations.md does not say how the form counts group B after 2021.
"""

from django.db import migrations, models

# salary group code → report category (SalaryGroup.ReportCategory), from the facts above
CATEGORY_BY_GROUP = {
    "CGCC": "cvcc",
    "A3.1": "cvcc",
    "A3.2": "cvcc",
    "A2.1": "cvc",
    "A2.2": "cvc",
    "A1": "cv",
    "A0": "cs",
    "B": "cs",
    "C1": "nv",
    "C2": "nv",
    "C3": "nv",
}


def seed(apps, schema_editor):
    """Fill the category of every seeded salary group still without one (safe to run twice)."""
    SalaryGroup = apps.get_model("hrm", "SalaryGroup")
    for code, category in CATEGORY_BY_GROUP.items():
        SalaryGroup.objects.filter(code=code, report_category="").update(report_category=category)


class Migration(migrations.Migration):

    dependencies = [
        ('hrm', '0005_lean_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='salarygroup',
            name='report_category',
            field=models.CharField(blank=True, choices=[('cvcc', 'Senior specialist & equiv.'), ('cvc', 'Principal specialist & equiv.'), ('cv', 'Specialist & equiv.'), ('cs', 'Officer (cán sự) & equiv.'), ('nv', 'Employee (nhân viên)')], default='', max_length=10, verbose_name='report category'),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
