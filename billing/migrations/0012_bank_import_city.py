"""A bank file import belongs to the city that imported it: its rows pay that city's slips, only that city
reads it, and the same file is one import per city (it was one across all cities). Earlier imports take
their uploader's city."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def city_of_uploader(apps, schema_editor):
    BankImport = apps.get_model("billing", "BankImport")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    cities = User.objects.filter(pk=models.OuterRef("uploaded_by_id")).values("municipality_id")[:1]
    BankImport.objects.filter(uploaded_by__isnull=False).update(municipality_id=models.Subquery(cities))


class Migration(migrations.Migration):

    dependencies = [
        ('billing', '0011_tables_packed'),
        ('offices', '0007_merge_20261201_0812'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='bankimport',
            name='municipality',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='offices.municipality', verbose_name='municipality'),
        ),
        migrations.RunPython(city_of_uploader, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='bankimport',
            name='sha256',
            field=models.CharField(max_length=64),
        ),
        migrations.AddConstraint(
            model_name='bankimport',
            constraint=models.UniqueConstraint(fields=('municipality', 'sha256'), name='bank_import_once_per_city'),
        ),
    ]
