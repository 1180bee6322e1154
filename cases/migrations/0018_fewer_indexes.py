"""Fewer indexes on the tables that grow with the files: a foreign key's own index goes where a wider
index starting with the same column serves every look-up by it, and where nothing ever looks rows up by
it (who registered, signed, wrote or recorded a row: deleting a user, which barely happens, then scans
the table once). About 90 bytes a file in all (cases, inspections, billing, inquiries)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0017_drop_responded_stats_index'),
        ('offices', '0007_merge_20261201_0812'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='case',
            name='created_by',
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='case',
            name='district',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='offices.district', verbose_name='district'),
        ),
        migrations.AlterField(
            model_name='case',
            name='holder',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='held_cases', to=settings.AUTH_USER_MODEL, verbose_name='holder'),
        ),
        migrations.AlterField(
            model_name='case',
            name='office',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='offices.office', verbose_name='office'),
        ),
        migrations.AlterField(
            model_name='case',
            name='service',
            field=models.ForeignKey(db_column='service_code', db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='offices.service', to_field='code', verbose_name='service'),
        ),
        migrations.AlterField(
            model_name='property',
            name='municipality',
            field=models.ForeignKey(db_index=False, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='properties', to='offices.municipality', verbose_name='municipality'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['service'], name='case_service'),
        ),
    ]
